package okta

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"net/http"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
)

func (p *adapter) ListJSONWebKeys(ctx context.Context, appID string) ([]unified.JSONWebKey, error) {
	resp, err := call.Do(ctx, p.vendor, "ListJSONWebKeys", func(ctx context.Context) (*http.Response, error) {
		return p.api.ListJwk(ctx, appID)
	}, call.Decode[gen.OAuth2ClientJsonWebKeySet](http.StatusOK))
	if err != nil {
		return nil, err
	}
	out := make([]unified.JSONWebKey, 0, len(resp.Keys))
	for _, k := range resp.Keys {
		key, err := decodeJWK(appID, k)
		if err != nil {
			return nil, undecodable("ListJSONWebKeys", err)
		}
		out = append(out, key)
	}
	return out, nil
}

func (p *adapter) GetJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return p.keyOp(ctx, "GetJSONWebKey", ref, func(ctx context.Context) (*http.Response, error) {
		return p.api.GetJwk(ctx, ref.ClientID, ref.ID)
	})
}

func (p *adapter) ActivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return p.keyOp(ctx, "ActivateJSONWebKey", ref, func(ctx context.Context) (*http.Response, error) {
		return p.api.ActivateOAuth2ClientJsonWebKey(ctx, ref.ClientID, ref.ID)
	})
}

func (p *adapter) DeactivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return p.keyOp(ctx, "DeactivateJSONWebKey", ref, func(ctx context.Context) (*http.Response, error) {
		return p.api.DeactivateOAuth2ClientJsonWebKey(ctx, ref.ClientID, ref.ID)
	})
}

func (p *adapter) DeleteJSONWebKey(ctx context.Context, ref unified.CredentialRef) error {
	_, err := call.Do(ctx, p.vendor, "DeleteJSONWebKey", func(ctx context.Context) (*http.Response, error) {
		return p.api.Deletejwk(ctx, ref.ClientID, ref.ID)
	}, gen.ParseDeletejwkResponse)
	return err
}

// keyOp runs an operation that answers one key. Every such answer,
// whatever its declared schema, is one JSON Web Key object.
func (p *adapter) keyOp(ctx context.Context, op string, ref unified.CredentialRef, send func(context.Context) (*http.Response, error)) (unified.JSONWebKey, error) {
	raw, err := call.Do(ctx, p.vendor, op, send, parseOneKey)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	key, err := decodeJWK(ref.ClientID, raw)
	if err != nil {
		return unified.JSONWebKey{}, undecodable(op, err)
	}
	return key, nil
}

func parseOneKey(resp *http.Response) (gen.OAuth2ClientJsonWebKey, error) {
	var k gen.OAuth2ClientJsonWebKey
	err := decodeJSON(resp, &k)
	return k, err
}

// AddJSONWebKey adds an RSA (signing or encryption) or EC (signing) key.
func (p *adapter) AddJSONWebKey(ctx context.Context, appID string, key unified.NewJSONWebKey) (unified.JSONWebKey, error) {
	body, err := jwkRequest(key)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	raw, err := call.Do(ctx, p.vendor, "AddJSONWebKey", func(ctx context.Context) (*http.Response, error) {
		return p.api.AddJwk(ctx, appID, body)
	}, parseOneKey)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	out, err := decodeJWK(appID, raw)
	if err != nil {
		return unified.JSONWebKey{}, undecodable("AddJSONWebKey", err)
	}
	return out, nil
}

// jwkRequest builds addJwk's body from a public key.
func jwkRequest(key unified.NewJSONWebKey) (gen.OAuth2ClientJsonWebKeyRequest, error) {
	var req gen.OAuth2ClientJsonWebKeyRequest
	status := gen.JsonWebKeyStatusACTIVE
	if key.Inactive {
		status = gen.JsonWebKeyStatusINACTIVE
	}
	alg := optional(key.Algorithm)
	switch pub := key.Public.(type) {
	case *rsa.PublicKey:
		n, e := b64(pub.N.Bytes()), b64(big.NewInt(int64(pub.E)).Bytes())
		if key.Use == "enc" {
			return req, req.FromOAuth2ClientJsonEncryptionKeyRequest(gen.OAuth2ClientJsonEncryptionKeyRequest{
				Kid: optional(key.KeyID), Status: &status, Kty: "RSA", Use: "enc", Alg: alg, N: &n, E: &e})
		}
		var sig gen.OAuth2ClientJsonSigningKeyRequest
		use := gen.OAuth2ClientJsonWebKeyRsaRequestUseSig
		if err := sig.FromOAuth2ClientJsonWebKeyRsaRequest(gen.OAuth2ClientJsonWebKeyRsaRequest{
			Kid: optional(key.KeyID), Status: &status, Kty: "RSA", Use: &use, Alg: alg, N: &n, E: &e}); err != nil {
			return req, err
		}
		return req, signing(&req, sig, key.Use)
	case *ecdsa.PublicKey:
		raw, err := pub.Bytes()
		if err != nil {
			return req, badKey(err.Error())
		}
		size := (len(raw) - 1) / 2
		x, y := b64(raw[1:1+size]), b64(raw[1+size:])
		crv := pub.Curve.Params().Name
		var sig gen.OAuth2ClientJsonSigningKeyRequest
		use := gen.OAuth2ClientJsonWebKeyECRequestUseSig
		if err := sig.FromOAuth2ClientJsonWebKeyECRequest(gen.OAuth2ClientJsonWebKeyECRequest{
			Kid: optional(key.KeyID), Status: &status, Kty: "EC", Use: &use, Alg: alg, Crv: &crv, X: &x, Y: &y}); err != nil {
			return req, err
		}
		return req, signing(&req, sig, key.Use)
	}
	return req, badKey("the public key must be an *rsa.PublicKey or an *ecdsa.PublicKey")
}

func signing(req *gen.OAuth2ClientJsonWebKeyRequest, sig gen.OAuth2ClientJsonSigningKeyRequest, use string) error {
	if use != "" && use != "sig" {
		return badKey(`only RSA keys can be encryption keys; use must be "sig" or "enc"`)
	}
	return req.FromOAuth2ClientJsonSigningKeyRequest(sig)
}

func badKey(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Message: msg}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
