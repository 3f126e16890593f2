package auth0

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/sim"
)

func TestView(t *testing.T) {
	s := New(nil)
	c := &client{id: "c1", secret: "s1", name: "n", grantTypes: []string{"client_credentials"}}
	data, err := json.Marshal(s.view(c, true, nil))
	require.NoError(t, err)
	require.JSONEq(t, `{"client_id":"c1","client_secret":"s1","grant_types":["client_credentials"],"is_first_party":false,"name":"n","oidc_conformant":false,"tenant":"credkit-sim"}`, string(data))
	data, err = json.Marshal(s.view(c, false, nil))
	require.NoError(t, err)
	require.NotContains(t, string(data), "client_secret")

	at := sim.Epoch
	cr := &credential{id: "cred_1", name: "k", kid: "kid", typ: api.PublicKey, alg: api.CredentialAlgorithmRS256, created: at, updated: at}
	c.enabled = []string{"cred_1"}
	data, err = json.Marshal(s.view(c, true, map[string]*credential{"cred_1": cr}))
	require.NoError(t, err)
	require.NotContains(t, string(data), "client_secret", "a private_key_jwt client shows no secret")
	require.Contains(t, string(data), `"credentials":[{"alg":"RS256","created_at":"2026-01-06T19:50:58Z","credential_type":"public_key","id":"cred_1","kid":"kid","name":"k","updated_at":"2026-01-06T19:50:58Z"}]`)
	data, err = json.Marshal(s.view(c, true, nil))
	require.NoError(t, err)
	require.Contains(t, string(data), `"credentials":[{"id":"cred_1"}]`)
}

func TestCredentialView(t *testing.T) {
	at := sim.Epoch
	exp := at.Add(time.Hour)
	cr := &credential{id: "cred_1", name: "k", kid: "kid", typ: api.PublicKey, alg: api.CredentialAlgorithmPS256, created: at, updated: at, expires: &exp}
	v := credentialView(cr)
	require.Equal(t, exp, *v.ExpiresAt)
	exp = exp.Add(time.Hour)
	require.NotEqual(t, exp, *v.ExpiresAt, "the view holds its own copy")
	require.Equal(t, api.CredentialAlgorithmPS256, *v.Alg)
}

func TestNowTruncatesToMilliseconds(t *testing.T) {
	clock := sim.NewManualClock(sim.Epoch.Add(1234567 * time.Nanosecond))
	s := New(&Options{Clock: clock})
	require.Equal(t, sim.Epoch.Add(time.Millisecond), s.now())
}
