package okta

import (
	"crypto/ecdh"
	"encoding/base64"
	"math/big"
	"strings"
)

const minRSABits = 2048

// jwkRequest is the body of addJwk: a signing key (RSA or EC, use sig or
// none) or an RSA encryption key (use enc).
type jwkRequest struct {
	Kid    *string `json:"kid"`
	Status *string `json:"status"`
	Kty    string  `json:"kty"`
	Alg    *string `json:"alg"`
	Use    *string `json:"use"`
	E      string  `json:"e"`
	N      string  `json:"n"`
	Crv    string  `json:"crv"`
	X      string  `json:"x"`
	Y      string  `json:"y"`
}

// checkNewJWK applies Okta's rules to a key about to join a; it returns the
// key without id and timestamps.
func (a *app) checkNewJWK(req jwkRequest) (*jwk, *apiError) {
	if err := a.checkKid(req.Kid); err != nil {
		return nil, err
	}
	status, ok := parseStatus(req.Status)
	if !ok {
		return nil, errValidation(jwkType, "status: must be ACTIVE or INACTIVE.")
	}
	k := &jwk{kid: req.Kid, status: status, kty: req.Kty, use: useSig, alg: deref(req.Alg)}
	switch deref(req.Use) {
	case "", useSig:
	case useEnc:
		k.use = useEnc
	default:
		return nil, errValidation(jwkType, "use: must be sig or enc.")
	}
	if err := k.checkMaterial(req); err != nil {
		return nil, err
	}
	if k.use == useEnc && k.status == statusActive && a.activeEncryptionKey() != nil {
		return nil, errValidation(jwkType, "The client already has an active encryption key. Add this key as INACTIVE and activate it to replace the current one.")
	}
	return k, nil
}

// checkKid enforces the key limit and unique, non-null kids: a key without
// kid is allowed only as the app's first key, and nothing can join a key
// that has none.
func (a *app) checkKid(kid *string) *apiError {
	if len(a.jwks) >= maxJWKs {
		return errValidation(jwkType, "A client can have at most 50 JSON Web Keys.")
	}
	if len(a.jwks) == 0 {
		return nil
	}
	for _, k := range a.jwks {
		if k.kid == nil || *k.kid == "" {
			return errValidation(jwkType, "You can't add a key while an existing key has no 'kid'. Give the existing key a 'kid' first.")
		}
	}
	if kid == nil || *kid == "" {
		return errValidation(jwkType, "kid: each key of a client with several keys needs a unique, non-null 'kid'.")
	}
	for _, k := range a.jwks {
		if *k.kid == *kid {
			return errValidation(jwkType, "kid: another key of this client already has the 'kid' "+*kid+".")
		}
	}
	return nil
}

// checkMaterial checks the public key itself and copies it into k.
func (k *jwk) checkMaterial(req jwkRequest) *apiError {
	switch {
	case req.Kty == "RSA":
		return k.checkRSA(req)
	case req.Kty == "EC" && k.use == useEnc:
		return errValidation(jwkType, "Encryption keys must be RSA keys.")
	case req.Kty == "EC":
		return k.checkEC(req)
	}
	return errValidation(jwkType, "kty: must be RSA or EC.")
}

func (k *jwk) checkRSA(req jwkRequest) *apiError {
	n, err := decodeB64URL(req.N)
	if err != nil || len(n) == 0 {
		return errValidation(jwkType, "The RSA modulus 'n' is missing or not base64url.")
	}
	if new(big.Int).SetBytes(n).BitLen() < minRSABits {
		return errValidation(jwkType, "RSA key length in the 'jwks' is less than '2,048' bits for the given key.")
	}
	e := req.E
	if e == "" {
		e = "AQAB"
	}
	if eb, err := decodeB64URL(e); err != nil || len(eb) == 0 {
		return errValidation(jwkType, "The RSA exponent 'e' is not base64url.")
	}
	k.n, k.e = req.N, e
	return nil
}

func (k *jwk) checkEC(req jwkRequest) *apiError {
	curves := map[string]ecdh.Curve{"P-256": ecdh.P256(), "P-384": ecdh.P384(), "P-521": ecdh.P521()}
	curve, ok := curves[req.Crv]
	if !ok {
		return errValidation(jwkType, "crv: must be P-256, P-384 or P-521.")
	}
	x, errX := decodeB64URL(req.X)
	y, errY := decodeB64URL(req.Y)
	if errX != nil || errY != nil || len(x) != len(y) {
		return errValidation(jwkType, "The EC coordinates 'x' and 'y' are missing or not base64url.")
	}
	point := append(append([]byte{4}, x...), y...)
	if _, err := curve.NewPublicKey(point); err != nil {
		return errValidation(jwkType, "The EC key is not a point on "+req.Crv+".")
	}
	k.crv, k.x, k.y = req.Crv, req.X, req.Y
	return nil
}

func (a *app) activeEncryptionKey() *jwk {
	for _, k := range a.jwks {
		if k.use == useEnc && k.status == statusActive {
			return k
		}
	}
	return nil
}

// decodeB64URL decodes base64url with or without padding.
func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
