package auth0

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/credkit/credkit/internal/jwk"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// TestThumbprintMatchesRealKids derives the kid of every public key that
// go-auth0 sent to a real tenant and requires it to equal the kid Auth0
// answered: the simulator's kids are made the way Auth0 makes them.
func TestThumbprintMatchesRealKids(t *testing.T) {
	path := filepath.Join("..", "..", "cassettes", "auth0", "realworld", "TestClient_CreateCredential")
	c, err := cassette.Load(path)
	require.NoError(t, err)
	in := c.Interactions[1] // POST /credentials with a PEM, answered with its kid
	var req struct{ Pem string }
	var resp struct{ Kid string }
	require.NoError(t, jsonUnmarshal(in.Request.Body, &req))
	require.NoError(t, jsonUnmarshal(in.Response.Body, &resp))
	pub, cert, err := parsePEM(req.Pem)
	require.NoError(t, err)
	require.Nil(t, cert)
	require.Equal(t, resp.Kid, jwk.RSAThumbprint(pub))
	require.Equal(t, "QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A", jwk.RSAThumbprint(pub))
}

func TestParsePEM(t *testing.T) {
	key := testKey(t, 2048)
	small := testKey(t, 1024)
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	smallSPKI, err := x509.MarshalPKIXPublicKey(&small.PublicKey)
	require.NoError(t, err)
	certDER := testCert(t, key, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	enc := func(typ string, der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	}
	tests := []struct {
		name, pem, wantErr string
		cert               bool
	}{
		{"spki", enc("PUBLIC KEY", spki), "", false},
		{"pkcs1", enc("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&key.PublicKey)), "", false},
		{"certificate", enc("CERTIFICATE", certDER), "", true},
		{"not pem", "MIIB", "not PEM-encoded", false},
		{"two blocks", enc("PUBLIC KEY", spki) + enc("PUBLIC KEY", spki), "more than one PEM block", false},
		{"private key", enc("PRIVATE KEY", []byte{1}), "not PRIVATE KEY", false},
		{"garbage", enc("PUBLIC KEY", []byte{1, 2, 3}), "does not parse", false},
		{"short", enc("PUBLIC KEY", smallSPKI), "at least 2048 bits", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, cert, err := parsePEM(tt.pem)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, key.N, pub.N)
			require.Equal(t, tt.cert, cert != nil)
		})
	}
}

var testKeys = map[int]*rsa.PrivateKey{}

// testKey returns an RSA key of bits, one per size per test binary.
func testKey(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	if k, ok := testKeys[bits]; ok {
		return k
	}
	k, err := rsa.GenerateKey(rand.Reader, bits)
	require.NoError(t, err)
	testKeys[bits] = k
	return k
}

// testCert self-signs a certificate for key that expires at notAfter.
func testCert(t testing.TB, key *rsa.PrivateKey, notAfter time.Time) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "credkit"}, NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return der
}

// jsonUnmarshal decodes a recorded body.
func jsonUnmarshal(body string, v any) error { return json.Unmarshal([]byte(body), v) }
