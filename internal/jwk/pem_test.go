package jwk

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPEMRoundTrip(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // a test key: its size does not matter
	require.NoError(t, err)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	for _, c := range []struct {
		name, text string
		ok         bool
	}{
		{"PKCS#8", PrivatePEM(key), true},
		{"PKCS#1", pkcs1, true},
		{"not PEM", "hunter2", false},
		{"a public key", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)})), false},
		{"empty", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ParseRSAPrivateKey(c.text)
			require.Equal(t, c.ok, ok)
			if !c.ok {
				require.Empty(t, PEMThumbprint(c.text))
				return
			}
			require.True(t, key.Equal(got))
			require.Equal(t, RSAThumbprint(&key.PublicKey), PEMThumbprint(c.text))
		})
	}
}
