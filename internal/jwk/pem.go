package jwk

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
)

// PrivatePEM is key as PKCS#8 PEM text, the form credkit hands a new key
// pair to the user in.
func PrivatePEM(key *rsa.PrivateKey) string {
	der, _ := x509.MarshalPKCS8PrivateKey(key) // an RSA key always marshals
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// ParseRSAPrivateKey reads the first PEM block of text as an RSA private
// key, PKCS#8 or PKCS#1; ok is false for anything else.
func ParseRSAPrivateKey(text string) (key *rsa.PrivateKey, ok bool) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, false
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		key, ok = k.(*rsa.PrivateKey)
		return key, ok
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, true
	}
	return nil, false
}

// PEMThumbprint is the thumbprint (RSAThumbprint) of the RSA private key
// in PEM text, "" if it holds none: a key the user's destinations kept is
// a rotation's only if its thumbprint is the kid the rotation recorded.
func PEMThumbprint(text string) string {
	key, ok := ParseRSAPrivateKey(text)
	if !ok {
		return ""
	}
	return RSAThumbprint(&key.PublicKey)
}
