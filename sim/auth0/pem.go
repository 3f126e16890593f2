package auth0

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
)

// minRSABits is the smallest RSA key the simulator accepts.
const minRSABits = 2048

// parsePEM reads a credential's pem: an SPKI ("PUBLIC KEY") or PKCS #1
// ("RSA PUBLIC KEY") RSA public key, or an X.509 certificate holding one,
// which is then returned too. Only the first PEM block is read, and
// nothing may follow it but white space.
func parsePEM(text string) (*rsa.PublicKey, *x509.Certificate, error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return nil, nil, errors.New("pem is not PEM-encoded")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, nil, errors.New("pem holds more than one PEM block")
	}
	var (
		key  any
		cert *x509.Certificate
		err  error
	)
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		cert, err = x509.ParseCertificate(block.Bytes)
		if err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, nil, errors.New("pem must be a PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE block, not " + block.Type)
	}
	if err != nil {
		return nil, nil, errors.New("pem does not parse: " + err.Error())
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, nil, errors.New("pem must hold an RSA public key")
	}
	if pub.N.BitLen() < minRSABits {
		return nil, nil, errors.New("the RSA key must be at least 2048 bits long")
	}
	return pub, cert, nil
}
