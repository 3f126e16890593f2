package sim

import (
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// FaultKind is a way for a request to fail.
type FaultKind string

const (
	// FaultNone lets the request through.
	FaultNone FaultKind = ""
	// FaultRateLimit answers 429 before the request is handled.
	FaultRateLimit FaultKind = "429"
	// FaultInternal answers 500 before the request is handled.
	FaultInternal FaultKind = "500"
	// FaultSlow reads the request body and holds the answer until the
	// client gives up (its context ends), then handles nothing.
	FaultSlow FaultKind = "slow"
	// FaultDrop closes the connection without an answer, before the request
	// is handled.
	FaultDrop FaultKind = "drop"
	// FaultDropAfter handles the request (its effect happens) and then
	// closes the connection, so the client never learns the outcome.
	FaultDropAfter FaultKind = "drop-after"
)

// Fault is one scripted failure: the next request matching Method and
// PathContains fails as Kind. Empty matchers match everything.
type Fault struct {
	Kind         FaultKind
	Method       string
	PathContains string
}

// Matches reports whether r is a request f names: its method (any when
// empty) and a path that contains PathContains.
func (f Fault) Matches(r *http.Request) bool {
	return (f.Method == "" || f.Method == r.Method) && strings.Contains(r.URL.Path, f.PathContains)
}

// Faults decides which requests fail: scripted faults first (each used
// once, in order), then a random fraction drawn from a seeded generator.
type Faults struct {
	mu       sync.Mutex
	script   []Fault
	rate     float64
	kinds    []FaultKind
	rng      *rand.Rand
	injected map[FaultKind]int
}

// NewFaults returns a fault plan that fails a fraction rate (0 to 1) of
// requests with one of kinds, chosen with a generator seeded with seed.
// A zero rate injects only scripted faults.
func NewFaults(rate float64, seed uint64, kinds ...FaultKind) *Faults {
	return &Faults{rate: rate, kinds: kinds, rng: rand.New(rand.NewPCG(seed, ^seed)), injected: map[FaultKind]int{}}
}

// Script queues faults for the next matching requests.
func (f *Faults) Script(faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, faults...)
}

// Injected reports how many faults of each kind were injected so far.
func (f *Faults) Injected() map[FaultKind]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[FaultKind]int, len(f.injected))
	for k, v := range f.injected {
		out[k] = v
	}
	return out
}

// next picks the fault for r, if any, and counts it.
func (f *Faults) next(r *http.Request) FaultKind {
	if f == nil {
		return FaultNone
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.script {
		if s.Matches(r) {
			f.script = append(f.script[:i], f.script[i+1:]...)
			f.injected[s.Kind]++
			return s.Kind
		}
	}
	if f.rate > 0 && len(f.kinds) > 0 && f.rng.Float64() < f.rate {
		k := f.kinds[f.rng.IntN(len(f.kinds))]
		f.injected[k]++
		return k
	}
	return FaultNone
}

// ErrorWriter writes a vendor's own error answer for status; retryAfter is
// the delay a 429 should announce.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, retryAfter time.Duration)

// InjectFaults wraps h so that the requests f picks fail as planned. A nil
// f injects nothing.
func InjectFaults(h http.Handler, f *Faults, writeError ErrorWriter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch f.next(r) {
		case FaultRateLimit:
			writeError(w, r, http.StatusTooManyRequests, time.Second)
		case FaultInternal:
			writeError(w, r, http.StatusInternalServerError, 0)
		case FaultSlow:
			// net/http notices that the client went away only once the
			// request body has been read to its end: drain it, or a
			// request with a body is held forever (and
			// httptest.Server.Close with it).
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		case FaultDrop:
			dropConnection(w)
		case FaultDropAfter:
			h.ServeHTTP(discard{header: http.Header{}}, r)
			dropConnection(w)
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// discard is a ResponseWriter that forgets what is written to it.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
