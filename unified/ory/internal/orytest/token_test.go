package orytest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/jwk"
)

func TestAssertionIsSignedForTheClient(t *testing.T) {
	key, err := NewKey()
	require.NoError(t, err)
	a, err := Assertion(key, "c1", "http://127.0.0.1:1/oauth2/token")
	require.NoError(t, err)
	parts := strings.Split(a, ".")
	require.Len(t, parts, 3)
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	require.NoError(t, rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, sum[:], sig))
	var header map[string]string
	var claims map[string]any
	decode(t, parts[0], &header)
	decode(t, parts[1], &claims)
	require.Equal(t, jwk.RSAThumbprint(&key.PublicKey), header["kid"])
	require.Equal(t, "c1", claims["iss"])
	require.Equal(t, "c1", claims["sub"])
	again, err := Assertion(key, "c1", "x")
	require.NoError(t, err)
	var claims2 map[string]any
	decode(t, strings.Split(again, ".")[1], &claims2)
	require.NotEqual(t, claims["jti"], claims2["jti"], "each assertion has its own jti")
}

func decode(t *testing.T, part string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(part)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}
