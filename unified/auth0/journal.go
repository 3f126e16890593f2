package auth0

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"slices"

	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
)

// intent is the record of an Auth0 rotation about to begin. A
// private_key_jwt client (one key, enabled) rotates with overlap: the key
// pair is made here, its private half set as opts.NewSecret (which the
// journal hands to the user before the upload), and its kid (the RFC 7638
// thumbprint, which Auth0 keeps) recorded, by which a lost answer is found
// again. A client with no key rotates its secret at once (with the
// caller's consent). Any other client is left for RotateSecret to refuse
// (another rotation is open).
func intent(ctx context.Context, p *unified.Provider, client string, o *unified.RotateOptions) (*unified.Rotation, error) {
	r := &unified.Rotation{Vendor: unified.Auth0, ClientID: client, Phase: unified.PhasePending}
	held, err := p.ListJSONWebKeys(ctx, client)
	if err != nil {
		return nil, err
	}
	var active []unified.JSONWebKey
	for _, k := range held {
		if k.Status == unified.StatusActive {
			active = append(active, k)
		}
	}
	switch {
	case len(held) == 0:
		r.NewClientID, r.Old = client, unified.CredentialRef{ClientID: client, ID: secretID}
		return r, nil
	case len(held) != 1 || len(active) != 1:
		return r, nil
	}
	key, err := keyFor(p, held)
	if err != nil {
		return nil, err
	}
	o.NewSecret = privatePEM(key)
	r.NewClientID, r.Old = client, active[0].Ref()
	r.New = unified.Credential{Vendor: unified.Auth0, ClientID: client, Kind: unified.KindJSONWebKey, Hint: jwk.RSAThumbprint(&key.PublicKey)}
	return r, nil
}

// keyFor makes the key pair of a rotation with the provider's
// GenerateKey, never one the client holds.
func keyFor(p *unified.Provider, held []unified.JSONWebKey) (*rsa.PrivateKey, error) {
	generate := func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }
	var a *adapter
	if p.As(&a) && a.genKey != nil {
		generate = a.genKey
	}
	for range len(held) + 2 {
		key, err := generate()
		if err != nil {
			return nil, err
		}
		kid := jwk.RSAThumbprint(&key.PublicKey)
		if !slices.ContainsFunc(held, func(k unified.JSONWebKey) bool { return k.KeyID == kid }) {
			return key, nil
		}
	}
	return nil, &unified.Error{Code: unified.Internal, Vendor: unified.Auth0, Op: "RotateSecret",
		Message: "GenerateKey keeps making keys the client holds already"}
}

// settlePending settles an Auth0 rotation whose intent was recorded and
// whose answer never was. It returns true when the rotation is to be
// dropped so that a new one begins: a secret rotation is immediate, so it
// is done again (a lost answer's secret is replaced by one the user gets);
// a key rotation whose private key the user's destinations do not hold can
// never be completed, so its uploaded key (found by the recorded kid) is
// deleted first; so is one whose intent recorded no kid (it cannot be told
// from another's). A key rotation whose private key is known is resumed:
// RotateSecret finds the key by its ID or kid, or uploads it.
func settlePending(ctx context.Context, p *unified.Provider, saved *unified.Rotation, secret unified.Secret) (bool, error) {
	switch {
	case saved.Old.ID == secretID || saved.Old.ID == "":
		return true, nil
	case saved.New.Hint != "" && jwk.PEMThumbprint(secret.Reveal()) == saved.New.Hint:
		return false, nil
	}
	held, err := p.ListJSONWebKeys(ctx, saved.ClientID)
	if err != nil {
		return false, err
	}
	for _, k := range held {
		orphan := k.ID != saved.Old.ID && ((saved.New.ID != "" && k.ID == saved.New.ID) || (saved.New.Hint != "" && k.KeyID == saved.New.Hint))
		if !orphan {
			continue
		}
		if k.Status == unified.StatusActive {
			if _, err := p.DeactivateJSONWebKey(ctx, k.Ref()); err != nil {
				return false, err
			}
		}
		if err := p.DeleteJSONWebKey(ctx, k.Ref()); err != nil && unified.CodeOf(err) != unified.NotFound {
			return false, err
		}
	}
	return true, nil
}
