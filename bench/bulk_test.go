package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// The bulk rotation benchmark rotates the client secrets of many apps of
// the Okta simulator, which runs on the real clock with a known rate limit
// per endpoint, through unified.RotateSecrets and unified.FinishRotations.
// It counts every request and every 429 per endpoint bucket (by wrapping
// the simulator's handler), and measures how much of the allowed rate the
// client used while the limit was what held it back.
//
// Run the full benchmark with -bulk (make bench does); without it, a short
// run checks the same things with a tiny limit.

var (
	bulkFull        = flag.Bool("bulk", false, "run the full bulk rotation benchmarks (about two minutes)")
	bulkConcurrency = flag.Int("bulk.concurrency", 8, "BulkOptions.Concurrency")
	bulkLog         = flag.String("bulk.log", "", "write every request the simulator answered to this file (tab-separated)")
)

// bulkRun is one bulk rotation setting.
type bulkRun struct {
	apps   int
	limit  int           // requests per window per endpoint
	window time.Duration // the window
}

func (r bulkRun) allowed() float64 { return float64(r.limit) / r.window.Seconds() }

// TestBulkRotation rotates every app, begin then finish, and prints a table
// per setting. Okta's limits are per minute; both full settings allow 600
// requests a minute per endpoint (10/s), in windows of 10 s and 20 s so
// that a run takes about a minute. A window must be long against Okta's
// one-second header resolution: see BENCHMARKS.md.
func TestBulkRotation(t *testing.T) {
	runs := []bulkRun{{apps: 24, limit: 10, window: 3 * time.Second}}
	if *bulkFull {
		runs = []bulkRun{
			{apps: 300, limit: 100, window: 10 * time.Second},
			{apps: 400, limit: 200, window: 20 * time.Second},
		}
	}
	for _, r := range runs {
		t.Run(fmt.Sprintf("limit=%d/%s", r.limit, r.window), func(t *testing.T) {
			res := runBulk(t, r, *bulkConcurrency)
			res.print(os.Stdout)
			res.printLines(os.Stdout)
			if res.failed != 0 {
				t.Errorf("%d failed rotations", res.failed)
			}
			if res.corrupt != 0 {
				t.Errorf("%d apps not left with exactly their new secret", res.corrupt)
			}
			// The short run's limit is close to its concurrency, where the
			// pacer is known to let a few requests through (BENCHMARKS.md).
			if requests, refused, _, _ := res.totals(); *bulkFull && refused*100 > requests {
				t.Errorf("%d 429s in %d requests: more than 1%%", refused, requests)
			}
		})
	}
}

// observation is one request the simulator answered.
type observation struct {
	at        time.Time
	phase     string
	bucket    string
	status    int
	remaining int
}

// recorder wraps the simulator and notes every answer.
type recorder struct {
	next    http.Handler
	buckets *http.ServeMux // finds a request's endpoint, as the simulator's buckets
	phase   atomic.Pointer[string]

	mu  sync.Mutex
	log []observation
}

func newRecorder(next http.Handler) *recorder {
	mux := http.NewServeMux()
	const app = "/api/v1/apps/{appId}"
	for _, p := range []string{
		"GET " + app + "/credentials/secrets",
		"POST " + app + "/credentials/secrets",
		"GET " + app + "/credentials/secrets/{secretId}",
		"DELETE " + app + "/credentials/secrets/{secretId}",
		"POST " + app + "/credentials/secrets/{secretId}/lifecycle/activate",
		"POST " + app + "/credentials/secrets/{secretId}/lifecycle/deactivate",
	} {
		mux.Handle(p, http.NotFoundHandler())
	}
	return &recorder{next: next, buckets: mux}
}

func (rec *recorder) setPhase(p string) { rec.phase.Store(&p) }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	_, bucket := rec.buckets.Handler(r)
	if bucket == "" {
		bucket = r.Method + " other"
	}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	rec.next.ServeHTTP(sw, r)
	remaining, _ := strconv.Atoi(sw.Header().Get("X-Rate-Limit-Remaining"))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.log = append(rec.log, observation{at: at, phase: *rec.phase.Load(), bucket: bucket, status: sw.status, remaining: remaining})
}

// bulkResult is what one run measured.
type bulkResult struct {
	run         bulkRun
	concurrency int
	phases      []phaseResult
	failed      int // rotations whose begin or finish failed
	corrupt     int // apps not left with exactly their new, active secret
}

type phaseResult struct {
	name    string
	elapsed time.Duration
	buckets []bucketResult
}

type bucketResult struct {
	bucket   string
	requests int
	refused  int // 429s
	windows  int // windows opened in this phase
	// saturated is the time from the first window this phase opened to the
	// last, and inSaturated the requests accepted in the windows between:
	// the span in which the limit, not the client, set the pace.
	saturated   time.Duration
	inSaturated int
}

func runBulk(t *testing.T, r bulkRun, concurrency int) bulkResult {
	simulator := oktasim.New(&oktasim.Options{
		Clock:     sim.SystemClock{},
		Seed:      7,
		RateLimit: sim.RateLimit{Limit: r.limit, Window: r.window},
	})
	ids := make([]string, r.apps)
	for i := range ids {
		ids[i] = simulator.CreateApp(fmt.Sprintf("bulk-%03d", i), "")
	}
	rec := newRecorder(simulator)
	srv := httptest.NewServer(rec)
	defer srv.Close()
	p, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: oktasim.DefaultAPIToken}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	res := bulkResult{run: r, concurrency: concurrency}
	phase := func(name string, do func(opts *unified.BulkOptions) []unified.BulkResult) []unified.BulkResult {
		rec.setPhase(name)
		opts := &unified.BulkOptions{Concurrency: concurrency, Progress: progressPrinter(t, name)}
		start := time.Now()
		out := do(opts)
		res.phases = append(res.phases, phaseResult{name: name, elapsed: time.Since(start)})
		for _, b := range out {
			if b.Status != unified.BulkDone {
				res.failed++
				t.Logf("%s %s: %s: %v", name, b.ClientID, b.Status, b.Err)
			}
		}
		return out
	}
	begun := phase("begin", func(opts *unified.BulkOptions) []unified.BulkResult {
		return unified.RotateSecrets(ctx, p, ids, opts)
	})
	rotations := make([]*unified.Rotation, 0, len(begun))
	for _, b := range begun {
		if b.Status == unified.BulkDone {
			rotations = append(rotations, b.Rotation)
		}
	}
	phase("finish", func(opts *unified.BulkOptions) []unified.BulkResult {
		return unified.FinishRotations(ctx, p, rotations, opts)
	})

	// Every rotated app holds exactly its new secret, active and working.
	for _, rot := range rotations {
		s := simulator.Secrets(rot.ClientID)
		if len(s) != 1 || s[0].ID != rot.New.ID || s[0].Status != "ACTIVE" || !simulator.SecretWorks(rot.ClientID, rot.New.Secret.Reveal()) {
			res.corrupt++
		}
	}
	res.corrupt += len(ids) - len(rotations)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if *bulkLog != "" {
		writeLog(t, *bulkLog, r, rec.log)
	}
	for i := range res.phases {
		res.phases[i].buckets = measure(rec.log, res.phases[i].name, r.limit)
	}
	return res
}

// writeLog appends the run's requests to path: seconds since the first,
// phase, endpoint, status and X-Rate-Limit-Remaining.
func writeLog(t *testing.T, path string, r bulkRun, log []observation) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "# %d apps, limit %d per %s\n", r.apps, r.limit, r.window)
	for _, o := range log {
		fmt.Fprintf(f, "%.4f\t%s\t%s\t%d\t%d\n", o.at.Sub(log[0].at).Seconds(), o.phase, o.bucket, o.status, o.remaining)
	}
}

// progressPrinter logs a phase's progress at every quarter.
func progressPrinter(t *testing.T, phase string) func(done, total int) {
	start := time.Now()
	return func(done, total int) {
		if done == total || done*4/total != (done-1)*4/total {
			t.Logf("%s: %d/%d clients after %.1fs", phase, done, total, time.Since(start).Seconds())
		}
	}
}

// measure sums a phase's requests per bucket. A window opens with the
// first request the simulator accepts in it, which is answered with
// X-Rate-Limit-Remaining = limit-1.
func measure(log []observation, phase string, limit int) []bucketResult {
	byBucket := map[string]*bucketResult{}
	starts := map[string][]time.Time{}
	accepted := map[string][]time.Time{}
	for _, o := range log {
		if o.phase != phase {
			continue
		}
		b := byBucket[o.bucket]
		if b == nil {
			b = &bucketResult{bucket: o.bucket}
			byBucket[o.bucket] = b
		}
		b.requests++
		if o.status == http.StatusTooManyRequests {
			b.refused++
			continue
		}
		accepted[o.bucket] = append(accepted[o.bucket], o.at)
		if o.remaining == limit-1 {
			starts[o.bucket] = append(starts[o.bucket], o.at)
		}
	}
	var out []bucketResult
	for name, b := range byBucket {
		ws := starts[name]
		b.windows = len(ws)
		if len(ws) >= 2 {
			first, last := ws[0], ws[len(ws)-1]
			b.saturated = last.Sub(first)
			for _, at := range accepted[name] {
				if !at.Before(first) && at.Before(last) {
					b.inSaturated++
				}
			}
		}
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].bucket < out[j].bucket })
	return out
}

func (r bulkResult) totals() (requests, refused, inSaturated int, saturated time.Duration) {
	for _, p := range r.phases {
		for _, b := range p.buckets {
			requests += b.requests
			refused += b.refused
			inSaturated += b.inSaturated
			saturated += b.saturated
		}
	}
	return
}

// print writes the run's table: per phase and bucket, the requests, the
// 429s, and the achieved rate over the saturated span against the allowed
// rate.
func (r bulkResult) print(w io.Writer) {
	fmt.Fprintf(w, "\nbulk rotation: %d apps, concurrency %d, limit %d per %s per endpoint (allowed %.2f req/s per endpoint)\n",
		r.run.apps, r.concurrency, r.run.limit, r.run.window, r.run.allowed())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tendpoint\trequests\t429s\twindows (fewest possible)\tsaturated span\treq/s achieved\tfraction of allowed\t")
	for _, p := range r.phases {
		for _, b := range p.buckets {
			rate, frac := "n/a", "n/a"
			if b.saturated > 0 {
				achieved := float64(b.inSaturated) / b.saturated.Seconds()
				rate = fmt.Sprintf("%.2f", achieved)
				frac = fmt.Sprintf("%.3f", achieved/r.run.allowed())
			}
			fewest := (b.requests + r.run.limit - 1) / r.run.limit
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d (%d)\t%.2fs\t%s\t%s\t\n", p.name, b.bucket, b.requests, b.refused, b.windows, fewest, b.saturated.Seconds(), rate, frac)
		}
		fmt.Fprintf(tw, "%s\t(elapsed %.2fs)\t\t\t\t\t\t\t\n", p.name, p.elapsed.Seconds())
	}
	tw.Flush()
	requests, refused, in, span := r.totals()
	overall := "n/a"
	if span > 0 {
		overall = fmt.Sprintf("%.3f", float64(in)/span.Seconds()/r.run.allowed())
	}
	fmt.Fprintf(w, "total: %d requests, %d 429s (%.2f%%), %d failed rotations, %d apps left wrong; achieved/allowed over the saturated spans: %s\n",
		requests, refused, 100*float64(refused)/float64(max(requests, 1)), r.failed, r.corrupt, overall)
}

// printLines writes the run as benchratio reads it: a "bulk:" line per
// phase and endpoint whose saturated span could be measured, and one
// "bulk-total:" line for the setting.
func (r bulkResult) printLines(w io.Writer) {
	for _, p := range r.phases {
		for _, b := range p.buckets {
			if b.saturated <= 0 {
				continue
			}
			achieved := float64(b.inSaturated) / b.saturated.Seconds()
			fmt.Fprintf(w, "bulk: window=%gs limit=%d phase=%s requests=%d refused=%d fraction=%.4f endpoint=%s\n",
				r.run.window.Seconds(), r.run.limit, p.name, b.requests, b.refused, achieved/r.run.allowed(), b.bucket)
		}
	}
	requests, refused, _, _ := r.totals()
	fmt.Fprintf(w, "bulk-total: window=%gs limit=%d apps=%d requests=%d refused=%d failed=%d corrupt=%d\n",
		r.run.window.Seconds(), r.run.limit, r.run.apps, requests, refused, r.failed, r.corrupt)
}
