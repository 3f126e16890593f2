package okta

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDeterministicRSA(t *testing.T) {
	k := deterministicRSA(0)
	require.Equal(t, 2048, k.N.BitLen())
	require.NoError(t, k.Validate())
	require.True(t, k.Equal(deterministicRSA(0)), "the same seed gives the same key")
	p := poolKey(0)
	require.True(t, p.priv.Equal(k))
	spki, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	sum := sha256.Sum256(spki)
	require.Equal(t, base64.RawURLEncoding.EncodeToString(sum[:]), p.kid)
	require.Same(t, p, poolKey(0), "pool keys are made once")
}

func TestNextKeySkipsKeysTheAppHolds(t *testing.T) {
	s := New(nil)
	a := &app{}
	seen := map[string]bool{}
	for range poolSize + 1 {
		k := s.nextKey(a)
		require.False(t, seen[k.kid])
		seen[k.kid] = true
		a.keys = append(a.keys, &keyCredential{kid: k.kid})
	}
	other := &app{}
	require.Equal(t, poolKey(0).kid, s.nextKey(other).kid, "other apps continue the rotation")
}

func TestPrefersPKCS10(t *testing.T) {
	tests := map[string]bool{
		"":                        false,
		"application/json":        false,
		"application/pkcs10":      true,
		"application/pkcs10, */*": true,
		"*/*, application/pkcs10": false,
		"application/*;q=0.1, application/pkcs10;q=0.2": true,
		"application/pkcs10;q=0":                        false,
		"bogus;;, application/pkcs10":                   true,
	}
	for accept, want := range tests {
		require.Equal(t, want, prefersPKCS10(accept), accept)
	}
}

func TestPageLimit(t *testing.T) {
	for raw, want := range map[string]int{"": 20, "x": 20, "0": 1, "1": 1, "200": 200, "201": 200, "37": 37} {
		require.Equal(t, want, pageLimit(raw), raw)
	}
}

func TestEpochCeil(t *testing.T) {
	at := time.Unix(100, 0)
	require.Equal(t, int64(100), epochCeil(at))
	require.Equal(t, int64(101), epochCeil(at.Add(time.Millisecond)))
}

func TestPrintableASCII(t *testing.T) {
	require.True(t, printableASCII(" ~azAZ09!"))
	require.False(t, printableASCII("tab\t"))
	require.False(t, printableASCII("del\x7f"))
	require.False(t, printableASCII("é"))
}
