package okta_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

func TestSecretsState(t *testing.T) {
	clock := sim.NewManualClock(sim.Epoch)
	h := newHarness(t, &oktasim.Options{Clock: clock})
	app := h.sim.CreateApp("state", "")
	clock.Advance(time.Hour)
	s := secretsAPI{t, h, app}
	id := s.mustCreate("credkit-state-secret-01")

	got := h.sim.Secrets(app)
	require.Len(t, got, 2)
	require.Equal(t, oktasim.SecretState{ID: id, Status: "ACTIVE", Value: "credkit-state-secret-01", Created: sim.Epoch.Add(time.Hour)}, got[1])
	require.Len(t, got[0].Value, 40)
	require.True(t, h.sim.SecretWorks(app, "credkit-state-secret-01"))

	status, _ := s.lifecycle("deactivate", id)
	require.Equal(t, 200, status)
	require.Equal(t, "INACTIVE", h.sim.Secrets(app)[1].Status)
	require.False(t, h.sim.SecretWorks(app, "credkit-state-secret-01"), "an inactive secret does not authenticate")
	require.True(t, h.sim.SecretWorks(app, got[0].Value))
	require.False(t, h.sim.SecretWorks(app, ""))

	got[0].Value = "changed"
	require.NotEqual(t, "changed", h.sim.Secrets(app)[0].Value, "Secrets returns a copy")
}
