package main

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// concurrentRounds is how many rounds of two racing processes each vendor
// row gets: 3 by default, 40 under CREDKIT_STRESS=1 (make stress).
func concurrentRounds() int {
	if stress() {
		return 40
	}
	return 3
}

// TestTwoProcessesRotateOneClient runs two real credkit processes at once
// against one client, each with a journal and a secret file of its own
// (two machines, or two users, that share no lock): each rotates, then
// finishes. Whatever the interleaving, a round must end with the client
// holding exactly one secret, which works; a process that reported its
// finish (exit 0) handed out a secret that is the one in force or was
// replaced by the other process's later rotation, never the original; a
// process that lost the race exits non-zero, never 0 with a withdrawn
// secret. Vendor rows whose rotation replaces the client are the library's
// detection case (unified/providertest ConcurrentReplacements) and are
// not run here.
func TestTwoProcessesRotateOneClient(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	for _, v := range crashVendors {
		row := cmp.Or(v.label, string(v.vendor))
		if v.vendor == "sailpoint" {
			continue
		}
		t.Run(row, func(t *testing.T) {
			testEnv(t)
			clock = sim.SystemClock{}
			g := &gate{}
			client, original, view := v.start(t, sim.NewFaults(0, 1), g.wrap(v))
			outcomes := map[string]int{}
			for round := range concurrentRounds() {
				// Odd rounds hold the second process's creation until the
				// first has finished: the interleaving that leaves two
				// secrets unless a rotation checks what it created.
				g.reset(round%2 == 1 && heldRows[row])
				before := secretsInForce(view, client, original)
				got := raceTwoRotators(t, bin, v, client)
				inForce := ""
				for _, r := range got {
					outcomes[r.outcome()]++
					if strings.Contains(r.stderr, "another rotator") {
						outcomes["of which overtaken"]++
					}
					if r.secret != "" && view.works(client, r.secret) {
						inForce = r.secret
					}
				}
				require.Equal(t, 1, view.secrets(client), "round %d: exactly one credential held: %+v", round, got)
				if inForce == "" {
					require.True(t, view.works(client, before), "round %d: with no new secret in force, the one before still works", round)
					inForce = before
				}
				for _, r := range got {
					if r.finished {
						require.NotEqual(t, before, inForce, "round %d: a process finished, so the secret before is retired", round)
						require.NotEmpty(t, r.secret, "round %d: a finished process handed out a secret", round)
					}
					if r.rotateCode == 0 && !r.finished && r.secret != "" {
						require.NotEqual(t, r.secret, inForce, "round %d: a process that did not finish did not win", round)
					}
				}
				original = inForce
			}
			t.Logf("two processes × %d rounds: %v", concurrentRounds(), outcomes)
		})
	}
}

// secretsInForce is the secret that works for client before a round.
func secretsInForce(view crashView, client, last string) string {
	if view.works(client, last) {
		return last
	}
	return ""
}

// racer is what one process of a round did.
type racer struct {
	rotateCode, finishCode int
	finished               bool
	secret                 string
	stderr                 string
}

func (r racer) outcome() string {
	switch {
	case r.finished:
		return "finished"
	case r.rotateCode != 0:
		return fmt.Sprintf("rotate exit %d", r.rotateCode)
	default:
		return fmt.Sprintf("finish exit %d", r.finishCode)
	}
}

// raceTwoRotators starts two processes at once, each rotating and then
// finishing client with a journal and a secret file of its own.
func raceTwoRotators(t *testing.T, bin string, v crashVendor, client string) [2]racer {
	t.Helper()
	var got [2]racer
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range got {
		dir := t.TempDir()
		state, secrets := filepath.Join(dir, "rotations.json"), filepath.Join(dir, "secrets.txt")
		rotate := append([]string{"secrets", "rotate", "--vendor", string(v.vendor), client, "--state", state, "--secret-file", secrets}, v.flags...)
		finish := []string{"secrets", "finish", "--vendor", string(v.vendor), "--state", state}
		wg.Go(func() {
			<-start
			r := &got[i]
			r.rotateCode, r.stderr = runQuiet(bin, rotate...)
			if r.rotateCode == 0 {
				var errOut string
				r.finishCode, errOut = runQuiet(bin, finish...)
				r.stderr += errOut
				r.finished = r.finishCode == 0
			}
			r.secret = lastSecretIn(secrets, string(v.vendor), client)
		})
	}
	close(start)
	wg.Wait()
	for i, r := range got {
		require.NotContains(t, r.stderr, "panic", "process %d", i)
		if r.rotateCode != 0 {
			require.Equal(t, 1, r.rotateCode, "process %d: a lost race is an error, not bad usage: %s", i, r.stderr)
		}
	}
	return got
}

// runQuiet runs the binary and returns its exit status and stderr.
func runQuiet(bin string, args ...string) (int, string) {
	var errOut strings.Builder
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), errOut.String()
		}
		return -1, errOut.String() + err.Error()
	}
	return 0, errOut.String()
}

// lastSecretIn is the last secret path holds for client, "" for none.
func lastSecretIn(path, vendor, client string) string {
	f, err := rotations.OpenSecretFile(path)
	if err != nil {
		return ""
	}
	_, s := f.LookupClient(unified.Vendor(vendor), client)
	return s.Reveal()
}

// heldRows are the rows whose held rounds make the dangerous
// interleaving: vendors that hold two credentials and let a second
// rotator create one (CSP refuses a second open rotation itself, with
// 409, and its finish sends a begin-like request of its own).
var heldRows = map[string]bool{"okta": true, "auth0-key": true}

// gate makes, in a held round, the interleaving that leaves two secrets
// unless a rotation checks what it created: the first request that
// begins a rotation (the row's first begin request) waits for the second
// process's (so both read the client before either created anything);
// the second waits until a request that finishes one (the row's last
// finish request) has been answered. Each wait ends after a few seconds
// (the other process may have refused without sending it).
type gate struct {
	mu       sync.Mutex
	held     bool
	begins   int
	second   chan struct{}
	released chan struct{}
}

func (g *gate) reset(held bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held, g.begins, g.second, g.released = held, 0, make(chan struct{}), make(chan struct{})
}

// await waits for ch, the request's end, or limit.
func await(r *http.Request, ch <-chan struct{}, limit time.Duration) {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-ch:
	case <-r.Context().Done():
	case <-t.C:
	}
}

func (g *gate) wrap(v crashVendor) func(http.Handler) http.Handler {
	if len(v.begin) == 0 || len(v.finish) == 0 {
		return nil
	}
	// The begin request is the one whose path ends so (Okta's create
	// ends in /credentials/secrets; its deactivate, a POST too, goes on).
	matchesBegin := func(f sim.Fault, r *http.Request) bool {
		return r.Method == f.Method && strings.HasSuffix(r.URL.Path, f.PathContains)
	}
	matches := func(f sim.Fault, r *http.Request) bool {
		return r.Method == f.Method && strings.Contains(r.URL.Path, f.PathContains)
	}
	begin, finish := v.begin[0], v.finish[len(v.finish)-1]
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			g.mu.Lock()
			held, second, released := g.held, g.second, g.released
			nth := 0
			if held && matchesBegin(begin, r) {
				g.begins++
				nth = g.begins
				if nth == 2 {
					close(g.second)
				}
			}
			g.mu.Unlock()
			switch nth {
			case 1:
				await(r, second, 2*time.Second)
			case 2:
				await(r, released, 5*time.Second)
			}
			next.ServeHTTP(w, r)
			if held && matches(finish, r) {
				g.mu.Lock()
				select {
				case <-g.released:
				default:
					close(g.released)
				}
				g.mu.Unlock()
			}
		})
	}
}
