package sim

import (
	"io"
	"log"
	"net"
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
// the adapters' tests, internal/reliability, the CLI's tests and users'
// tests build on those.
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
	// HTTPServer is the loopback server, for its certificate (with
	// ServeOptions.TLS) or its own client.
	HTTPServer *httptest.Server

	requests atomic.Int64
}

// ServeOptions tune how a Harness serves its simulator; nil or the zero
// value is plain http on loopback, a new ManualClock at Epoch, and faults
// that fire only when scripted.
type ServeOptions struct {
	// Clock, if set, is the simulator's clock instead of a new one.
	Clock *ManualClock
	// Faults, if set, are the simulator's faults instead of new ones
	// (e.g. random faults of NewFaults(seed, p)).
	Faults *Faults
	// TLS serves over https with httptest's own certificate, which
	// Transport trusts and nothing else does.
	TLS bool
	// ConnState, if set, watches the server's connections.
	ConnState func(net.Conn, http.ConnState)
	// Observe, if set, sees every request before the simulator does, as
	// the server received it.
	Observe func(*http.Request)
	// Wrap, if set, is what the server serves in place of the simulator:
	// the simulator wrapped, e.g. in its package's NewHostile.
	Wrap func(simulator http.Handler) http.Handler
}

// NewHarness returns a Harness whose clock and faults the caller passes
// to its simulator (newSim), then serves that simulator until the test
// ends.
func NewHarness(t testing.TB, newSim func(clock *ManualClock, faults *Faults) http.Handler) *Harness {
	t.Helper()
	return NewServedHarness(t, nil, newSim)
}

// NewServedHarness is NewHarness served as o says (nil for defaults).
func NewServedHarness(t testing.TB, o *ServeOptions, newSim func(clock *ManualClock, faults *Faults) http.Handler) *Harness {
	t.Helper()
	var so ServeOptions
	if o != nil {
		so = *o
	}
	if so.Clock == nil {
		so.Clock = NewManualClock(Epoch)
	}
	if so.Faults == nil {
		so.Faults = NewFaults(0, 1)
	}
	h := &Harness{Clock: so.Clock, Faults: so.Faults, Sleep: &FakeSleep{Clock: so.Clock}}
	handler := newSim(h.Clock, h.Faults)
	if so.Wrap != nil {
		handler = so.Wrap(handler)
	}
	h.HTTPServer = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		if so.Observe != nil {
			so.Observe(r)
		}
		handler.ServeHTTP(w, r)
	}))
	h.HTTPServer.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes and dropped connections are what some tests do
	h.HTTPServer.Config.ConnState = so.ConnState
	if so.TLS {
		h.HTTPServer.StartTLS()
	} else {
		h.HTTPServer.Start()
	}
	t.Cleanup(h.HTTPServer.Close)
	h.URL = h.HTTPServer.URL
	return h
}

// Transport reaches the simulator's server (and trusts its certificate).
func (h *Harness) Transport() http.RoundTripper { return h.HTTPServer.Client().Transport }

// Requests is how many requests the simulator has received.
func (h *Harness) Requests() int { return int(h.requests.Load()) }

// Fault scripts f for the next request it matches.
func (h *Harness) Fault(f Fault) { h.Faults.Script(f) }

// Filled returns a copy of o (nil: the zero value) whose unset Clock and
// Faults are clock, if it is a *ManualClock, and faults: a vendor harness
// serves with the clock and faults of the simulator options it is given.
func (o *ServeOptions) Filled(clock Clock, faults *Faults) *ServeOptions {
	var out ServeOptions
	if o != nil {
		out = *o
	}
	if mc, ok := clock.(*ManualClock); ok && out.Clock == nil {
		out.Clock = mc
	}
	if out.Faults == nil {
		out.Faults = faults
	}
	return &out
}
