package sailpoint

import (
	"net/http"
	"testing"

	"github.com/credkit/credkit/sim"
)

// Harness is a SailPoint simulator on a loopback server for tests: of
// credkit's SailPoint provider, of its reliability suites and CLI, and of
// a user's own rotation code. Point a provider at URL with
// Server.AdminCredentials, Transport and Sleep.Sleep.
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

// NewClient creates a client, and returns it with its one secret.
func (h *Harness) NewClient(testing.TB) (clientID, secret string) {
	return h.Server.CreateClient("client", nil)
}

// SecretWorks reports whether secret authenticates the client now.
func (h *Harness) SecretWorks(clientID, secret string) bool {
	return h.Server.SecretWorks(clientID, secret)
}

// SecretCount: a SailPoint client holds its one secret while it exists.
func (h *Harness) SecretCount(clientID string) int {
	if _, ok := h.Server.Client(clientID); ok {
		return 1
	}
	return 0
}

// ClientIDs are the clients the simulator holds, so that a test can see
// that a rotation left no orphan replacement.
func (h *Harness) ClientIDs() []string { return h.Server.ClientIDs() }

// RotationSteps: begin reads the old client and creates the new one;
// finish reads the new client and deletes the old one.
func (h *Harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/v3/oauth-clients/"},
		{Method: http.MethodPost, PathContains: "/v3/oauth-clients"},
		{Method: http.MethodDelete, PathContains: "/v3/oauth-clients/"},
	}
}
