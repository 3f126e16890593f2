package providertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// testCapabilities checks that what Capabilities denies answers
// Unimplemented without a request, and that optional interfaces exist
// exactly when Capabilities claims them.
func testCapabilities(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	client, _ := h.NewClient(t)
	caps := p.Capabilities()
	ctx := context.Background()
	ref := unified.CredentialRef{ClientID: client, ID: "x1"}
	denied := map[string]struct {
		claimed bool
		call    func() error
	}{
		"ListSecrets":  {caps.ListSecrets, func() error { _, err := p.ListSecrets(ctx, client); return err }},
		"GetSecret":    {caps.GetSecret, func() error { _, err := p.GetSecret(ctx, ref); return err }},
		"CreateSecret": {caps.CreateSecret, func() error { _, err := p.CreateSecret(ctx, client, nil); return err }},
	}
	for name, c := range denied {
		if c.claimed {
			continue
		}
		before := h.Requests()
		err := c.call()
		require.ErrorIs(t, err, unified.ErrUnimplemented, name)
		require.Equal(t, before, h.Requests(), "%s sent a request for an operation it cannot do", name)
	}
	_, jwk := p.(unified.JSONWebKeyManager)
	_, keys := p.(unified.KeyCredentialManager)
	_, csrs := p.(unified.CSRManager)
	_, tokens := p.(unified.RefreshTokenManager)
	_, clients := p.(unified.ClientLister)
	_, deleter := p.(unified.ClientDeleter)
	_, regen := p.(unified.SecretRegenerator)
	_, states := p.(unified.SecretStateManager)
	require.Equal(t, caps.JSONWebKeys, jwk, "JSONWebKeys")
	require.Equal(t, caps.KeyCredentials, keys, "KeyCredentials")
	require.Equal(t, caps.CSRs, csrs, "CSRs")
	require.Equal(t, caps.RefreshTokens, tokens, "RefreshTokens")
	require.Equal(t, caps.ListClients, clients, "ListClients")
	require.Equal(t, caps.DeleteClients, deleter, "DeleteClients")
	require.Equal(t, caps.RegenerateSecret, regen, "RegenerateSecret")
	require.Equal(t, caps.SecretStates, states, "SecretStates")
	require.True(t, caps.RotateInPlace != caps.RotateReplacesClient, "a provider rotates one way")
	require.Positive(t, caps.MaxSecrets)
}
