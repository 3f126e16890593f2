package ory

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

func TestJSONWebKeysOnHydra(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, nil)
	ctx := context.Background()
	client, oldPEM := h.NewClient(t)

	keys, err := p.ListJSONWebKeys(ctx, client)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	old := keys[0]
	require.Equal(t, unified.StatusActive, old.Status)
	require.NotNil(t, old.Public, "the key's parameters are decoded")

	newKey, err := orytest.NewKey()
	require.NoError(t, err)
	added, err := p.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{Public: &newKey.PublicKey})
	require.NoError(t, err)
	require.Equal(t, jwk.RSAThumbprint(&newKey.PublicKey), added.KeyID, "no kid: the thumbprint")
	require.True(t, h.SecretWorks(client, oldPEM), "the old key still works")
	require.True(t, h.SecretWorks(client, orytest.PrivatePEM(newKey)), "the added key works")

	got, err := p.GetJSONWebKey(ctx, added.Ref())
	require.NoError(t, err)
	require.Equal(t, added.KeyID, got.KeyID)
	var raw gen.JsonWebKey
	require.True(t, got.As(&raw), "As reaches the key as Hydra holds it")
	require.Equal(t, added.KeyID, raw.Kid)

	_, err = p.DeactivateJSONWebKey(ctx, added.Ref())
	require.ErrorIs(t, err, unified.ErrUnimplemented)
	activated, err := p.ActivateJSONWebKey(ctx, added.Ref())
	require.NoError(t, err, "every key is active: activating reads it")
	require.Equal(t, unified.StatusActive, activated.Status)

	require.NoError(t, p.DeleteJSONWebKey(ctx, old.Ref()))
	require.False(t, h.SecretWorks(client, oldPEM), "the deleted key is refused")
	require.True(t, h.SecretWorks(client, orytest.PrivatePEM(newKey)))
	require.NoError(t, p.DeleteJSONWebKey(ctx, old.Ref()), "deleting a key gone already is harmless")
	err = p.DeleteJSONWebKey(ctx, added.Ref())
	require.ErrorIs(t, err, unified.ReasonOnlyActiveSecret, "the only key stays")
	require.True(t, h.SecretWorks(client, orytest.PrivatePEM(newKey)))

	_, err = p.GetJSONWebKey(ctx, unified.CredentialRef{ClientID: client, ID: "no-such-kid"})
	require.ErrorIs(t, err, unified.ErrNotFound)
}

func TestAddJSONWebKeyRefusals(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, nil)
	client, _ := h.NewClient(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	good, err := orytest.NewKey()
	require.NoError(t, err)
	held, err := p.ListJSONWebKeys(context.Background(), client)
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		key  unified.NewJSONWebKey
		code error
	}{
		{"an EC key", unified.NewJSONWebKey{Public: &ec.PublicKey}, unified.ErrInvalidArgument},
		{"a small RSA key", unified.NewJSONWebKey{Public: &small.PublicKey}, unified.ErrInvalidArgument},
		{"an encryption key", unified.NewJSONWebKey{Public: &good.PublicKey, Use: "enc"}, unified.ErrInvalidArgument},
		{"an inactive key", unified.NewJSONWebKey{Public: &good.PublicKey, Inactive: true}, unified.ErrUnimplemented},
		{"a kid the set holds", unified.NewJSONWebKey{Public: &good.PublicKey, KeyID: held[0].KeyID}, unified.ErrAlreadyExists},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := h.SecretCount(client)
			_, err := p.AddJSONWebKey(context.Background(), client, tt.key)
			require.ErrorIs(t, err, tt.code)
			require.Equal(t, before, h.SecretCount(client), "the set is unchanged")
		})
	}
}

// BenchmarkGetClientKeys reads a private_key_jwt client (Hydra's real
// answer) and returns its keys.
func BenchmarkGetClientKeys(b *testing.B) {
	p := benchProvider(b, recordedAnswer(b, "key_rotation", 2))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		keys, err := p.ListJSONWebKeys(ctx, "2be30beb-16c6-4338-9fe8-d2079f09ebdb")
		if err != nil || len(keys) == 0 {
			b.Fatal(err, len(keys))
		}
	}
}
