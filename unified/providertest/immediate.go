package providertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// secretClients is the harness's SecretClients; a provider that claims
// RotateImmediately needs one.
func secretClients(t *testing.T, h Harness) SecretClients {
	t.Helper()
	sc, ok := h.(SecretClients)
	require.True(t, ok, "the harness of a provider that rotates some secrets at once implements providertest.SecretClients")
	return sc
}

// testImmediateRotation: with consent, a rotation with no overlap hands
// the caller the new secret, which works at once while the old one does
// not; finishing it is harmless, and the rotation says the old secret has
// ended (OldValidUntil).
func testImmediateRotation(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	if !p.Capabilities().RotateImmediately {
		t.Skipf("%s: no rotation at once", p.Vendor())
	}
	ctx := context.Background()
	client, old := secretClients(t, h).NewSecretClient(t)
	opts := unified.RotateOptions{AllowImmediateRotation: true}
	if base := h.RotateOptions(); base != nil {
		opts = *base
		opts.AllowImmediateRotation = true
	}
	rot, err := p.RotateSecret(ctx, client, &opts)
	require.NoError(t, err)
	require.False(t, rot.New.Secret.IsZero(), "the caller receives the new secret at once")
	require.False(t, rot.OldValidUntil.IsZero(), "the rotation says the old secret has ended")
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()))
	require.False(t, h.SecretWorks(client, old), "no overlap: the old secret stopped")
	require.NoError(t, p.FinishRotation(ctx, rot), "finishing it is harmless")
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()))
}
