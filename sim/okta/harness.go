package okta

import (
	"net/http"
	"testing"

	"github.com/credkit/credkit/sim"
)

// Harness is an Okta simulator on a loopback server for tests: of credkit's
// Okta provider (unified/providertest, unified/okta), of its reliability
// suites and CLI, and of a user's own rotation code. Point a provider at
// URL with DefaultAPIToken, Transport and Sleep.Sleep.
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

// NewClient creates an app holding one active secret, and returns both.
func (h *Harness) NewClient(testing.TB) (clientID, secret string) {
	id := h.Server.CreateApp("app", "")
	return id, h.Server.Secrets(id)[0].Value
}

// SecretWorks reports whether secret authenticates the app now.
func (h *Harness) SecretWorks(clientID, secret string) bool {
	return h.Server.SecretWorks(clientID, secret)
}

// SecretCount is how many secrets the app holds, active or not.
func (h *Harness) SecretCount(clientID string) int { return len(h.Server.Secrets(clientID)) }

// RotationSteps are the requests of a rotation (begin: list, add; finish:
// list, deactivate, delete), as fault matchers.
func (h *Harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/credentials/secrets"},
		{Method: http.MethodPost, PathContains: "/credentials/secrets"},
		{Method: http.MethodPost, PathContains: "/lifecycle/deactivate"},
		{Method: http.MethodDelete, PathContains: "/credentials/secrets/"},
	}
}
