package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"
)

// A leaf command parses its own flags (cobra's flag parsing is off for
// it, so that its help, its errors and its -long spelling stay its own),
// and declares them in its run function. leafFlags lets cobra know them
// too, for completion: it runs the command in a probe, where the command
// declares its flags as it always does and, at the point where it would
// parse them, hands them over and stops before any work.

// flagsProbe is the context key of a probe run; its value is where the
// command puts its flags.
type flagsProbe struct{}

// leafFlags are the flags run declares; nil if it parses none.
func leafFlags(run commandFunc) *pflag.FlagSet {
	var fs *pflag.FlagSet
	ctx := context.WithValue(context.Background(), flagsProbe{}, &fs)
	_ = run(ctx, nil, io.Discard, io.Discard)
	return fs
}

// probed reports whether ctx is a probe run, handing it fs if so: the
// command must then return at once.
func probed(ctx context.Context, fs *pflag.FlagSet) bool {
	out, ok := ctx.Value(flagsProbe{}).(**pflag.FlagSet)
	if ok {
		*out = fs
	}
	return ok
}
