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
	return decodedKey(clientID, &k)
}

// decodedKey is jsonWebKey for a key of a set this driver decoded and
// owns (an item of a client read, which nothing else holds): its private
// parameters are cleared in place, and As reaches the item itself, so the
// key costs no copy (driver.WithVendorPointer).
func decodedKey(clientID string, k *gen.JsonWebKey) unified.JSONWebKey {
	k.D, k.P, k.Q, k.Dp, k.Dq, k.Qi, k.K = nil, nil, nil, nil, nil, nil, nil
	cred := unified.Credential{Vendor: Vendor, ClientID: clientID, ID: k.Kid, Kind: unified.KindJSONWebKey,
		Status: unified.StatusActive, Hint: k.Kid}
	return unified.JSONWebKey{Credential: driver.WithVendorPointer(cred, k), KeyID: k.Kid, KeyType: k.Kty, Use: k.Use,
		Algorithm: k.Alg, Public: rsaPublic(*k)}
}

// rsaPublic decodes an RSA key's parameters; nil for another key or bad
// parameters. The key and its modulus are one allocation, and the
// parameters are decoded on the stack (up to an 8192-bit modulus).
func rsaPublic(k gen.JsonWebKey) *rsa.PublicKey {
	if k.Kty != "RSA" || k.N == nil || k.E == nil {
		return nil
	}
	var nBuf [1024]byte
	var eBuf [48]byte
	n, ok1 := decodeParam(nBuf[:], *k.N)
	e, ok2 := decodeParam(eBuf[:], *k.E)
	if !ok1 || !ok2 || len(e) == 0 || len(e) > 4 {
		return nil
	}
	exp := 0
	for _, b := range e {
		exp = exp<<8 | int(b)
	}
	pub := new(struct {
		rsa.PublicKey
		n big.Int
	})
	pub.PublicKey = rsa.PublicKey{N: pub.n.SetBytes(n), E: exp}
	return &pub.PublicKey
}

// decodeParam decodes the base64url parameter s into buf, or into a new
// slice when it may not fit.
func decodeParam(buf []byte, s string) ([]byte, bool) {
	if base64.RawURLEncoding.DecodedLen(len(s)) > len(buf) {
		b, err := base64.RawURLEncoding.DecodeString(s)
		return b, err == nil
	}
	n, err := base64.RawURLEncoding.Decode(buf, []byte(s))
	return buf[:n], err == nil
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
