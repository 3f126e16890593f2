// Command credkit manages OAuth client credentials across identity vendors
// and checks recorded vendor traffic against credkit's specs.
//
// Usage:
//
//	credkit <command> [flags] [args]
//
// Run "credkit help" for the list of commands, and "credkit <command> -h"
// for the flags of one.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
)

// commandFunc runs one subcommand and returns the process exit status: 0 on
// success, 1 when the work found a failure, 2 on bad usage.
type commandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// commands maps a subcommand's name to its implementation.
var commands = map[string]commandFunc{
	"conformance": runConformance,
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "credkit: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: credkit <command> [flags] [args]")
	fmt.Fprintln(w, "commands:")
	for _, name := range names {
		fmt.Fprintf(w, "  %s\n", name)
	}
	fmt.Fprintln(w, `run "credkit <command> -h" for the flags of a command`)
}
