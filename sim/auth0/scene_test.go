package auth0

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/credkit/credkit/internal/jwk"
	"github.com/stretchr/testify/require"
)

func TestSceneClients(t *testing.T) {
	h := newHarness(t, nil)
	s := h.sim
	id, secret := s.CreateClient("legacy-batch")
	require.True(t, s.SecretWorks(id, secret))
	require.False(t, s.SecretWorks(id, secret+"x"))
	require.False(t, s.SecretWorks("nobody", secret))
	require.Equal(t, "legacy-batch", s.ClientName(id))
	require.Empty(t, s.ClientName("nobody"))
	require.Contains(t, s.ClientIDs(), id)
	require.Zero(t, s.CredentialCount(id))

	key, other := TestKey(t), TestKey(t)
	keyClient, credID := s.CreateKeyClient("billing", &key.PublicKey)
	require.True(t, s.KeyWorks(keyClient, &key.PublicKey))
	require.False(t, s.KeyWorks(keyClient, &other.PublicKey))
	require.False(t, s.KeyWorks(id, &key.PublicKey), "another client's key")
	require.False(t, s.KeyWorks(keyClient, nil))
	require.Equal(t, 1, s.CredentialCount(keyClient))

	// The API sees the scene as Auth0 would: a private_key_jwt client
	// enabling its credential, whose kid is the key's thumbprint.
	status, body := h.do(http.MethodGet, "/api/v2/clients/"+keyClient+"/credentials/"+credID, "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, jwk.RSAThumbprint(&key.PublicKey))
	status, body = h.do(http.MethodGet, "/api/v2/clients/"+keyClient+"?fields=client_authentication_methods", "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, credID)
	// A client-secret client granted the API gets tokens with its secret.
	require.True(t, s.Grant(id, "read:clients"))
	require.Equal(t, http.StatusOK, h.token(url.Values{"client_id": {id}, "client_secret": {secret}}).Status)
	require.Equal(t, http.StatusUnauthorized, h.token(url.Values{"client_id": {id}, "client_secret": {"wrong"}}).Status)
}
