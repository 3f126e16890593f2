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
	"os/signal"
	"sort"
	"syscall"
)

// commandFunc runs one subcommand and returns the process exit status: 0 on
// success, 1 when the work found a failure, 2 on bad usage.
type commandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// commands maps a subcommand's name to its implementation.
var commands = map[string]commandFunc{
	"conformance": runConformance,
	"sim":         runSim,
	"secrets":     runSecrets,
	"keys":        runKeys,
	"tokens":      runTokens,
	"audit":       runAudit,
	"vendors":     runVendors,
}

// summaries describe the commands in the help.
var summaries = map[string]string{
	"conformance": "check recorded cassettes against the vendor specs; print the coverage matrix",
	"sim":         "serve the three vendor simulators on loopback, with demo clients, until Ctrl-C",
	"secrets":     "list, create, rotate (begin and finish) and revoke client secrets",
	"keys":        "list and manage JSON Web Keys, X.509 key credentials and CSRs (Okta)",
	"tokens":      "list and revoke the refresh tokens issued to a client (Okta)",
	"audit":       "report secret ages, expiring keys and unfinished rotations; exit 1 on a breach",
	"vendors":     "show what each vendor supports",
}

func main() {
	// Ctrl-C cancels the work in flight, and stops `credkit sim`.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
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
		if s := summaries[name]; s != "" {
			fmt.Fprintf(w, "      %s\n", s)
		}
	}
	fmt.Fprintln(w, `run "credkit <command> -h" for the flags of a command`)
	fmt.Fprintln(w, "credential commands take --vendor okta|sailpoint|vmwarecsp and read the vendor's settings from the")
	fmt.Fprintln(w, "environment (OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN; SAIL_BASE_URL, SAIL_CLIENT_ID, SAIL_CLIENT_SECRET;")
	fmt.Fprintln(w, "CSP_URL, CSP_API_TOKEN, CSP_ORG_ID) or flags; with none set they run against an in-process simulator")
}
