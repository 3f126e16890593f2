package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/journal"
)

// hostileToken is the API token the hostile tests configure: no output may
// show it.
const hostileToken = "hostile-token-5f1e9a7c"

// hostileServers hold a request as long as the client is willing to wait,
// or ask it to wait longer than it can.
var hostileServers = []struct {
	name    string
	handler http.HandlerFunc
	// rateLimited: the server answers at once, with a wait far past the
	// deadline.
	rateLimited bool
}{
	{name: "never answers", handler: func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}},
	{name: "headers then silence", handler: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		http.NewResponseController(w).Flush() //nolint:errcheck // the client may be gone
		<-r.Context().Done()
	}},
	{name: "one byte every 10ms", handler: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for body := "[" + strings.Repeat(" ", 1<<20); ; body = body[1:] {
			if _, err := io.WriteString(w, body[:1]); err != nil || rc.Flush() != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	}},
	{name: "rate limit reset a day away", rateLimited: true, handler: func(w http.ResponseWriter, _ *http.Request) {
		day := time.Now().Add(24 * time.Hour)
		w.Header().Set("Retry-After", "86400")
		w.Header().Set("X-Rate-Limit-Limit", "100")
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(day.Unix(), 10))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`)
	}},
}

// runTimed runs the credkit binary bin with args and the test's
// environment, and returns its exit status, output and how long it ran.
func runTimed(t *testing.T, bin string, args ...string) (code int, stdout, stderr string, took time.Duration) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		require.NoError(t, err)
	}
	return code, out.String(), errOut.String(), took
}

// requireLockFree opens the journal at path without waiting: no process
// holds it.
func requireLockFree(t *testing.T, path string) {
	t.Helper()
	j, err := journal.Open(context.Background(), path, nil)
	require.NoError(t, err, "the --state lock is free once credkit has exited")
	require.NoError(t, j.Close())
}

// TestTimeoutThroughTheBinary runs the built credkit, a real process, whose
// --timeout must end it (see each part below).
func TestTimeoutThroughTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	t.Run("hostile servers", func(t *testing.T) { timeoutAgainstHostileServers(t, bin) })
	t.Run("mid-rotation, then resumed", func(t *testing.T) { timeoutMidRotationThenResume(t, bin) })
	t.Run("waiting for the state lock", func(t *testing.T) { timeoutEndsTheWaitForTheStateLock(t, bin) })
}

// A real credkit process against a server that never answers, answers
// headers and then nothing, trickles one byte at a time, or asks for a
// wait of a day: --timeout ends the command, exit 1, with one line naming
// the flag (and, for a rotation with --state, what to run next), well
// within the bound, with the --state lock released.
func timeoutAgainstHostileServers(t *testing.T, bin string) {
	for _, hs := range hostileServers {
		t.Run(hs.name, func(t *testing.T) {
			testEnv(t)
			srv := httptest.NewServer(hs.handler)
			t.Cleanup(srv.Close)
			t.Setenv(envOktaOrgURL, srv.URL)
			t.Setenv(envOktaToken, hostileToken)
			state := filepath.Join(t.TempDir(), "rotations.json")

			tests := []struct {
				name string
				args []string
				// want are the lines stderr must hold.
				want []string
			}{
				{"secrets list", []string{"secrets", "list", "--vendor", "okta", "0oa-app"}, []string{
					"credkit: listing the secrets of 0oa-app: gave up after 300ms (--timeout); retry later, or raise --timeout (0: no limit)",
				}},
				{"secrets rotate --state", []string{"secrets", "rotate", "--vendor", "okta", "0oa-app", "--state", state}, []string{
					"credkit: gave up after 300ms (--timeout); " + state + " keeps the record of every rotation begun: run the same command again to complete them (it resumes, it does not make another secret)",
				}},
			}
			if hs.rateLimited {
				tests[0].want = []string{"credkit: listing the secrets of 0oa-app: the vendor asks to wait 5m before the next request, longer than 300ms (--timeout) leaves: gave up at once; retry later, or raise --timeout (0: no limit)"}
				// A bulk rotation reports the row; the deadline did not
				// pass.
				tests[1].want = []string{"credkit: rotating 0oa-app: okta ListSecrets: RateLimited"}
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					code, stdout, stderr, took := runTimed(t, bin, append(tt.args, "--timeout", "300ms")...)
					require.Equal(t, 1, code, stderr)
					for _, want := range tt.want {
						require.Contains(t, stderr, want)
					}
					require.Less(t, took, 10*time.Second, "the command ends by its deadline (a loose bound: the machine may be busy)")
					require.NotContains(t, stdout+stderr, hostileToken)
					if hs.rateLimited {
						require.NotContains(t, stderr, "gave up after", "it gave up at once, not at the deadline")
					}
					if slices.Contains(tt.args, "--state") {
						requireLockFree(t, state)
					}
					t.Logf("%s, %s: exit %d after %s: %s", hs.name, tt.name, code, took.Round(time.Millisecond), lastLine(stderr))
				})
			}
		})
	}
}

// A rotation whose request hangs after the vendor acted: --timeout ends
// the process, which releases the lock and says what to run; the journal
// keeps the intent, and running the same command again completes the
// rotation, which then finishes, with the secret the user was given.
func timeoutMidRotationThenResume(t *testing.T, bin string) {
	testEnv(t)
	clock = sim.SystemClock{} // the process reads the system clock: the simulator must too
	v := crashVendorOf(t, unified.Vendor("okta"))
	hang := &hangAt{match: v.begin[0], after: true, reached: make(chan struct{})}
	r := newCrashRun(t, v, destFile, sim.NewFaults(0, 1), hang.wrap)
	hang.armed.Store(true)

	code, _, stderr, took := runTimed(t, bin, append(r.rotate, "--timeout", "2s")...)
	require.Equal(t, 1, code, stderr)
	require.True(t, hang.fired.Load(), "the request that creates the secret hung")
	require.Contains(t, stderr, "credkit: gave up after 2s (--timeout); "+r.state+" keeps the record of every rotation begun: run the same command again")
	require.Less(t, took, 15*time.Second)
	requireLockFree(t, r.state)
	require.Len(t, savedRotations(t, r.state), 1, "the journal keeps the rotation's intent")
	t.Logf("mid-rotation: exit %d after %s: %s", code, took.Round(time.Millisecond), lastLine(stderr))

	r.recoverAndCheck(t, "begin")
}

// Waiting for a --state lock another process holds ends at --timeout too,
// naming the holder as the kernel does.
func timeoutEndsTheWaitForTheStateLock(t *testing.T, bin string) {
	testEnv(t)
	t.Setenv(envOktaOrgURL, "http://127.0.0.1:1") // never reached
	t.Setenv(envOktaToken, hostileToken)
	state := filepath.Join(t.TempDir(), "rotations.json")
	held, err := journal.Open(context.Background(), state, nil)
	require.NoError(t, err)

	code, _, stderr, took := runTimed(t, bin, "secrets", "rotate", "--vendor", "okta", "0oa-app", "--state", state, "--timeout", "300ms")
	require.Equal(t, 1, code, stderr)
	require.Regexp(t, `waiting up to [0-9.]+m?s \(--timeout\)`, stderr, "the wait said is the one --timeout leaves, not --state-wait's 30s")
	require.Contains(t, stderr, fmt.Sprintf("credkit: waiting for the lock %s.lock, held by pid %d (", state, os.Getpid()))
	require.Contains(t, stderr, "gave up after 300ms (--timeout); retry later, or raise --timeout (0: no limit)")
	require.NotContains(t, stderr, "keeps the record", "nothing began")
	require.Less(t, took, 10*time.Second, "not the 30s of --state-wait")
	require.NoError(t, held.Close())
	requireLockFree(t, state)
	t.Logf("lock wait: exit %d after %s: %s", code, took.Round(time.Millisecond), lastLine(stderr))
}

// The deadline comes from --timeout, else CREDKIT_TIMEOUT, else 10m; 0
// is none; a bad value is bad usage naming where it came from.
func TestTimeoutSources(t *testing.T) {
	tests := []struct {
		name string
		env  string
		args []string
		// want is the deadline's distance from now; 0: no deadline.
		want time.Duration
		// usage is the start of a usage error, when the value is bad.
		usage string
	}{
		{name: "default", want: defaultTimeout},
		{name: "environment", env: "45s", want: 45 * time.Second},
		{name: "environment in days", env: "1d", want: 24 * time.Hour},
		{name: "flag over environment", env: "45s", args: []string{"--timeout", "2s"}, want: 2 * time.Second},
		{name: "flag 0: no limit", env: "45s", args: []string{"--timeout", "0"}},
		{name: "environment 0: no limit", env: "0"},
		{name: "bad environment", env: "soon", usage: `credkit secrets list: $CREDKIT_TIMEOUT: "soon" is not a duration`},
		{name: "negative environment", env: "-1s", usage: `credkit secrets list: $CREDKIT_TIMEOUT: "-1s" is negative`},
		{name: "negative flag", args: []string{"--timeout", "-1s"}, usage: `credkit secrets list: invalid argument "-1s" for "--timeout" flag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testEnv(t)
			t.Setenv(envTimeout, tt.env)
			var errOut bytes.Buffer
			f := newFactory(io.Discard, &errOut)
			var deadline time.Time
			opened := false
			f.Open = func(ctx context.Context, _ *vendorOptions) (*session, error) {
				deadline, opened = ctx.Deadline()
				return nil, errors.New("stop here")
			}
			code := runWith(context.Background(), f, append([]string{"secrets", "list", "--vendor", "okta", "x"}, tt.args...))
			if tt.usage != "" {
				require.Equal(t, 2, code, errOut.String())
				require.True(t, strings.HasPrefix(errOut.String(), tt.usage), errOut.String())
				return
			}
			require.Equal(t, 1, code, errOut.String())
			if tt.want == 0 {
				require.False(t, opened, "no deadline")
				return
			}
			require.True(t, opened, "a deadline")
			require.WithinDuration(t, time.Now().Add(tt.want), deadline, time.Minute)
		})
	}
}

// Work that ignores its context cannot outlive --timeout: past a grace
// period the process exits by itself (factory.Exit), saying so.
func TestTimeoutBackstopExitsStuckWork(t *testing.T) {
	testEnv(t)
	old := timeoutGrace
	timeoutGrace = 20 * time.Millisecond
	t.Cleanup(func() { timeoutGrace = old })
	errOut := &syncBuffer{}
	f := newFactory(io.Discard, errOut)
	release := make(chan struct{})
	f.Open = func(context.Context, *vendorOptions) (*session, error) {
		<-release // ignores the context, as a broken command would
		return nil, errors.New("released")
	}
	exited := make(chan int, 1)
	f.Exit = func(code int) { exited <- code }
	done := make(chan int, 1)
	go func() {
		done <- runWith(context.Background(), f, []string{"secrets", "list", "--vendor", "okta", "x", "--timeout", "50ms"})
	}()
	select {
	case code := <-exited:
		require.Equal(t, 1, code)
	case <-time.After(30 * time.Second):
		t.Fatal("the backstop never fired")
	}
	require.Contains(t, errOut.String(), "credkit: gave up after 50ms (--timeout), and the work did not stop within 20ms of it: exiting")
	close(release)
	require.Equal(t, 1, <-done)
}

// Every command that reaches a vendor has --timeout; the others do not.
func TestTimeoutOnEveryVendorCommand(t *testing.T) {
	root := newRootCmd(newFactory(io.Discard, io.Discard))
	for _, path := range leafPaths() {
		cmd, _, err := root.Find(path)
		require.NoError(t, err)
		vendor := cmd.Flags().Lookup("vendor") != nil
		timeout := cmd.Flags().Lookup("timeout") != nil
		require.Equal(t, vendor, timeout, "%s: --timeout exactly where --vendor is", cmd.CommandPath())
	}
}

func crashVendorOf(t *testing.T, v unified.Vendor) crashVendor {
	t.Helper()
	for _, cv := range crashVendors {
		if cv.vendor == v && cv.label == "" {
			return cv
		}
	}
	t.Fatalf("no crash vendor %s", v)
	return crashVendor{}
}

func lastLine(s string) string {
	l := lines(s)
	return l[len(l)-1]
}

// gaveUp decides on the context's cause and the error's code and delay,
// never on a message; the report names the limit, its source and what to
// run next.
func TestGaveUpDecidesOnCauseAndCode(t *testing.T) {
	expired := func() context.Context {
		ctx, cancel := context.WithDeadlineCause(context.Background(), time.Now().Add(-time.Second), errDeadline)
		t.Cleanup(cancel)
		return ctx
	}
	interrupted := func() context.Context {
		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Hour, errDeadline)
		cancel() // Ctrl-C, not the deadline
		return ctx
	}
	running := func() context.Context {
		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Minute, errDeadline)
		t.Cleanup(cancel)
		return ctx
	}
	listing := &failure{what: "listing the secrets of app", err: context.DeadlineExceeded}
	limited := func(wait time.Duration) error {
		return &failure{what: "listing the secrets of app", err: &unified.Error{Code: unified.RateLimited, RetryAfter: wait, Message: "slow down"}}
	}
	tests := []struct {
		name    string
		command []string
		state   string
		ctx     func() context.Context
		source  string
		err     error
		want    string // the report; "" when err stays as it is
	}{
		{name: "deadline, one request", command: []string{"secrets", "list"}, ctx: expired, source: "--timeout", err: listing,
			want: "credkit: listing the secrets of app: gave up after 300ms (--timeout); retry later, or raise --timeout (0: no limit)"},
		{name: "deadline from the environment", command: []string{"secrets", "list"}, ctx: expired, source: envTimeout, err: listing,
			want: "credkit: listing the secrets of app: gave up after 300ms (CREDKIT_TIMEOUT); retry later, or raise --timeout (0: no limit)"},
		{name: "deadline after a bulk command's rows", command: []string{"secrets", "rotate"}, state: "r.json", ctx: expired, source: "--timeout", err: errReported,
			want: "credkit: gave up after 300ms (--timeout); r.json keeps the record of every rotation begun: run the same command again to complete them (it resumes, it does not make another secret)"},
		{name: "deadline finishing", command: []string{"secrets", "finish"}, state: "r.json", ctx: expired, source: "--timeout", err: errReported,
			want: "credkit: gave up after 300ms (--timeout); r.json keeps every rotation not yet finished: run the same command again to finish them"},
		{name: "deadline in an audit with --state: nothing to resume", command: []string{"audit"}, state: "r.json", ctx: expired, source: "--timeout", err: errReported,
			want: "credkit: gave up after 300ms (--timeout); retry later, or raise --timeout (0: no limit)"},
		{name: "deadline waiting for the lock", command: []string{"secrets", "rotate"}, state: "r.json", ctx: expired, source: "--timeout",
			err:  &failure{what: "opening the state file", err: &journal.LockedError{Lock: "r.json.lock", Holder: "pid 7 (credkit)"}},
			want: "credkit: waiting for the lock r.json.lock, held by pid 7 (credkit): gave up after 300ms (--timeout); retry later, or raise --timeout (0: no limit)"},
		{name: "a wait past the deadline", command: []string{"secrets", "list"}, ctx: running, source: "--timeout", err: limited(5 * time.Minute),
			want: "credkit: listing the secrets of app: the vendor asks to wait 5m before the next request, longer than 300ms (--timeout) leaves: gave up at once; retry later, or raise --timeout (0: no limit)"},
		{name: "a wait within the deadline", command: []string{"secrets", "list"}, ctx: running, source: "--timeout", err: limited(time.Second)},
		{name: "interrupted, not timed out", command: []string{"secrets", "list"}, ctx: interrupted, source: "--timeout", err: listing},
		{name: "bad usage stays bad usage", command: []string{"secrets", "list"}, ctx: expired, source: "--timeout", err: &usageError{msg: "x"}},
		{name: "success stays success", command: []string{"secrets", "list"}, ctx: expired, source: "--timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFactory(io.Discard, io.Discard)
			cmd, _, err := newRootCmd(f).Find(tt.command)
			require.NoError(t, err)
			if tt.state != "" {
				require.NoError(t, cmd.Flags().Set("state", tt.state))
			}
			b := &base{f: f, cmd: cmd}
			got := b.gaveUp(tt.ctx(), 300*time.Millisecond, tt.source, tt.err)
			if tt.want == "" {
				require.Equal(t, tt.err, got)
				return
			}
			var te *timedOut
			require.ErrorAs(t, got, &te)
			require.ErrorIs(t, got, tt.err, "the command's error stays in the chain")
			var out bytes.Buffer
			require.Equal(t, 1, report(&out, got))
			require.Equal(t, tt.want+"\n", out.String())
		})
	}
}
