package main

// --timeout: one deadline for the whole of a command that reaches a
// vendor. Every request, retry and wait of the command, and the wait for
// the --state lock, run under it; when it passes, the command returns, its
// deferred closes release the provider and the --state lock, and the
// report names the flag and what to run next. Per-request limits (no
// answer, a body that stalls) are the library's unified.Timeouts, under
// this one.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/journal"
)

// envTimeout stands in for --timeout.
const envTimeout = "CREDKIT_TIMEOUT"

// defaultTimeout is the --timeout of a command given none: long enough for
// a bulk rotation of hundreds of clients under a vendor's rate limits
// (one request may wait up to 2m between its attempts), short enough that
// a cron job against a server that never answers ends the same hour.
const defaultTimeout = 10 * time.Minute

// timeoutGrace is how long after the deadline the process waits for the
// command to return before it exits by itself (factory.Exit): the
// backstop that keeps the --state lock from being held past --timeout
// even by work that ignores its context. The kernel releases the lock
// with the process; every journal write is atomic.
var timeoutGrace = 5 * time.Second

// errDeadline is the cause of a command context's end at --timeout.
var errDeadline = errors.New("the --timeout passed")

// timedOut is a command that gave up at its --timeout: exit status 1,
// reported as one line naming the limit and what to run next.
type timedOut struct {
	limit time.Duration
	// source names where the limit came from: "--timeout",
	// "CREDKIT_TIMEOUT" or "the default --timeout".
	source string
	// what the command was doing, as its failure says; "" when the
	// command reported its own rows (a bulk rotation).
	what string
	// wait > 0: the vendor asked to wait this long before the next
	// request, longer than the deadline leaves, so the command gave up at
	// once.
	wait time.Duration
	// next is what to run next, where the command keeps a journal.
	next string
	err  error
}

func (e *timedOut) Error() string {
	line := "credkit: "
	if e.what != "" {
		line += e.what + ": "
	}
	if e.wait > 0 {
		line += fmt.Sprintf("the vendor asks to wait %s before the next request, longer than %s (%s) leaves: gave up at once",
			durationArg(e.wait), durationArg(e.limit), e.source)
	} else {
		line += fmt.Sprintf("gave up after %s (%s)", durationArg(e.limit), e.source)
	}
	if e.next != "" {
		return line + "; " + e.next
	}
	return line + "; retry later, or raise --timeout (0: no limit)"
}

func (e *timedOut) Unwrap() error { return e.err }

// withTimeout adds --timeout to cmd, whose RunE must be set, and runs
// the command under its deadline.
func (b *base) withTimeout(cmd *cobra.Command) {
	cmd.Flags().Var(&b.Timeout, "timeout", "give up the whole command after this `duration`: every request, retry and wait, and the --state lock (0: no limit; default $"+envTimeout+", else 10m)")
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		limit, source, err := b.timeout()
		if err != nil {
			return err
		}
		if limit == 0 {
			return run(c, args)
		}
		ctx, cancel := context.WithTimeoutCause(b.ctx(), limit, errDeadline)
		defer cancel()
		c.SetContext(ctx)
		if b.f.Exit != nil {
			backstop := time.AfterFunc(limit+timeoutGrace, func() {
				fmt.Fprintf(b.f.IO.ErrOut, "credkit: gave up after %s (%s), and the work did not stop within %s of it: exiting; a --state lock goes with the process, and the file keeps every record written\n",
					durationArg(limit), source, durationArg(timeoutGrace))
				b.f.Exit(1)
			})
			defer backstop.Stop()
		}
		return b.gaveUp(ctx, limit, source, run(c, args))
	}
}

// timeout is the command's limit and where it came from: --timeout, else
// CREDKIT_TIMEOUT, else the default. 0 is no limit.
func (b *base) timeout() (time.Duration, string, error) {
	if b.cmd.Flags().Changed("timeout") {
		return time.Duration(b.Timeout), "--timeout", nil
	}
	if v := b.f.Getenv(envTimeout); v != "" {
		d, err := parseDuration(v)
		if err != nil {
			return 0, "", b.usage("$%s: %v", envTimeout, err)
		}
		return d, envTimeout, nil
	}
	return defaultTimeout, "the default --timeout", nil
}

// gaveUp is err as the command's report: a *timedOut when the command
// ended because ctx passed its deadline, or because the vendor asked for a
// wait longer than the deadline leaves; err itself otherwise. A success,
// or bad usage, stays what it is.
func (b *base) gaveUp(ctx context.Context, limit time.Duration, source string, err error) error {
	var ue *usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	t := &timedOut{limit: limit, source: source, err: err, next: b.nextAfterTimeout()}
	var (
		fe *failure
		le *journal.LockedError
	)
	switch {
	case errors.As(err, &le):
		// Nothing began: the holder's work is its own.
		t.what, t.next = "waiting for the lock "+le.Lock+", held by "+le.Holder, ""
	case errors.As(err, &fe):
		t.what = fe.what
	}
	if errors.Is(context.Cause(ctx), errDeadline) {
		return t
	}
	var e *unified.Error
	deadline, _ := ctx.Deadline()
	if errors.As(err, &e) && e.Code == unified.RateLimited && e.RetryAfter > time.Until(deadline) {
		t.wait = e.RetryAfter
		return t
	}
	return err
}

// nextAfterTimeout says what to run after a command that keeps a journal
// (--state) gave up: the journal holds each step recorded, and the same
// command completes them.
func (b *base) nextAfterTimeout() string {
	state := b.cmd.Flags().Lookup("state")
	if state == nil || state.Value.String() == "" {
		return ""
	}
	path := state.Value.String()
	switch b.cmd.CommandPath() {
	case "credkit secrets rotate":
		return path + " keeps the record of every rotation begun: run the same command again to complete them (it resumes, it does not make another secret)"
	case "credkit secrets finish":
		return path + " keeps every rotation not yet finished: run the same command again to finish them"
	}
	return ""
}
