package okta_test

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testCA is a fixed Ed25519 certificate authority: Ed25519 signatures are
// deterministic, so certificates it issues are the same bytes every run,
// which keeps recorded cassettes byte-identical.
var testCA = ed25519.NewKeyFromSeed(func() []byte { s := sha256.Sum256([]byte("credkit test CA")); return s[:] }())

// csrPublicKey parses a base64 DER CSR and returns its public key.
func csrPublicKey(t testing.TB, csrB64 string) crypto.PublicKey {
	t.Helper()
	der, err := base64.StdEncoding.DecodeString(csrB64)
	require.NoError(t, err)
	req, err := x509.ParseCertificateRequest(der)
	require.NoError(t, err)
	require.NoError(t, req.CheckSignature())
	return req.PublicKey
}

// issue makes a DER certificate for pub, signed by testCA, valid from
// notBefore for validFor.
func issue(t testing.TB, pub crypto.PublicKey, serial int64, notBefore time.Time, validFor time.Duration) []byte {
	t.Helper()
	ca := pkix.Name{CommonName: "credkit test CA"}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: "SP Issuer"},
		Issuer:       ca,
		NotBefore:    notBefore,
		NotAfter:     notBefore.Add(validFor),
	}
	parent := &x509.Certificate{Subject: ca, PublicKey: testCA.Public()}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, testCA)
	require.NoError(t, err)
	return der
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
