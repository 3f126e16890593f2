package main

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

type simOptions struct {
	base
	Addr    string
	Hostile string
}

func newSimCmd(f *factory) *cobra.Command {
	opts := &simOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "sim",
		Short: "serve the vendor simulators on loopback, with demo clients, until Ctrl-C",
		Long: "Serve the Okta, SailPoint, VMware CSP and Auth0 simulators on loopback, seeded with demo clients, until Ctrl-C.\n" +
			"Prints the environment that points credkit at them; with port 0 each gets a free port, else one each from the one given on.",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return simRun(opts)
		},
	})
	opts.cmd = cmd
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback `address` to listen on")
	cmd.Flags().StringVar(&opts.Hostile, "hostile", "", "misbehave on purpose, once seeded, in one `mode`: "+hostileNames())
	_ = cmd.RegisterFlagCompletionFunc("hostile", fixedCompletion(strings.Split(hostileNames(), ", ")...))
	return cmd
}

// simRun serves the simulators on loopback until the command's context
// ends (Ctrl-C). Everything it prints on stdout is a shell comment or an
// export line, so the output can be saved and sourced.
func simRun(o *simOptions) error {
	ctx := o.ctx()
	stdout, stderr := o.f.IO.Out, o.f.IO.ErrOut
	addrs, err := simAddrs(o.Addr)
	if err != nil {
		return o.usage("%v", err)
	}
	var mode sim.Hostility
	if o.Hostile != "" {
		if mode, err = sim.ParseHostility(o.Hostile); err != nil {
			return o.usage("--hostile: %v", err)
		}
	}
	var servers []*demoServer
	defer func() {
		for _, s := range servers {
			s.shutdown()
		}
	}()
	for i, spec := range demoVendors() {
		ln, err := net.Listen("tcp", addrs[i])
		if err != nil {
			return o.fail("listening for the "+string(spec.Name)+" simulator", err)
		}
		s, err := serveDemoAt(ctx, o.f.Clock, spec, ln, mode)
		if err != nil {
			return o.fail("starting the "+string(spec.Name)+" simulator", err)
		}
		servers = append(servers, s)
	}
	printSim(stdout, servers)
	if mode != 0 {
		fmt.Fprintf(stdout, "# hostile mode %s: the simulators misbehave on purpose (credkit must end every call with a clear error)\n", mode)
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "credkit sim: stopped")
	return nil
}

func hostileNames() string {
	names := make([]string, len(sim.Hostilities))
	for i, h := range sim.Hostilities {
		names[i] = h.String()
	}
	return strings.Join(names, ", ")
}

// simAddrs returns one listen address per vendor, refusing any host that is
// not loopback: the simulators accept well-known credentials.
func simAddrs(addr string) ([]string, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: %w", addr, err)
	}
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("--addr %q: the simulators listen on loopback only (127.0.0.1, ::1 or localhost)", addr)
		}
	}
	port, err := strconv.Atoi(portText)
	n := len(demoVendors())
	if err != nil || port < 0 || port > 65535-(n-1) {
		return nil, fmt.Errorf("--addr %q: bad port", addr)
	}
	out := make([]string, n)
	for i := range out {
		p := port
		if p != 0 {
			p += i
		}
		out[i] = net.JoinHostPort(host, strconv.Itoa(p))
	}
	return out, nil
}

func printSim(w io.Writer, servers []*demoServer) {
	fmt.Fprintln(w, "# credkit sim: the simulators run on loopback until Ctrl-C; their state is in memory only.")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range servers {
		fmt.Fprintf(tw, "# %s\t%s\n", s.vendor, s.url)
		for _, dc := range s.clients {
			if dc.Note == "" {
				fmt.Fprintf(tw, "#   %s\t%s\n", dc.Name, dc.ID)
				continue
			}
			fmt.Fprintf(tw, "#   %s\t%s\t%s\n", dc.Name, dc.ID, dc.Note)
		}
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "#")
	fmt.Fprintln(w, "# Point credkit at them: paste these lines into another shell.")
	for _, s := range servers {
		var parts []string
		for _, e := range s.env {
			parts = append(parts, e.name+"="+e.value)
		}
		fmt.Fprintln(w, "export "+strings.Join(parts, " "))
	}
	fmt.Fprintln(w, "#")
	fmt.Fprintln(w, "# Then, for example:")
	for _, s := range servers {
		if len(s.clients) < 2 {
			continue
		}
		for _, example := range demoExamples(s) {
			fmt.Fprintf(w, "#   %s\n", example)
		}
	}
}

// demoVendors are the registered vendors that have a demo simulator, in
// the order `credkit sim` serves them.
func demoVendors() []*unified.VendorSpec {
	var out []*unified.VendorSpec
	for _, v := range unified.Vendors() {
		if v.Demo != nil {
			out = append(out, v)
		}
	}
	return out
}
