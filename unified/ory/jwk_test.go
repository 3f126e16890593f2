package ory

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

func TestPublicJWKRoundTrips(t *testing.T) {
	key, err := orytest.NewKey()
	require.NoError(t, err)
	k := publicJWK(&key.PublicKey, "", "")
	require.Equal(t, jwk.RSAThumbprint(&key.PublicKey), k.Kid)
	require.Equal(t, "RS256", k.Alg)
	require.Equal(t, "AQAB", *k.E)
	require.True(t, key.PublicKey.Equal(rsaPublic(k)))
	named := publicJWK(&key.PublicKey, "mine", "PS256")
	require.Equal(t, "mine", named.Kid)
	require.Equal(t, "PS256", named.Alg)
}

// TestRSAPublicDecodesOnTheStack: a key and its modulus are one
// allocation and the modulus's words another; a modulus longer than the
// stack buffer (past 8192 bits) still decodes.
func TestRSAPublicDecodesOnTheStack(t *testing.T) {
	key, err := orytest.NewKey()
	require.NoError(t, err)
	k := publicJWK(&key.PublicKey, "", "")
	require.Equal(t, 2.0, testing.AllocsPerRun(100, func() { rsaPublic(k) }))
	huge := &rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(3), 9000), E: 65537}
	require.True(t, huge.Equal(rsaPublic(publicJWK(huge, "h", ""))))
}

func TestRSAPublicRefusesWhatIsNotAnRSAKey(t *testing.T) {
	bad := "!!"
	long := "AQABAQAB"
	for _, k := range []gen.JsonWebKey{
		{Kty: "EC", X: &bad},
		{Kty: "RSA"},
		{Kty: "RSA", N: &bad, E: &bad},
		{Kty: "RSA", N: ptr("AQAB"), E: &long},
	} {
		require.Nil(t, rsaPublic(k), "%+v", k)
	}
}

func TestJSONWebKeyHidesPrivateParameters(t *testing.T) {
	d := "private"
	k := jsonWebKey("c1", gen.JsonWebKey{Kty: "RSA", Kid: "k1", Use: "sig", Alg: "RS256", D: &d, P: &d, Q: &d, Dp: &d, Dq: &d, Qi: &d, K: &d})
	var raw gen.JsonWebKey
	require.True(t, k.As(&raw))
	require.Nil(t, raw.D)
	require.Nil(t, raw.P)
	require.Nil(t, raw.K)
	require.Equal(t, "k1", k.ID)
	require.Equal(t, unified.StatusActive, k.Status)
}

func TestParsePrivateKey(t *testing.T) {
	key, err := orytest.NewKey()
	require.NoError(t, err)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	for _, tt := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"PKCS#8", orytest.PrivatePEM(key), true},
		{"PKCS#1", pkcs1, true},
		{"too small", orytest.PrivatePEM(small), false},
		{"not PEM", "secret", false},
		{"PEM of something else", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("x")})), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePrivateKey(unified.NewSecret(tt.in))
			if !tt.ok {
				require.ErrorIs(t, err, unified.ReasonSecretNotAccepted)
				return
			}
			require.NoError(t, err)
			require.True(t, key.Equal(got))
		})
	}
}

func TestNewKeyNeverOneTheSetHolds(t *testing.T) {
	key, err := orytest.NewKey()
	require.NoError(t, err)
	held := []gen.JsonWebKey{publicJWK(&key.PublicKey, "", "")}
	always := func() (*rsa.PrivateKey, error) { return key, nil }
	_, err = newKey(&unified.RotateOptions{}, always, held)
	require.ErrorIs(t, err, unified.ErrInternal, "a generator stuck on a held key is refused, not looped on")
	got, err := newKey(&unified.RotateOptions{}, always, nil)
	require.NoError(t, err)
	require.Same(t, key, got)
	got, err = newKey(&unified.RotateOptions{Resume: &unified.Rotation{}}, always, nil)
	require.NoError(t, err)
	require.Nil(t, got, "a resumed rotation without NewSecret makes no key")
}
