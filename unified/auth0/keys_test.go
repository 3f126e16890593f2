package auth0

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/jwk"
	a0sim "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
)

func TestJSONWebKeyLifecycle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, oldPEM := h.NewClient(t)
	keys, err := p.ListJSONWebKeys(ctx, client)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	old := keys[0]
	require.Equal(t, unified.StatusActive, old.Status)
	require.Equal(t, "RS256", old.Algorithm)
	var cred gen.ClientCredential
	require.True(t, old.As(&cred), "a key reaches gen/auth0's ClientCredential")
	require.Equal(t, old.ID, cred.Id)

	next := a0sim.TestKey(t)
	added, err := p.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{KeyID: "credkit-test-key-2", Public: &next.PublicKey, Algorithm: "PS256", Inactive: true})
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, added.Status)
	require.Equal(t, "credkit-test-key-2", added.KeyID)
	require.Equal(t, "PS256", added.Algorithm)
	require.False(t, h.Server.KeyWorks(client, &next.PublicKey), "an inactive key does not authenticate")

	third := a0sim.TestKey(t)
	_, err = p.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{KeyID: "credkit-test-key-3", Public: &third.PublicKey})
	require.ErrorIs(t, err, unified.ErrFailedPrecondition)
	require.ErrorIs(t, err, unified.ReasonLimitReached, "Auth0 holds two credentials per client")

	require.ErrorIs(t, p.DeleteJSONWebKey(ctx, old.Ref()), unified.ErrFailedPrecondition, "Auth0 refuses to delete an enabled key")
	_, err = p.DeactivateJSONWebKey(ctx, old.Ref())
	require.ErrorIs(t, err, unified.ReasonOnlyActiveSecret)

	activated, err := p.ActivateJSONWebKey(ctx, added.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusActive, activated.Status)
	require.True(t, h.Server.KeyWorks(client, &next.PublicKey))
	again, err := p.ActivateJSONWebKey(ctx, added.Ref())
	require.NoError(t, err, "activating an active key is harmless")
	require.Equal(t, unified.StatusActive, again.Status)

	deactivated, err := p.DeactivateJSONWebKey(ctx, old.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, deactivated.Status)
	require.False(t, h.SecretWorks(client, oldPEM))
	require.NoError(t, p.DeleteJSONWebKey(ctx, old.Ref()))
	require.NoError(t, p.DeleteJSONWebKey(ctx, old.Ref()), "a key already gone is not an error")
	_, err = p.GetJSONWebKey(ctx, old.Ref())
	require.ErrorIs(t, err, unified.ErrNotFound)
	got, err := p.GetJSONWebKey(ctx, added.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusActive, got.Status)
	require.Equal(t, jwk.RSAThumbprint(&next.PublicKey) != "", got.Hint != "")
}

func TestAddJSONWebKeyRefusesWhatAuth0CannotTake(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, _ := h.NewClient(t)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	good := &a0sim.TestKey(t).PublicKey
	for name, key := range map[string]unified.NewJSONWebKey{
		"EC key":         {KeyID: "kid-ec-000001", Public: &ec.PublicKey},
		"1024-bit key":   {KeyID: "kid-small-001", Public: &small.PublicKey},
		"encryption key": {KeyID: "kid-enc-00001", Public: good, Use: "enc"},
		"unknown alg":    {KeyID: "kid-alg-00001", Public: good, Algorithm: "HS256"},
		"no key at all":  {KeyID: "kid-none-0001"},
	} {
		t.Run(name, func(t *testing.T) {
			before := h.Requests()
			_, err := p.AddJSONWebKey(context.Background(), client, key)
			require.ErrorIs(t, err, unified.ErrInvalidArgument)
			require.Equal(t, before, h.Requests(), "refused before any request")
		})
	}
}

func TestThumbprintIsRFC7638(t *testing.T) {
	// RFC 7638 section 3.1's example key and thumbprint.
	n := "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	pub := &rsa.PublicKey{N: b64Int(t, n), E: 65537}
	require.Equal(t, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", jwk.RSAThumbprint(pub))
}
