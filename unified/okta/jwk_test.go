package okta

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
)

func jwkFrom(t testing.TB, raw string) gen.OAuth2ClientJsonWebKey {
	var k gen.OAuth2ClientJsonWebKey
	require.NoError(t, json.Unmarshal([]byte(raw), &k))
	return k
}

func TestDecodeJWK(t *testing.T) {
	cases := map[string]struct {
		raw     string
		use     string
		kty     string
		hasKey  bool
		problem string
	}{
		"RSA signing":            {`{"id":"pks1","kid":"a","kty":"RSA","use":"sig","alg":"RS256","status":"ACTIVE","e":"AQAB","n":"sXch","created":"2023-02-21T20:08:24.000Z"}`, "sig", "RSA", true, ""},
		"null use is signing":    {`{"id":"pks1","kid":"a","kty":"RSA","use":null,"status":"ACTIVE","e":"AQAB","n":"sXch"}`, "sig", "RSA", true, ""},
		"missing use is signing": {`{"id":"pks1","kid":"a","kty":"RSA","status":"INACTIVE"}`, "sig", "RSA", false, ""},
		"RSA encryption":         {`{"id":"pks2","kid":"b","kty":"RSA","use":"enc","status":"ACTIVE","e":"AQAB","n":"sXch"}`, "enc", "RSA", true, ""},
		"EC signing P-256":       {`{"id":"pks3","kid":"c","kty":"EC","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `","status":"ACTIVE"}`, "sig", "EC", true, ""},
		"unknown use":            {`{"id":"pks4","kty":"RSA","use":"wrap"}`, "", "", false, "unknown use"},
		"unknown kty":            {`{"id":"pks5","kty":"OKP","use":"sig","x":"abc"}`, "", "", false, "unknown key type"},
		"bad base64":             {`{"id":"pks6","kty":"RSA","n":"!!","e":"AQAB"}`, "", "", false, "not base64url"},
		"EC point off the curve": {`{"id":"pks7","kty":"EC","crv":"P-256","x":"` + ecX + `","y":"` + ecX + `"}`, "", "", false, "EC point"},
		"unknown curve":          {`{"id":"pks8","kty":"EC","crv":"P-192","x":"AA","y":"AA"}`, "", "", false, "unknown EC curve"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			key, err := decodeJWK("0oa1", jwkFrom(t, c.raw))
			if c.problem != "" {
				require.ErrorContains(t, err, c.problem)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.use, key.Use)
			require.Equal(t, c.kty, key.KeyType)
			require.Equal(t, c.hasKey, key.Public != nil)
			require.Equal(t, unified.KindJSONWebKey, key.Kind)
			var raw gen.OAuth2ClientJsonWebKey
			require.True(t, key.As(&raw), "As reaches the generated type")
		})
	}
}

// A fixed P-256 point (the generator), base64url.
const (
	ecX = "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY"
	ecY = "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU"
)

func TestJWKRequestRoundTrip(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	for name, in := range map[string]unified.NewJSONWebKey{
		"RSA signing":    {KeyID: "k1", Public: &rsaKey.PublicKey, Algorithm: "RS256"},
		"RSA encryption": {KeyID: "k2", Use: "enc", Public: &rsaKey.PublicKey, Inactive: true},
		"EC signing":     {KeyID: "k3", Public: &ecKey.PublicKey},
	} {
		t.Run(name, func(t *testing.T) {
			req, err := jwkRequest(in)
			require.NoError(t, err)
			raw, err := req.MarshalJSON()
			require.NoError(t, err)
			var answer map[string]any
			require.NoError(t, json.Unmarshal(raw, &answer))
			answer["id"] = "pks9"
			back, _ := json.Marshal(answer)
			key, err := decodeJWK("0oa1", jwkFrom(t, string(back)))
			require.NoError(t, err)
			require.Equal(t, in.KeyID, key.KeyID)
			require.True(t, key.Public.(interface{ Equal(crypto.PublicKey) bool }).Equal(in.Public), "the public key survives the wire form")
			wantStatus := unified.StatusActive
			if in.Inactive {
				wantStatus = unified.StatusInactive
			}
			require.Equal(t, wantStatus, key.Status)
		})
	}
	_, err = jwkRequest(unified.NewJSONWebKey{KeyID: "k", Use: "enc", Public: &ecKey.PublicKey})
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
	_, err = jwkRequest(unified.NewJSONWebKey{KeyID: "k", Public: "not a key"})
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
}

func FuzzDecodeJWK(f *testing.F) {
	f.Add(`{"id":"pks1","kid":"a","kty":"RSA","use":null,"status":"ACTIVE","e":"AQAB","n":"sXch"}`)
	f.Add(`{"id":"pks2","kid":"b","kty":"RSA","use":"enc","e":"AQAB","n":"sXch"}`)
	f.Add(`{"id":"pks3","kty":"EC","crv":"P-256","x":"` + ecX + `","y":"` + ecY + `"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var k gen.OAuth2ClientJsonWebKey
		if json.Unmarshal([]byte(raw), &k) != nil {
			return
		}
		key, err := decodeJWK("0oa1", k)
		if err == nil {
			require.Contains(t, []string{"sig", "enc"}, key.Use)
		}
	})
}

// smallRSAKey is a 1024-bit key: the size Okta refuses.
func smallRSAKey(t testing.TB) *rsa.PublicKey {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	return &k.PublicKey
}
