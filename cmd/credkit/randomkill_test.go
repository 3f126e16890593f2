package main

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

// hangAtN holds the answer of the n-th request the simulator receives
// once armed (counting from 1), until the client goes away: with after,
// the simulator acts on it first.
type hangAtN struct {
	n       int64
	after   bool
	armed   atomic.Bool
	seen    atomic.Int64
	reached chan struct{}
}

func (h *hangAtN) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.armed.Load() || h.seen.Add(1) != h.n {
			next.ServeHTTP(w, r)
			return
		}
		if h.after {
			next.ServeHTTP(httptest.NewRecorder(), r)
		}
		_, _ = io.Copy(io.Discard, r.Body)
		close(h.reached)
		<-r.Context().Done()
	})
}

// stress says whether the big matrices run whole: CREDKIT_STRESS=1, as
// make stress sets it.
func stress() bool { return os.Getenv("CREDKIT_STRESS") == "1" }

// randomKillTrials is how many kills each vendor row gets: 1 by default,
// 20 under CREDKIT_STRESS=1 (make stress).
func randomKillTrials() int {
	if stress() {
		return 20
	}
	return 1
}

// TestRandomKillsRecover kills a real credkit process (SIGKILL) at a
// random request of a journaled rotation, rotate or finish, reads and
// token requests included, before or after the simulator acted on it,
// for every vendor row (Auth0's key and secret clients among them) and a
// random destination of the new secret; new runs must then complete the
// rotation with the checks of the crash matrix: the user's secret works
// and is the client's only one, the old one is retired, no orphan, an
// empty journal. A cell that fails counts as lost; the seed is fixed, so
// a failure repeats.
func TestRandomKillsRecover(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	total, recovered := 0, 0
	var report []string
	for _, v := range crashVendors {
		row := cmp.Or(v.label, string(v.vendor))
		rotateN, finishN := countRequests(t, bin, v, row)
		if rotateN == 0 {
			continue // -run left the row out
		}
		// A seed per row: a row's kills are the same whatever -run keeps.
		h := fnv.New64a()
		_, _ = h.Write([]byte(row))
		rng := rand.New(rand.NewPCG(26, h.Sum64()))
		for i := range randomKillTrials() {
			k := 1 + rng.IntN(rotateN+finishN)
			after := rng.IntN(2) == 1
			dest := []string{destFile, destStdout}[rng.IntN(2)]
			step, n := "begin", k
			if k > rotateN {
				step, n = "finish", k-rotateN
			}
			name := fmt.Sprintf("%s/%d/%s/%s request %d of %d/after=%v", row, i, dest, step, n, map[string]int{"begin": rotateN, "finish": finishN}[step], after)
			total++
			ok := t.Run(name, func(t *testing.T) { runRandomKill(t, bin, v, dest, step, int64(n), after) })
			if ok {
				recovered++
			}
			report = append(report, fmt.Sprintf("%-12s %-6s %-6s request %d of %d, after the vendor acted: %-5v %s", row, dest, step, n,
				map[string]int{"begin": rotateN, "finish": finishN}[step], after, map[bool]string{true: "recovered", false: "LOST"}[ok]))
		}
	}
	t.Logf("random kills: %d/%d recovered (lost or stranded: %d)\n%s", recovered, total, total-recovered, strings.Join(report, "\n"))
}

// countRequests runs one journaled rotation of v to its end and counts
// the requests of rotate and of finish.
func countRequests(t *testing.T, bin string, v crashVendor, row string) (rotateN, finishN int) {
	t.Helper()
	var count atomic.Int64
	t.Run(row+"/count", func(t *testing.T) {
		testEnv(t)
		clock = sim.SystemClock{}
		r := newCrashRun(t, v, destFile, sim.NewFaults(0, 1), func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				count.Add(1)
				next.ServeHTTP(w, req)
			})
		})
		for i, args := range [][]string{r.rotate, r.finish} {
			out, err := exec.Command(bin, args...).CombinedOutput()
			require.NoError(t, err, string(out))
			if i == 0 {
				rotateN = int(count.Swap(0))
			} else {
				finishN = int(count.Load())
			}
		}
	})
	return rotateN, finishN
}

func runRandomKill(t *testing.T, bin string, v crashVendor, dest, step string, n int64, after bool) {
	testEnv(t)
	clock = sim.SystemClock{}
	hang := &hangAtN{n: n, after: after, reached: make(chan struct{})}
	r := newCrashRun(t, v, dest, sim.NewFaults(0, 1), hang.wrap)
	args := r.rotate
	if step == "finish" {
		code, _, stderr := r.user.run(t, r.rotate...)
		require.Equal(t, 0, code, stderr)
		args = r.finish
	}
	hang.armed.Store(true)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-hang.reached:
		require.NoError(t, cmd.Process.Kill())
		require.Error(t, <-exited, "killed while its request hung")
	case err := <-exited:
		// Fewer requests than counted (a token reused): the run ended
		// on its own, and must have succeeded.
		require.NoError(t, err, "%s%s", stdout.String(), stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("credkit never sent the request")
	}
	hang.armed.Store(false)
	r.user.printed.WriteString(stdout.String())
	r.recoverAndCheck(t, step)
}
