package main

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/credkit/credkit/conformance"
)

// A leaf command parses its own flags (cobra's flag parsing is off for
// it, so that its help, its errors and its -long spelling stay its own),
// and declares them in its run function. leafFlags lets cobra know them
// too, for completion: it runs the command in a probe, where the command
// declares its flags as it always does and, at the point where it would
// parse them, hands them over and stops before any work.

// completeValues lets the shell complete the values of the flags that
// take one of a few: --vendor, and --output (whose formats differ for
// conformance), as "--vendor <TAB>", "-o <TAB>" or "--vendor=<TAB>".
// Cobra completes flag values only for commands whose flags it parses, and
// a leaf parses its own, so the leaf's argument completion does it.
func completeValues(cmd *cobra.Command, fs *pflag.FlagSet) {
	known := flagValues(cmd.Name())
	valuesOf := func(arg string) ([]string, bool) {
		var f *pflag.Flag
		switch {
		case strings.HasPrefix(arg, "--"):
			f = fs.Lookup(arg[2:])
		case len(arg) == 2 && arg[0] == '-':
			f = fs.ShorthandLookup(arg[1:])
		}
		if f == nil {
			return nil, false
		}
		values, ok := known[f.Name]
		return values, ok
	}
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if name, _, ok := strings.Cut(toComplete, "="); ok {
			values, known := valuesOf(name)
			if !known {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			out := make([]cobra.Completion, len(values))
			for i, v := range values {
				out[i] = name + "=" + v
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		if len(args) > 0 {
			if values, ok := valuesOf(args[len(args)-1]); ok {
				return values, cobra.ShellCompDirectiveNoFileComp
			}
		}
		return nil, cobra.ShellCompDirectiveDefault
	}
}

// flagValues are the values of the flags of command that take one of a
// few.
func flagValues(command string) map[string][]string {
	names := make([]string, len(vendors))
	for i, v := range vendors {
		names[i] = string(v)
	}
	output := []string{"table", "json"}
	if command == "conformance" {
		output = make([]string, len(conformance.Formats))
		for i, f := range conformance.Formats {
			output[i] = string(f)
		}
	}
	return map[string][]string{"vendor": names, "output": output}
}

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
