package okta

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
)

func TestJSONWebKeys(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)

	sig, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "sig-1", Public: &rsaKey.PublicKey, Algorithm: "RS256"})
	require.NoError(t, err)
	require.Equal(t, "sig", sig.Use)
	require.True(t, rsaKey.PublicKey.Equal(sig.Public))
	ec, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "ec-1", Public: &ecKey.PublicKey})
	require.NoError(t, err)
	require.Equal(t, "EC", ec.KeyType)
	require.True(t, ecKey.PublicKey.Equal(ec.Public))
	enc1, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "enc-1", Use: "enc", Public: &rsaKey.PublicKey})
	require.NoError(t, err)
	require.Equal(t, "enc", enc1.Use)
	enc2, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "enc-2", Use: "enc", Public: &rsaKey.PublicKey, Inactive: true})
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, enc2.Status)

	keys, err := p.ListJSONWebKeys(ctx, app)
	require.NoError(t, err)
	require.Len(t, keys, 4)
	var raw gen.OAuth2ClientJsonWebKey
	require.True(t, keys[0].As(&raw))

	got, err := p.GetJSONWebKey(ctx, sig.Ref())
	require.NoError(t, err)
	require.Equal(t, "sig-1", got.KeyID)

	activated, err := p.ActivateJSONWebKey(ctx, enc2.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusActive, activated.Status)
	enc1Now, err := p.GetJSONWebKey(ctx, enc1.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, enc1Now.Status, "activating an encryption key deactivates the other")

	_, err = p.DeactivateJSONWebKey(ctx, enc2.Ref())
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "encryption keys cannot be deactivated")
	require.ErrorIs(t, p.DeleteJSONWebKey(ctx, sig.Ref()), unified.ErrInvalidArgument, "active keys cannot be deleted")
	deactivated, err := p.DeactivateJSONWebKey(ctx, sig.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, deactivated.Status)
	require.NoError(t, p.DeleteJSONWebKey(ctx, sig.Ref()))
	_, err = p.GetJSONWebKey(ctx, sig.Ref())
	require.ErrorIs(t, err, unified.ErrNotFound)

	_, err = p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "small", Public: smallRSAKey(t)})
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
	_, err = p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "ec-1", Public: &ecKey.PublicKey})
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "kids are unique")
}

// A key added without a kid gets none from credkit: the vendor's default
// applies, and the key is found by its Okta ID.
func TestJSONWebKeyWithoutKid(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	k, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{Public: &key.PublicKey})
	require.NoError(t, err)
	require.NotEmpty(t, k.ID)
	got, err := p.GetJSONWebKey(ctx, k.Ref())
	require.NoError(t, err)
	require.Equal(t, k.ID, got.ID)
	_, err = p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "a/b", Public: &key.PublicKey})
	require.ErrorIs(t, err, unified.ReasonInvalidID, "a kid, when given, is checked")
}
