package main

import (
	"context"
	"io"
	"os"

	"github.com/credkit/credkit/sim"
)

// iostreams are a command's standard streams.
type iostreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTTY: ErrOut is a terminal, where progress bars are drawn.
	ErrTTY bool
}

// factory is what every command is built from, as cli/cli's
// cmdutil.Factory: the streams, the clock, the environment, and how to
// open a session with the chosen vendor. main builds one; tests build
// their own.
type factory struct {
	IO *iostreams
	// Clock is the time of the command: credential ages, state file
	// stamps, the demo simulators.
	Clock sim.Clock
	// Getenv reads the environment (os.Getenv).
	Getenv func(string) string
	// Open opens a session with the vendor that v names: a provider built
	// from flags and environment, or the demo simulator.
	Open func(ctx context.Context, v *vendorOptions) (*session, error)
	// Exit ends the process with a status: the backstop of --timeout
	// (withTimeout) for work that does not stop at its deadline. main sets
	// it (os.Exit); nil, as in tests that run commands in-process, means
	// no backstop.
	Exit func(code int)
}

// newFactory is the factory of a run with these streams.
func newFactory(stdout, stderr io.Writer) *factory {
	f := &factory{
		IO:     &iostreams{In: os.Stdin, Out: stdout, ErrOut: stderr, ErrTTY: isTerminal(stderr)},
		Clock:  clock,
		Getenv: os.Getenv,
	}
	f.Open = func(ctx context.Context, v *vendorOptions) (*session, error) {
		return openSession(ctx, f, v)
	}
	return f
}
