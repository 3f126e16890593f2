package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	simokta "github.com/credkit/credkit/sim/okta"
	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// clock is the time of the command: the age of credentials in audits, and
// the clock of the simulators it starts. Tests stop it.
var clock sim.Clock = sim.SystemClock{}

// demoSeed seeds the demo simulators, so that their IDs are the same on
// every run.
const demoSeed = 6

// The ages of the demo credentials that break the default audit policy.
const (
	demoOldSecret   = 400 * 24 * time.Hour
	demoKeyLifetime = 10 * 24 * time.Hour // left before the demo key expires
)

// demoClock is clock shifted by an offset, so that demo clients can be
// made in the past.
type demoClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return clock.Now().Add(c.offset)
}

// at runs f with the clock standing d from now.
func (c *demoClock) at(d time.Duration, f func()) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.offset = 0
		c.mu.Unlock()
	}()
	f()
}

// demoClient is a client a demo simulator starts with.
type demoClient struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	Note string `json:"note,omitempty"`
}

// demoServer is one vendor's simulator, served on a loopback listener and
// seeded with demo clients.
type demoServer struct {
	vendor  unified.Vendor
	url     string
	clients []demoClient
	// env is the configuration that points credkit at the simulator, as
	// environment variables in the order to print them.
	env    []envVar
	server *http.Server
	// hostile wraps the simulator to misbehave (credkit sim --hostile).
	hostile func(sim.Hostility) http.Handler
}

type envVar struct{ name, value string }

func (d *demoServer) config() vendorConfig {
	cfg := vendorConfig{vendor: d.vendor, values: map[string]string{}}
	for _, e := range d.env {
		cfg.values[e.name] = e.value
		cfg.envNames = append(cfg.envNames, e.name)
	}
	return cfg
}

// close stops the simulator at once, when its user is done with it.
func (d *demoServer) close() { _ = d.server.Close() }

// shutdown stops the simulator gracefully: requests in flight, from other
// processes, get their answers first, for up to two seconds.
func (d *demoServer) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if d.server.Shutdown(ctx) != nil {
		d.close()
	}
}

func (d *demoServer) clientIDs() []string {
	ids := make([]string, len(d.clients))
	for i, c := range d.clients {
		ids[i] = c.ID
	}
	return ids
}

// serveDemo starts vendor's simulator on ln and seeds it with demo
// clients: a fresh one, one whose secret is older than the default audit
// policy allows and, at Okta, one whose signing key expires soon.
//
// With a hostility, the simulator misbehaves that way once seeded.
func serveDemo(ctx context.Context, vendor unified.Vendor, ln net.Listener, hostile ...sim.Hostility) (*demoServer, error) {
	// Seeding takes a moment and must not stop half-way.
	ctx = context.WithoutCancel(ctx)
	clk := &demoClock{}
	d := &demoServer{vendor: vendor, url: "http://" + ln.Addr().String()}
	var handler http.Handler
	var seed func() error
	switch vendor {
	case unified.Okta:
		s := simokta.New(&simokta.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simokta.NewHostile(s, m) }
		d.env = []envVar{{envOktaOrgURL, d.url}, {envOktaToken, simokta.DefaultAPIToken}}
		seed = func() error { return seedOkta(ctx, s, d, clk) }
	case unified.SailPoint:
		s := simsailpoint.New(&simsailpoint.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simsailpoint.NewHostile(s, m) }
		id, secret := s.AdminCredentials()
		d.env = []envVar{{envSailBaseURL, d.url}, {envSailClientID, id}, {envSailSecret, secret}}
		seed = func() error {
			billing, _ := s.CreateClient("billing-api", nil)
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch", nil) })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing},
				{Name: "legacy-batch", ID: legacy, Note: "secret " + formatAge(demoOldSecret) + " old"},
			}
			return nil
		}
	case unified.VMwareCSP:
		s := simcsp.New(&simcsp.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simcsp.NewHostile(s, m) }
		d.env = []envVar{{envCSPURL, d.url}, {envCSPToken, simcsp.DefaultAPIToken}, {envCSPOrgID, s.OrgID()}}
		seed = func() error {
			billing, _ := s.CreateApp("billing-api")
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateApp("legacy-batch") })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing},
				{Name: "legacy-batch", ID: legacy, Note: "created " + formatAge(demoOldSecret) + " ago"},
			}
			return nil
		}
	case unified.Auth0:
		// The tenant's domain is the listener's, so that the audience
		// credkit asks for by default (https://{domain}/api/v2/) is the
		// simulator's.
		s := simauth0.New(&simauth0.Options{Clock: clk, Seed: demoSeed, Domain: ln.Addr().String()})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simauth0.NewHostile(s, m) }
		id, secret := s.AdminCredentials()
		d.env = []envVar{{envAuth0Domain, d.url}, {envAuth0ClientID, id}, {envAuth0ClientSecret, secret}}
		seed = func() error {
			key, err := simauth0.NewKey()
			if err != nil {
				return err
			}
			billing, _ := s.CreateKeyClient("billing-api", &key.PublicKey)
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch") })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing, Note: "private_key_jwt: its keys rotate with overlap"},
				{Name: "legacy-batch", ID: legacy, Note: "client secret: replaced only at once"},
			}
			return nil
		}
	default:
		_ = ln.Close()
		return nil, fmt.Errorf("unknown vendor %q", vendor)
	}
	serve := handler
	var front atomic.Pointer[http.Handler] // seeding goes through the plain simulator
	if len(hostile) > 0 && hostile[0] != 0 {
		front.Store(&handler)
		serve = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*front.Load()).ServeHTTP(w, r) })
	}
	d.server = &http.Server{Handler: serve, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = d.server.Serve(ln) }()
	if err := seed(); err != nil {
		d.close()
		return nil, err
	}
	if len(hostile) > 0 && hostile[0] != 0 {
		h := d.hostile(hostile[0])
		front.Store(&h)
	}
	return d, nil
}

// seedOkta makes the Okta demo apps. The signing key is generated through
// the API, since the simulator has no shortcut for it.
func seedOkta(ctx context.Context, s *simokta.Server, d *demoServer, clk *demoClock) error {
	billing := s.CreateApp("billing-api", "")
	s.IssueRefreshToken(billing, "00udemo0000000001", []string{"offline_access", "billing.read"})
	s.IssueRefreshToken(billing, "00udemo0000000002", []string{"offline_access"})
	var legacy string
	clk.at(-demoOldSecret, func() { legacy = s.CreateApp("legacy-batch", "") })
	partner := s.CreateApp("partner-portal", "")
	p, err := okta.New(okta.Config{OrgURL: d.url, APIToken: simokta.DefaultAPIToken}, nil)
	if err != nil {
		return err
	}
	keys := p
	now := clock.Now()
	// A minute of margin, so that the key shows as expiring in 10d, not 9d.
	created := now.Add(demoKeyLifetime+time.Minute).AddDate(-2, 0, 0)
	clk.at(created.Sub(now), func() { _, err = keys.GenerateKeyCredential(ctx, partner, 2) })
	if err != nil {
		return fmt.Errorf("seeding the Okta demo key: %w", err)
	}
	d.clients = []demoClient{
		{Name: "billing-api", ID: billing, Note: "2 refresh tokens"},
		{Name: "legacy-batch", ID: legacy, Note: "secret " + formatAge(demoOldSecret) + " old"},
		{Name: "partner-portal", ID: partner, Note: "signing key expires in " + formatAge(demoKeyLifetime)},
	}
	return nil
}

// runSim serves the simulators on loopback until ctx ends (Ctrl-C).
// Everything it prints on stdout is a shell comment or an export line, so
// the output can be saved and sourced.
func runSim(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "sim", "Serve the Okta, SailPoint, VMware CSP and Auth0 simulators on loopback, seeded with demo clients, until Ctrl-C.\n"+
		"Prints the environment that points credkit at them; with port 0 each gets a free port, else one each from the one given on.",
		stdout, stderr)
	addr := c.fs.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	hostile := c.fs.String("hostile", "", "misbehave on purpose, once seeded, in one `mode`: "+hostileNames())
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageError("unexpected argument %q", rest[0])
	}
	addrs, err := simAddrs(*addr)
	if err != nil {
		return c.usageError("%v", err)
	}
	var mode sim.Hostility
	if *hostile != "" {
		if mode, err = sim.ParseHostility(*hostile); err != nil {
			return c.usageError("--hostile: %v", err)
		}
	}
	var servers []*demoServer
	defer func() {
		for _, s := range servers {
			s.shutdown()
		}
	}()
	for i, vendor := range vendors {
		ln, err := net.Listen("tcp", addrs[i])
		if err != nil {
			return c.fail("listening for the "+string(vendor)+" simulator", err)
		}
		s, err := serveDemo(ctx, vendor, ln, mode)
		if err != nil {
			return c.fail("starting the "+string(vendor)+" simulator", err)
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
		return nil, fmt.Errorf("--addr %q: %v", addr, err)
	}
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("--addr %q: the simulators listen on loopback only (127.0.0.1, ::1 or localhost)", addr)
		}
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535-(len(vendors)-1) {
		return nil, fmt.Errorf("--addr %q: bad port", addr)
	}
	out := make([]string, len(vendors))
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
		legacy := s.clients[1].ID
		rotate := "credkit secrets rotate --vendor " + string(s.vendor) + " " + legacy
		switch s.vendor {
		case unified.SailPoint:
			rotate += " --allow-new-client-id --show-secret"
		case unified.VMwareCSP:
			rotate += " --show-secret"
		case unified.Auth0:
			rotate += " --allow-immediate-rotation --show-secret"
		}
		fmt.Fprintf(w, "#   %s\n", rotate)
		if s.vendor == unified.Okta {
			// Okta cannot list apps: name them.
			fmt.Fprintf(w, "#   credkit audit --vendor %s %s\n", s.vendor, strings.Join(s.clientIDs(), " "))
		} else {
			fmt.Fprintf(w, "#   credkit audit --vendor %s\n", s.vendor)
		}
	}
}
