package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// A command's RunE returns an error; run maps it to the exit status and
// reports it, once:
//
//   - *usageError: bad usage, exit 2: "credkit <command>: <message>", then
//     a line saying where the usage is;
//   - *timedOut: the command gave up at its --timeout, exit 1: "credkit:
//     <what>: gave up after 30s (--timeout); <what to run next>";
//   - *failure: the work failed, exit 1: "credkit: <what>: <description>";
//   - errReported: the command reported what failed itself (rows of a bulk
//     rotation, a broken audit policy), exit 1, nothing more printed;
//   - any other error: exit 1, "credkit <command>: <error>".

// usageError is bad usage of cmd: exit status 2.
type usageError struct {
	cmd *cobra.Command
	msg string
	// full prints the command's whole usage after the message (a group
	// given no command), not just the line saying where it is.
	full bool
	// brief prints the message alone, on one line (conformance).
	brief bool
	// detail are lines printed after the message, indented: every
	// problem of a spec that cannot be used.
	detail []string
}

func (e *usageError) Error() string { return e.msg }

// usagef is a usage error of cmd.
func usagef(cmd *cobra.Command, format string, a ...any) error {
	return &usageError{cmd: cmd, msg: oneLine(fmt.Sprintf(format, a...))}
}

// failure is work that failed: exit status 1.
type failure struct {
	what   string // "listing the secrets of x"
	vendor string // for advice; "" when none is in use
	err    error
}

func (e *failure) Error() string { return failureLine(e.vendor, e.what, e.err) }
func (e *failure) Unwrap() error { return e.err }

// errReported is a failure its command has reported: exit status 1.
var errReported = errors.New("failure reported")

// failureLine is the one-line report of a failure.
func failureLine(vendor, what string, err error) string {
	return "credkit: " + what + ": " + describe(vendor, err)
}

// exitStatus is the exit status of a command's error: 0 for nil, 2 for
// bad usage, else 1.
func exitStatus(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// report writes what err says on stderr, once, and returns the exit
// status.
func report(stderr io.Writer, err error) int {
	var (
		ue *usageError
		fe *failure
		te *timedOut
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		reportUsage(stderr, ue)
	case errors.As(err, &te):
		// After the rows of a bulk command, if it printed them: the
		// deadline ended them all.
		fmt.Fprintln(stderr, te.Error())
	case errors.Is(err, errReported):
	case errors.As(err, &fe):
		fmt.Fprintln(stderr, fe.Error())
	default:
		fmt.Fprintln(stderr, "credkit: "+oneLine(strings.TrimPrefix(err.Error(), "credkit: ")))
	}
	return exitStatus(err)
}

func reportUsage(stderr io.Writer, e *usageError) {
	name := "credkit"
	if e.cmd != nil {
		name = e.cmd.CommandPath()
	}
	fmt.Fprintf(stderr, "%s: %s\n", name, e.msg)
	for _, d := range e.detail {
		fmt.Fprintf(stderr, "  %s\n", d)
	}
	switch {
	case e.cmd == nil, e.brief:
	case e.full:
		e.cmd.SetOut(stderr)
		_ = e.cmd.Usage()
	case e.cmd.HasSubCommands():
		fmt.Fprintf(stderr, "(see %s --help)\n", name)
	default:
		fmt.Fprintf(stderr, "usage: %s (see %s -h)\n", e.cmd.UseLine(), name)
	}
}

// oneLine joins the lines of a message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
