package ory_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

// oryKill is a moment to kill credkit at: lag after the proxy in front
// of Hydra has seen the run's request-th request (0: lag after the
// start). With no lag the kill races Hydra acting on the request; with one
// it lands while credkit handles the answer, writes the journal or the
// secret file, or sends the next request.
type oryKill struct {
	request int
	lag     time.Duration
}

func (k oryKill) String() string { return fmt.Sprintf("request-%d+%v", k.request, k.lag) }

// oryKills: rotate and finish each send three requests to Hydra (as
// counted at the proxy); the last kill comes after credkit has ended, and
// holds what it then claims to Hydra.
var oryKills = []oryKill{
	{0, 2 * time.Millisecond},
	{1, 0}, {1, 5 * time.Millisecond},
	{2, 0}, {2, 5 * time.Millisecond},
	{3, 0}, {3, 5 * time.Millisecond}, {3, 20 * time.Millisecond},
}

// keepOn is a proxy in front of the harness's that finishes every request
// at Hydra even when the killed credkit hangs up, as a vendor does: the
// Hydra of the tests keeps its tables in memory (DSN=memory), and a
// request cancelled mid-query closes the connection that holds them
// ("Unable to locate the table" from then on, for every test).
type keepOn struct {
	url      string
	requests atomic.Int64
	inflight sync.WaitGroup
}

func newKeepOn(t *testing.T, h *orytest.Harness) *keepOn {
	t.Helper()
	target, err := url.Parse(h.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	k := &keepOn{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.inflight.Add(1)
		defer k.inflight.Done()
		k.requests.Add(1)
		// Neither the request's context nor the writer's CloseNotify
		// (which the reverse proxy falls back on) tells of the hang-up.
		proxy.ServeHTTP(struct{ http.ResponseWriter }{w}, r.WithContext(context.WithoutCancel(r.Context())))
	}))
	t.Cleanup(srv.Close)
	k.url = srv.URL
	return k
}

// oryCrashKind is one of Ory's two rotations.
type oryCrashKind struct {
	name string
	// newClient makes a client of the kind on the harness's Hydra.
	newClient func(*orytest.Harness, testing.TB) (string, string)
	// flags are rotate's own.
	flags []string
	// steps are the commands a kill lands in: a key rotation finishes
	// apart, a secret is replaced (and finished) by rotate alone.
	steps []string
}

var oryCrashKinds = []oryCrashKind{
	{name: "client-secret", newClient: (*orytest.Harness).NewSecretClient, flags: []string{"--allow-immediate-rotation"}, steps: []string{"rotate"}},
	{name: "private_key_jwt", newClient: (*orytest.Harness).NewClient, steps: []string{"rotate", "finish"}},
}

// TestKilledCommandAgainstHydra kills a real credkit process (SIGKILL)
// at a table of moments during secrets rotate and secrets finish --state,
// against the real Hydra, for a client secret and a private_key_jwt key;
// rotate and finish, re-run with the same state file until they succeed,
// must then leave the client with exactly one credential, the last one
// the secret file holds, the old one retired, and an empty journal. No
// run may report finished while Hydra still holds two keys.
func TestKilledCommandAgainstHydra(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := orytest.NewHarness(t)
	k := newKeepOn(t, h)
	bin := credkit(t)
	var report []string
	for _, kind := range oryCrashKinds {
		for _, step := range kind.steps {
			for _, kill := range oryKills {
				name := fmt.Sprintf("%s/%s/killed-at-%v", kind.name, step, kill)
				outcome := "not run"
				ok := t.Run(name, func(t *testing.T) { outcome = runOryKill(t, h, k, bin, kind, step, kill) })
				if outcome == "not run" && ok {
					continue // -run left it out
				}
				report = append(report, fmt.Sprintf("%-16s %-7s %-16v %-40s %v", kind.name, step, kill, outcome, map[bool]string{true: "recovered", false: "FAILED"}[ok]))
			}
		}
	}
	t.Logf("killed credkit against Hydra:\n%s", strings.Join(report, "\n"))
}

// oryCrashRun is one cell's client and files.
type oryCrashRun struct {
	h                 *orytest.Harness
	bin, url          string
	kind              oryCrashKind
	client, oldSecret string
	state, secrets    string
	rotate, finish    []string
}

// run runs credkit to its end and checks what a success claims: a
// finished rotation leaves Hydra with one credential, the one the secret
// file holds last, and the old one retired.
func (r *oryCrashRun) run(t *testing.T, args []string) (int, string) {
	t.Helper()
	cmd := r.command(args)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		code = ee.ExitCode()
	}
	finished := code == 0 && (args[1] == "finish" || strings.Contains(stderr.String(), "nothing is left to finish"))
	if finished {
		r.checkFinished(t, fmt.Sprintf("credkit %s said finished (%s%s)", args[1], stdout.String(), stderr.String()))
	}
	return code, stdout.String() + stderr.String()
}

// command is credkit on Hydra, through the keepOn proxy.
func (r *oryCrashRun) command(args []string) *exec.Cmd {
	cmd := exec.Command(r.bin, args...)
	// The default journal beside the test's own, never in the real home.
	cmd.Env = append(os.Environ(), "ORY_SDK_URL="+r.url, "ORY_PROJECT_API_KEY=", "ORY_API_KEY=", "CREDKIT_DEMO=",
		"CREDKIT_STATE="+r.state+".default.json")
	return cmd
}

// checkFinished holds Hydra to a finished rotation.
func (r *oryCrashRun) checkFinished(t *testing.T, why string) {
	t.Helper()
	newSecret := lastSecret(t, r.secrets, r.client)
	require.Equal(t, 1, r.h.SecretCount(r.client), "one credential at Hydra: %s", why)
	require.True(t, r.h.SecretWorks(r.client, newSecret), "the secret file's last secret is in force: %s", why)
	require.False(t, r.h.SecretWorks(r.client, r.oldSecret), "the old one is retired: %s", why)
}

// runOryKill kills credkit at kill in step, then re-runs
// rotate (when step is rotate) and finish until they succeed; it returns
// whether the kill landed or the run had ended first.
func runOryKill(t *testing.T, h *orytest.Harness, k *keepOn, bin string, kind oryCrashKind, step string, kill oryKill) string {
	r := &oryCrashRun{h: h, bin: bin, url: k.url, kind: kind}
	r.client, r.oldSecret = kind.newClient(h, t)
	dir := t.TempDir()
	r.state, r.secrets = filepath.Join(dir, "state.json"), filepath.Join(dir, "secrets")
	r.rotate = append([]string{"secrets", "rotate", "--vendor", "ory", r.client, "--state", r.state, "--secret-file", r.secrets}, kind.flags...)
	r.finish = []string{"secrets", "finish", "--vendor", "ory", "--state", r.state}
	if step == "finish" {
		code, out := r.run(t, r.rotate)
		require.Equal(t, 0, code, out)
		require.Equal(t, 2, h.SecretCount(r.client), "the key rotation is open")
	}
	args := r.rotate
	if step == "finish" {
		args = r.finish
	}

	base := k.requests.Load()
	cmd := r.command(args)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-reached(&k.requests, base+int64(kill.request), kill.lag):
		if kerr := cmd.Process.Kill(); !errors.Is(kerr, os.ErrProcessDone) {
			require.NoError(t, kerr)
		}
		err = <-exited
	}
	var outcome string
	var ee *exec.ExitError
	switch {
	case err == nil:
		outcome = "ended first, exit 0"
		// It ran to its end: what it claimed must hold.
		if step == "finish" || strings.Contains(out.String(), "nothing is left to finish") {
			r.checkFinished(t, fmt.Sprintf("credkit %s said finished, exit 0 (%s)", step, out.String()))
		}
	case errors.As(err, &ee) && !ee.Exited():
		outcome = fmt.Sprintf("killed after %d requests", k.requests.Load()-base)
	default:
		outcome = fmt.Sprintf("ended first: %v", err)
	}
	// What the killed run sent, Hydra finishes before the user runs
	// credkit again.
	k.inflight.Wait()
	require.LessOrEqual(t, h.SecretCount(r.client), 2, "at most the old and the new credential after the kill")

	// What a user runs after a crash: rotate again (a kill in rotate),
	// then finish, each until it succeeds.
	if step == "rotate" {
		r.untilSuccess(t, r.rotate)
	}
	r.untilSuccess(t, r.finish)

	require.Empty(t, savedRotations(t, r.state), "the journal is empty")
	r.checkFinished(t, "after recovery")
	return outcome
}

// reached is closed lag after requests reaches n.
func reached(requests *atomic.Int64, n int64, lag time.Duration) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		deadline := time.Now().Add(10 * time.Second)
		for requests.Load() < n && time.Now().Before(deadline) {
			time.Sleep(100 * time.Microsecond)
		}
		time.Sleep(lag)
	}()
	return done
}

// untilSuccess runs args until credkit exits 0, three rounds at most.
func (r *oryCrashRun) untilSuccess(t *testing.T, args []string) {
	t.Helper()
	var outs []string
	for range 3 {
		code, out := r.run(t, args)
		if code == 0 {
			return
		}
		outs = append(outs, fmt.Sprintf("exit %d: %s", code, out))
	}
	t.Fatalf("credkit %s never succeeded:\n%s", args[1], strings.Join(outs, "\n"))
}

// savedRotations are the rotations the state file journals.
func savedRotations(t *testing.T, path string) []string {
	t.Helper()
	st, err := rotations.OpenState(context.Background(), path, 0, io.Discard, time.Now)
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	var out []string
	for _, rot := range st.Rotations("") {
		out = append(out, string(rot.Vendor)+" "+rot.ClientID)
	}
	return out
}
