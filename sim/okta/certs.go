package okta

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"
)

// signingSubject is the subject and issuer of generated key credentials,
// as Okta names its own self-signed SAML certificates.
var signingSubject = pkix.Name{
	Country:            []string{"US"},
	Province:           []string{"California"},
	Locality:           []string{"San Francisco"},
	Organization:       []string{"Okta"},
	OrganizationalUnit: []string{"SSOProvider"},
	CommonName:         "credkit-sim",
}

// selfSigned makes a self-signed certificate for k valid from notBefore to
// notAfter. PKCS #1 v1.5 signatures need no randomness, so the same inputs
// give the same bytes.
func selfSigned(k *pooledKey, serial int64, notBefore, notAfter time.Time) []byte {
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               signingSubject,
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.priv.PublicKey, k.priv)
	if err != nil {
		panic("okta sim: making a certificate: " + err.Error())
	}
	return der
}

// nextSerial is a certificate serial in Okta's style (creation time in
// milliseconds), made unique by a counter.
func (s *Server) nextSerial(now time.Time) int64 {
	s.serials++
	return now.UnixMilli() + s.serials
}
