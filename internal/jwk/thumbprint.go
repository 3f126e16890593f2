// Package jwk holds what credkit's key rotations (Auth0's, Ory's) must
// agree on about a key: its PKCS#8 PEM form and how to read it back, and
// its RFC 7638 thumbprint, which the adapter uses as the kid of the
// keys it uploads, the rotation journal uses to find a key whose answer
// was lost, and the simulator gives keys uploaded without a kid (as Auth0
// does: the real recordings' kid of a key equals its thumbprint).
package jwk

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
)

// RSAThumbprint is the RFC 7638 JWK thumbprint of an RSA public key: the
// base64url SHA-256, without padding, of {"e","kty","n"} in that order.
func RSAThumbprint(pub *rsa.PublicKey) string {
	enc := base64.RawURLEncoding
	members, _ := json.Marshal(struct {
		E   string `json:"e"`
		Kty string `json:"kty"`
		N   string `json:"n"`
	}{enc.EncodeToString(big.NewInt(int64(pub.E)).Bytes()), "RSA", enc.EncodeToString(pub.N.Bytes())})
	sum := sha256.Sum256(members)
	return enc.EncodeToString(sum[:])
}
