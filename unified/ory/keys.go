package ory

import (
	"context"
	"crypto/rsa"
	"slices"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// maxKeys is how many keys credkit keeps in a client's set: Hydra sets no
// limit, but a rotation needs two (old and new) and no more.
const maxKeys = 2

// minKeyBits is the smallest RSA key credkit adds.
const minKeyBits = 2048

// ListJSONWebKeys lists the keys of the client's own JSON Web Key Set.
// Hydra accepts an assertion signed by any of them, so all are ACTIVE.
func (a *adapter) ListJSONWebKeys(ctx context.Context, clientID string) ([]unified.JSONWebKey, error) {
	c, err := a.getClient(ctx, "ListJSONWebKeys", clientID)
	if err != nil {
		return nil, err
	}
	keys := clientKeys(c)
	out := make([]unified.JSONWebKey, len(keys))
	for i := range keys {
		out[i] = decodedKey(clientID, &keys[i])
	}
	return out, nil
}

// GetJSONWebKey reads one key of the client's set by its kid.
func (a *adapter) GetJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	c, err := a.getClient(ctx, "GetJSONWebKey", ref.ClientID)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	i := keyIndex(clientKeys(c), ref.ID)
	if i < 0 {
		return unified.JSONWebKey{}, noKey(ref.ID)
	}
	return decodedKey(ref.ClientID, &clientKeys(c)[i]), nil
}

// AddJSONWebKey adds an RSA public key (at least 2048 bits, use "sig") to
// the client's set; its kid is key.KeyID, or its RFC 7638 thumbprint.
// Hydra has no inactive keys: key.Inactive is refused.
func (a *adapter) AddJSONWebKey(ctx context.Context, clientID string, key unified.NewJSONWebKey) (unified.JSONWebKey, error) {
	const op = "AddJSONWebKey"
	pub, ok := key.Public.(*rsa.PublicKey)
	switch {
	case !ok:
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "credkit adds RSA public keys only to a Hydra client")
	case pub.N.BitLen() < minKeyBits:
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "credkit adds RSA keys of at least %d bits", minKeyBits)
	case key.Use != "" && key.Use != "sig":
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "the keys of a Hydra client sign its assertions: use must be \"sig\"")
	case key.Inactive:
		return unified.JSONWebKey{}, driver.Refuse(unified.Unimplemented, unified.ReasonNotSupported,
			"Hydra accepts every key of a client's set: a key cannot be added inactive")
	}
	k := publicJWK(pub, key.KeyID, key.Algorithm)
	c, err := a.getClient(ctx, op, clientID)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	keys := clientKeys(c)
	if keyIndex(keys, k.Kid) >= 0 {
		return unified.JSONWebKey{}, driver.Refuse(unified.AlreadyExists, "", "the client's set holds a key with that kid already")
	}
	if err := a.setKeys(ctx, op, clientID, append(slices.Clone(keys), k)); err != nil {
		return unified.JSONWebKey{}, err
	}
	out := jsonWebKey(clientID, k)
	out.Public = pub
	return out, nil
}

// ActivateJSONWebKey returns the key: every key of a set is active.
func (a *adapter) ActivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return a.GetJSONWebKey(ctx, ref)
}

// DeactivateJSONWebKey is refused: Hydra has no inactive keys; delete the
// key instead (which refuses the client's only key).
func (a *adapter) DeactivateJSONWebKey(context.Context, unified.CredentialRef) (unified.JSONWebKey, error) {
	return unified.JSONWebKey{}, driver.Refuse(unified.Unimplemented, unified.ReasonNotSupported,
		"Hydra accepts every key of a client's set: a key cannot be deactivated, only deleted")
}

// DeleteJSONWebKey removes a key from the client's set; it refuses the
// set's only key. A key already gone is not an error.
func (a *adapter) DeleteJSONWebKey(ctx context.Context, ref unified.CredentialRef) error {
	const op = "DeleteJSONWebKey"
	c, err := a.getClient(ctx, op, ref.ClientID)
	if err != nil {
		return err
	}
	return a.removeKey(ctx, op, c, ref.ID)
}

// removeKey removes kid from c's set, if there, unless it is the only key.
func (a *adapter) removeKey(ctx context.Context, op string, c gen.OAuth2Client, kid string) error {
	keys := clientKeys(c)
	i := keyIndex(keys, kid)
	switch {
	case i < 0:
		return nil
	case len(keys) == 1:
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonOnlyActiveSecret,
			"refusing to remove the client's only key; rotate it instead")
	}
	return a.setKeys(ctx, op, deref(c.ClientId), slices.Delete(slices.Clone(keys), i, i+1))
}

// setKeys makes keys the client's whole set, by one JSON Patch that
// replaces /jwks, and checks that Hydra's answer holds exactly those kids.
// Replacing the set, rather than adding or removing one key by its index,
// makes a repeated request harmless and never removes a key by a stale
// index. Hydra offers no conditional update (its JSON Patch refuses
// "test": ERRATA H7), so a change another writer makes between the read
// and this patch is overwritten.
func (a *adapter) setKeys(ctx context.Context, op, clientID string, keys []gen.JsonWebKey) error {
	c, err := a.patchClient(ctx, op, clientID, gen.JsonPatchDocument{
		{Op: "replace", Path: "/jwks", Value: ptr[any](gen.JsonWebKeySet{Keys: &keys})},
	})
	if err != nil {
		return err
	}
	got := clientKeys(c)
	if !slices.EqualFunc(got, keys, func(x, y gen.JsonWebKey) bool { return x.Kid == y.Kid }) {
		return driver.Refuse(unified.Internal, "", "Hydra answered the change of the client's key set with another set (%d keys): read it again", len(got))
	}
	return nil
}

// clientKeys are the keys of the client's own set.
func clientKeys(c gen.OAuth2Client) []gen.JsonWebKey {
	if c.Jwks == nil || c.Jwks.Keys == nil {
		return nil
	}
	return *c.Jwks.Keys
}

// keyIndex is the index of the key of that kid, or -1.
func keyIndex(keys []gen.JsonWebKey, kid string) int {
	for i, k := range keys {
		if k.Kid == kid {
			return i
		}
	}
	return -1
}

func noKey(kid string) error {
	return driver.Refuse(unified.NotFound, "", "the client's set holds no key with that kid")
}
