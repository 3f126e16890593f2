package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// base is what every command's options share: the factory, the cobra
// command (for usage errors), --output, and for credential commands the
// vendor flags and, once connected, the vendor in use.
type base struct {
	f   *factory
	cmd *cobra.Command
	// Output is --output: table or json.
	Output string
	// Vendor are the vendor flags; nil for commands that reach no vendor.
	Vendor *vendorOptions
	// vendor is the vendor in use once connected, for the advice of
	// errors.
	vendor string
	// simulated: the command runs against the demo simulator (--demo), and
	// its JSON output says so.
	simulated bool
	// Timeout is --timeout, for commands that reach a vendor (see
	// withTimeout).
	Timeout durationFlag
}

// newBase is the base of a command built from f.
func newBase(f *factory) base { return base{f: f} }

func (b *base) ctx() context.Context {
	if b.cmd != nil && b.cmd.Context() != nil {
		return b.cmd.Context()
	}
	return context.Background()
}

// usage is a usage error of the command: exit 2.
func (b *base) usage(format string, a ...any) error {
	return usagef(b.cmd, format, a...)
}

// fail is a failure of the command: exit 1, reported as "credkit: <what>:
// <error>; <fix>".
func (b *base) fail(what string, err error) error {
	return &failure{what: what, vendor: b.vendor, err: err}
}

// note writes one line to stderr.
func (b *base) note(format string, a ...any) {
	fmt.Fprintf(b.f.IO.ErrOut, "credkit: "+format+"\n", a...)
}

// credentialCommand adds the vendor flags, --output and --timeout to cmd,
// whose options b are and whose RunE is set, checks --output before the
// command runs, and runs it under its --timeout.
func (b *base) credentialCommand(cmd *cobra.Command) *cobra.Command {
	b.Vendor = &vendorOptions{}
	addVendorFlags(cmd, b.Vendor)
	b.withOutput(cmd)
	b.withTimeout(cmd)
	return cmd
}

// withOutput adds --output (-o) to cmd, checked before the command runs.
func (b *base) withOutput(cmd *cobra.Command) *cobra.Command {
	b.cmd = cmd
	cmd.Flags().StringVarP(&b.Output, "output", "o", "table", "output `format`: table or json")
	_ = cmd.RegisterFlagCompletionFunc("output", fixedCompletion("table", "json"))
	cmd.PreRunE = func(*cobra.Command, []string) error {
		switch b.Output {
		case "table", "json":
			return nil
		}
		return b.usage("unknown --output %q: want table or json", b.Output)
	}
	return cmd
}

// connect opens the session of the chosen vendor, or with --demo its
// simulator in-process.
func (b *base) connect() (*session, error) {
	vendor, err := parseVendor(b.Vendor.Vendor)
	if err != nil {
		return nil, b.usage("%v", err)
	}
	b.vendor = string(vendor)
	b.Vendor.Vendor = string(vendor)
	s, err := b.f.Open(b.ctx(), b.Vendor)
	var ce *configError
	switch {
	case errors.As(err, &ce):
		return nil, b.usage("configuring %s: %s", b.vendor, describe(b.vendor, ce.err))
	case err != nil:
		return nil, b.fail("starting the "+b.vendor+" simulator", err)
	}
	b.simulated = s.demo != nil
	return s, nil
}

// connectClient connects and resolves the client named first in args (a
// demo client's name becomes its ID).
func (b *base) connectClient(args []string) (*session, string, error) {
	s, err := b.connect()
	if err != nil {
		return nil, "", err
	}
	return s, s.resolve(args[:1])[0], nil
}

// exactArgs accepts n positional arguments; else the usage error what.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef(cmd, "%s", what)
		}
		return nil
	}
}

// noArgs accepts no positional argument.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(cmd, "unexpected argument %q", args[0])
	}
	return nil
}
