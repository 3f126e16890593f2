package ory

import (
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"slices"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// publicJWK is pub as a JSON Web Key for signing; kid "" means its
// RFC 7638 thumbprint, alg "" RS256.
func publicJWK(pub *rsa.PublicKey, kid, alg string) gen.JsonWebKey {
	if kid == "" {
		kid = jwk.RSAThumbprint(pub)
	}
	if alg == "" {
		alg = "RS256"
	}
	n := base64.RawURLEncoding.EncodeToString(pub.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	return gen.JsonWebKey{Kty: "RSA", Use: "sig", Alg: alg, Kid: kid, N: &n, E: &e}
}

// jsonWebKey is the portable form of a key of a client's set; As reaches
// gen.JsonWebKey, without private parameters should a set hold any.
func jsonWebKey(clientID string, k gen.JsonWebKey) unified.JSONWebKey {
	k.D, k.P, k.Q, k.Dp, k.Dq, k.Qi, k.K = nil, nil, nil, nil, nil, nil, nil
	cred := unified.Credential{Vendor: Vendor, ClientID: clientID, ID: k.Kid, Kind: unified.KindJSONWebKey,
		Status: unified.StatusActive, Hint: k.Kid}
	return unified.JSONWebKey{Credential: driver.WithVendorValue(cred, k), KeyID: k.Kid, KeyType: k.Kty, Use: k.Use,
		Algorithm: k.Alg, Public: rsaPublic(k)}
}

// rsaPublic decodes an RSA key's parameters; nil for another key or bad
// parameters.
func rsaPublic(k gen.JsonWebKey) *rsa.PublicKey {
	if k.Kty != "RSA" || k.N == nil || k.E == nil {
		return nil
	}
	n, err1 := base64.RawURLEncoding.DecodeString(*k.N)
	e, err2 := base64.RawURLEncoding.DecodeString(*k.E)
	if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
		return nil
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
}

// newKey is the rotation's key pair: RotateOptions.NewSecret (a PEM RSA
// private key), generated for a new rotation (never one the set holds
// already: a test's pool of keys may hand one out again), nil when a
// resumed one gives none.
func newKey(opts *unified.RotateOptions, generate func() (*rsa.PrivateKey, error), held []gen.JsonWebKey) (*rsa.PrivateKey, error) {
	if !opts.NewSecret.IsZero() {
		return parsePrivateKey(opts.NewSecret)
	}
	if opts.Resume != nil {
		return nil, nil
	}
	for range maxKeys + 1 {
		key, err := generate()
		if err != nil {
			return nil, driver.Refuse(unified.Internal, "", "making a key: %v", err)
		}
		kid := jwk.RSAThumbprint(&key.PublicKey)
		if !slices.ContainsFunc(held, func(k gen.JsonWebKey) bool { return k.Kid == kid }) {
			return key, nil
		}
	}
	return nil, driver.Refuse(unified.Internal, "", "Options.GenerateKey keeps making keys the client holds already")
}

// parsePrivateKey reads a PEM RSA private key, PKCS#8 or PKCS#1.
func parsePrivateKey(s unified.Secret) (*rsa.PrivateKey, error) {
	refuse := driver.Refuse(unified.InvalidArgument, unified.ReasonSecretNotAccepted,
		"RotateOptions.NewSecret of a private_key_jwt client must be a PEM RSA private key of at least %d bits", minKeyBits)
	key, ok := jwk.ParseRSAPrivateKey(s.Reveal())
	if !ok || key.N.BitLen() < minKeyBits {
		return nil, refuse
	}
	return key, nil
}

// privatePEM is key as a PKCS#8 PEM secret.
func privatePEM(key *rsa.PrivateKey) unified.Secret { return unified.NewSecret(jwk.PrivatePEM(key)) }
