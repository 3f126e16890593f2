package sim

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Harness is what every simulator's harness shares: the simulator on a
// loopback httptest server, its manual clock, its scripted faults, a fake
// sleep on that clock, and a count of the requests it received. The
// vendor packages (sim/okta, sim/sailpoint, sim/vmwarecsp, sim/auth0) embed it in
// their own NewHarness, which adds clients and secrets; providertest,
// the adapters' tests, internal/reliability and users' tests build on
// those.
type Harness struct {
	// URL is the simulator's base URL.
	URL string
	// Clock is the simulator's clock; it moves only when told (or by
	// Sleep).
	Clock *ManualClock
	// Faults scripts failures for the next requests they match.
	Faults *Faults
	// Sleep is a fake sleep on Clock, for a provider's Options.Sleep.
	Sleep *FakeSleep

	srv      *httptest.Server
	requests atomic.Int64
}

// NewHarness returns a Harness whose clock and faults the caller passes
// to its simulator (newSim), then serves that simulator until the test
// ends.
func NewHarness(t testing.TB, newSim func(clock *ManualClock, faults *Faults) http.Handler) *Harness {
	t.Helper()
	clock := NewManualClock(Epoch)
	h := &Harness{Clock: clock, Faults: NewFaults(0, 1), Sleep: &FakeSleep{Clock: clock}}
	handler := newSim(h.Clock, h.Faults)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(h.srv.Close)
	h.URL = h.srv.URL
	return h
}

// Transport reaches the simulator's server.
func (h *Harness) Transport() http.RoundTripper { return h.srv.Client().Transport }

// Requests is how many requests the simulator has received.
func (h *Harness) Requests() int { return int(h.requests.Load()) }

// Fault scripts f for the next request it matches.
func (h *Harness) Fault(f Fault) { h.Faults.Script(f) }
