package vmwarecsp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	simvmwarecsp "github.com/credkit/credkit/sim/vmwarecsp"
)

func TestNewHarness(t *testing.T) {
	h := simvmwarecsp.NewHarness(t, nil)
	id, secret := h.NewClient(t)
	require.True(t, h.SecretWorks(id, secret))
	require.False(t, h.SecretWorks(id, secret+"x"))
	require.Equal(t, 1, h.SecretCount(id))
	require.NotEmpty(t, h.RotationSteps())
	require.Zero(t, h.Requests(), "setting a scene sends no request")
	require.Same(t, h.Clock, h.Sleep.Clock)
}
