package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// command is one run of a credential subcommand: its flags, its outputs,
// and the one-line errors and usage errors it reports.
type command struct {
	name    string // "secrets rotate"
	args    string // what follows the name in the usage line
	summary string // one sentence for -h
	ctx     context.Context
	stdout  io.Writer
	stderr  io.Writer
	fs      *pflag.FlagSet
	vf      *vendorFlags // nil for commands that reach no vendor
	output  string
	// vendor is the vendor in use once connected, for the hints of errors.
	vendor string
	// simulated: the command runs against the demo simulator (--demo),
	// and its JSON output says so.
	simulated bool
}

// newCommand is the run of the command name (as "secrets list"); its
// usage line comes from commandTable, summary is its help's text.
func newCommand(ctx context.Context, name, summary string, stdout, stderr io.Writer) *command {
	args := usageArgs(name)
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	return &command{name: name, args: args, summary: summary, ctx: ctx, stdout: stdout, stderr: stderr, fs: fs}
}

// withVendor adds the flags that pick and configure a vendor, and --output.
func (c *command) withVendor() *command {
	c.vf = &vendorFlags{}
	c.vf.register(c.fs)
	return c.withOutput()
}

// withOutput adds --output (and its short form -o).
func (c *command) withOutput() *command {
	c.fs.StringVarP(&c.output, "output", "o", "table", "output `format`: table or json")
	return c
}

func (c *command) usageLine() string { return "usage: credkit " + c.name + " " + c.args }

// parse parses flags and positional arguments in any order. An error
// means the command must stop with that exitCode: 0 after -h (the help is
// printed), 2 on bad usage (reported).
func (c *command) parse(args []string) (positional []string, err error) {
	positional, err = parseInterspersed(c.fs, args)
	if errors.Is(err, pflag.ErrHelp) {
		c.help(c.stdout)
		return nil, exitCode(0)
	}
	if err != nil {
		return nil, c.usageError("%v", err)
	}
	if c.vf != nil || c.output != "" {
		switch c.output {
		case "table", "json":
		default:
			return nil, c.usageError("unknown --output %q: want table or json", c.output)
		}
	}
	return positional, nil
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments; everything after "--" is positional. A long
// flag written with one dash (-vendor, as credkit once printed them) is
// read as the long flag.
func parseInterspersed(fs *pflag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(longFlags(fs, args)); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		return nil, nil
	}
	return fs.Args(), nil
}

// longFlags rewrites "-name" and "-name=value" to "--name..." where name
// is a long flag of fs, up to "--".
func longFlags(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, len(args))
	copy(out, args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && (fs.Lookup(name) != nil || name == "help") {
				out[i] = "-" + a
			}
		}
	}
	return out
}

func (c *command) help(w io.Writer) {
	fmt.Fprintln(w, c.usageLine())
	if c.summary != "" {
		fmt.Fprintln(w, c.summary)
	}
	fmt.Fprintln(w, "flags:")
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
}

// usageError reports bad usage in one line, then the usage line, and
// returns exit status 2.
func (c *command) usageError(format string, a ...any) error {
	fmt.Fprintf(c.stderr, "credkit %s: %s\n", c.name, oneLine(fmt.Sprintf(format, a...)))
	fmt.Fprintf(c.stderr, "%s (see credkit %s -h)\n", c.usageLine(), c.name)
	return exitCode(2)
}

// fail reports a failure in one line, "credkit: <what>: <error>; <fix>",
// and returns exit status 1.
func (c *command) fail(what string, err error) error {
	fmt.Fprintln(c.stderr, failureLine(c.vendor, what, err))
	return exitCode(1)
}

// failureLine is the one-line report of a failure.
func failureLine(vendor, what string, err error) string {
	return "credkit: " + what + ": " + describe(vendor, err)
}

// note writes one line to stderr.
func (c *command) note(format string, a ...any) {
	fmt.Fprintf(c.stderr, "credkit: "+format+"\n", a...)
}

// oneLine joins the lines of a message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// subcommand is one entry of a command group such as "secrets".
type subcommand struct {
	name, args, summary string
	run                 commandFunc
}
