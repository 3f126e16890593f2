package orytest

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified/ory/internal/hydratest"
)

func TestMain(m *testing.M) { os.Exit(hydratest.Main(m)) }

func TestHarnessAgainstHydra(t *testing.T) {
	h := NewHarness(t)
	keyClient, pemKey := h.NewClient(t)
	secretClient, secret := h.NewSecretClient(t)
	require.True(t, h.SecretWorks(keyClient, pemKey), "the key signs a working assertion")
	require.True(t, h.SecretWorks(secretClient, secret))
	require.False(t, h.SecretWorks(secretClient, secret+"x"), "a wrong secret is refused")
	other, err := NewKey()
	require.NoError(t, err)
	require.False(t, h.SecretWorks(keyClient, PrivatePEM(other)), "a key not in the set is refused")
	require.Equal(t, 1, h.SecretCount(keyClient))
	require.Equal(t, 1, h.SecretCount(secretClient))
	require.Equal(t, -1, h.SecretCount("credkit-no-such-client"))
	require.Zero(t, h.Requests(), "clients are made beside the proxy")

	h.Fault(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet, PathContains: keyClient})
	for _, want := range []int{http.StatusInternalServerError, http.StatusOK} {
		resp, err := http.Get(h.URL + "/admin/clients/" + keyClient)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode, "the scripted fault hits the next matching request only")
	}
	require.Equal(t, 2, h.Requests())
}
