package vmwarecsp

import (
	"net/http"
	"testing"

	"github.com/credkit/credkit/sim"
)

// Harness is a VMware CSP simulator on a loopback server for tests: of
// credkit's CSP provider, of its reliability suites and CLI, and of a
// user's own rotation code. Point a provider at URL with Server.OrgID,
// DefaultAPIToken, Transport and Sleep.Sleep.
type Harness struct {
	*sim.Harness
	// Server is the simulator, for setting a scene and reading its state.
	Server *Server
}

// NewHarness starts a simulator with opts (nil for defaults; its Clock
// and Faults are the harness's) until the test ends.
func NewHarness(t testing.TB, opts *Options) *Harness {
	t.Helper()
	h := &Harness{}
	h.Harness = sim.NewHarness(t, func(clock *sim.ManualClock, faults *sim.Faults) http.Handler {
		var o Options
		if opts != nil {
			o = *opts
		}
		o.Clock, o.Faults = clock, faults
		h.Server = New(&o)
		return h.Server
	})
	return h
}

// NewClient creates an app, and returns it with its secret.
func (h *Harness) NewClient(testing.TB) (clientID, secret string) {
	return h.Server.CreateApp("client")
}

// SecretWorks reports whether secret authenticates the app now.
func (h *Harness) SecretWorks(clientID, secret string) bool {
	return h.Server.SecretWorks(clientID, secret)
}

// SecretCount: the current secret, and the previous one while a rotation
// is open.
func (h *Harness) SecretCount(clientID string) int {
	n := 0
	st := h.Server.Secrets(clientID)
	for _, s := range []string{st.Current, st.Previous} {
		if s != "" {
			n++
		}
	}
	return n
}

// RotationSteps: begin reads the app (for its window) and POSTs the new
// secret; finish DELETEs the old one.
func (h *Harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/oauth-apps/"},
		{Method: http.MethodPost, PathContains: "/secret"},
		{Method: http.MethodDelete, PathContains: "/secret"},
	}
}
