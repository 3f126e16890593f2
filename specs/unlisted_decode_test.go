package specs_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/gen/sailpoint"
)

// plainKey has JsonWebKey's fields and no methods: what encoding/json
// alone makes of a body, the reference for gen/templates' decoder.
type plainKey okta.JsonWebKey

// TestTemplateDecodesAsEncodingJSON decodes bodies that take each of the
// template's paths (fast strings, escapes, non-ASCII, null, base64 lists,
// times, booleans, escaped member names, non-objects) with the generated
// model and with encoding/json, and requires the same listed members.
func TestTemplateDecodesAsEncodingJSON(t *testing.T) {
	tests := []struct {
		name, body string
		extra      map[string]any
		err        bool
	}{
		{"plain", `{"kid":"k1","kty":"RSA","use":"sig","e":"AQAB"}`, nil, false},
		{"escapes and non-ASCII", `{"kid":"a\"b\\c\u00e9","kty":"é\n"}`, nil, false},
		{"an escaped member name", `{"k\u0069d":"k2","x\u0079":1}`, map[string]any{"xy": float64(1)}, false},
		{"null members", `{"kid":null,"x5c":null,"created":null}`, nil, false},
		{"a certificate chain", `{"x5c":["AQID","BAUG"],"x5t#S256":"t"}`, nil, false},
		{"an escaped certificate", `{"x5c":["AQ\u0049D"]}`, nil, false},
		{"times", `{"created":"2020-08-27T18:14:26.000Z","lastUpdated":"2020-08-27T18:14:26+02:00"}`, nil, false},
		{"spaces everywhere", " { \"kid\" : \"k\" ,\n\t\"n\" : \"m\" , \"_links\" : { \"a\" : [ 1 , { \"b\" : \"}\" } ] } } ",
			map[string]any{"_links": map[string]any{"a": []any{float64(1), map[string]any{"b": "}"}}}}, false},
		{"null", `null`, nil, false},
		{"an array is refused", `[1]`, nil, true},
		{"a bad time is refused", `{"created":"yesterday"}`, nil, true},
		{"bad base64 is refused", `{"x5c":["%%%"]}`, nil, true},
		{"a wrong type is refused", `{"kid":7}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got okta.JsonWebKey
			err := json.Unmarshal([]byte(tt.body), &got)
			var want plainKey
			wantErr := json.Unmarshal([]byte(tt.body), &want)
			if tt.err {
				require.Error(t, err)
				require.Error(t, wantErr, "encoding/json refuses it too")
				return
			}
			require.NoError(t, err)
			require.NoError(t, wantErr)
			extra := got.AdditionalProperties
			got.AdditionalProperties, want.AdditionalProperties = nil, nil
			require.Equal(t, okta.JsonWebKey(want), got)
			require.Equal(t, tt.extra, extra)
		})
	}
}

// TestTemplateEncodesInNameOrder: a model with unlisted members encodes
// every member in name order, and a listed name among them does not
// override the field.
func TestTemplateEncodesInNameOrder(t *testing.T) {
	c := auth0.EnabledCredential{Id: "cred_1", AdditionalProperties: map[string]any{"name": "k", "alg": "RS256", "id": "not me"}}
	out, err := json.Marshal(c)
	require.NoError(t, err)
	require.Equal(t, `{"alg":"RS256","id":"cred_1","name":"k"}`, string(out))
	out, err = json.Marshal(auth0.EnabledCredential{Id: "cred_2"})
	require.NoError(t, err)
	require.Equal(t, `{"id":"cred_2"}`, string(out))
}

// Types with the generated models' fields and no methods, for
// TestTemplateDecodesNestedAsEncodingJSON: encoding/json decodes their
// fields, and the models nested in them with their own UnmarshalJSON, as
// encoding/json calls it.
type (
	plainOryClient ory.OAuth2Client
	plainSPRequest sailpoint.CreateOAuthClientRequest
	plainAuth0Page auth0.ClientPage
)

// TestTemplateDecodesNestedAsEncodingJSON decodes bodies that take each
// of the template's other paths (numbers, null into every kind of field,
// an empty object into an interface, models and lists of models decoded
// with their UnmarshalJSON directly, values that do not fit) with the
// generated models and with encoding/json, and requires the same result,
// or an error from both. It also decodes into a value that holds earlier
// fields, which encoding/json decodes into rather than replaces.
func TestTemplateDecodesNestedAsEncodingJSON(t *testing.T) {
	key := `{"kid":"k1","kty":"RSA","use":"sig","alg":"RS256","e":"AQAB","n":"xyz","x5c":["a","b"]}`
	tests := []struct {
		name, body string
		err        bool
	}{
		{"Hydra's read", `{"client_id":"c1","client_name":"n","client_secret_expires_at":0,"created_at":"2026-12-07T09:09:53Z",` +
			`"grant_types":["client_credentials"],"audience":[],"metadata":{},"skip_consent":false,"skip_logout_consent":null,` +
			`"authorization_code_grant_access_token_lifespan":null,"jwks":{"keys":[` + key + `]},"owner":""}`, false},
		{"two keys, spaces", `{ "jwks" : { "keys" : [ ` + key + ` , ` + key + ` ] , "x" : 1 } }`, false},
		{"no keys", `{"jwks":{"keys":[]}}`, false},
		{"null keys and sets", `{"jwks":{"keys":null}}`, false},
		{"a null set", `{"jwks":null,"metadata":null,"audience":null,"created_at":null,"client_secret_expires_at":null}`, false},
		{"an empty set", `{"jwks":{}}`, false},
		{"metadata", `{"metadata":{"a":[1,"b",null],"c":{}}}`, false},
		{"negative and large numbers", `{"client_secret_expires_at":-1234567890123}`, false},
		{"a number of 19 digits", `{"client_secret_expires_at":1234567890123456789}`, false},
		{"a number too large", `{"client_secret_expires_at":12345678901234567890}`, true},
		{"a fraction", `{"client_secret_expires_at":1.5}`, true},
		{"an exponent", `{"client_secret_expires_at":1e3}`, true},
		{"a key that is no object", `{"jwks":{"keys":["k"]}}`, true},
		{"keys that are no list", `{"jwks":{"keys":{}}}`, true},
		{"a set that is a string", `{"jwks":"x"}`, true},
		{"a boolean for a string", `{"client_name":true}`, true},
		{"a string for a boolean", `{"skip_consent":"true"}`, true},
		{"a string for a number", `{"client_secret_expires_at":"1"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, into := range []string{"new", "used"} {
				var got ory.OAuth2Client
				var want plainOryClient
				if into == "used" {
					name, exp, key := "earlier", int64(7), []ory.JsonWebKey{{Kid: "old", Alg: "x"}, {Kid: "old2"}}
					got = ory.OAuth2Client{ClientName: &name, ClientSecretExpiresAt: &exp, Jwks: &ory.JsonWebKeySet{Keys: &key}}
					name2, exp2, key2 := name, exp, slices.Clone(key)
					want = plainOryClient{ClientName: &name2, ClientSecretExpiresAt: &exp2, Jwks: &ory.JsonWebKeySet{Keys: &key2}}
				}
				err := json.Unmarshal([]byte(tt.body), &got)
				wantErr := json.Unmarshal([]byte(tt.body), &want)
				if tt.err {
					require.Error(t, err, into)
					require.Error(t, wantErr, "encoding/json refuses it too")
					return
				}
				require.NoError(t, err, into)
				require.NoError(t, wantErr)
				require.Nil(t, got.AdditionalProperties)
				want.AdditionalProperties = nil
				require.Equal(t, ory.OAuth2Client(want), got, into)
			}
		})
	}
}

// TestTemplateDecodesNumbersAsEncodingJSON: the template's integers,
// int32 and int, plain and behind a pointer, against encoding/json.
func TestTemplateDecodesNumbersAsEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`{"accessTokenValiditySeconds":3600,"refreshTokenValiditySeconds":-7}`,
		`{"accessTokenValiditySeconds":2147483647,"refreshTokenValiditySeconds":-2147483648}`,
		`{"accessTokenValiditySeconds":2147483648}`,
		`{"refreshTokenValiditySeconds":-2147483649}`,
		`{"accessTokenValiditySeconds":null,"refreshTokenValiditySeconds":null,"enabled":null,"grantTypes":null}`,
		`{"accessTokenValiditySeconds":1.0}`,
	} {
		var got sailpoint.CreateOAuthClientRequest
		var want plainSPRequest
		err := json.Unmarshal([]byte(body), &got)
		wantErr := json.Unmarshal([]byte(body), &want)
		if wantErr != nil {
			require.Error(t, err, body)
			continue
		}
		require.NoError(t, err, body)
		want.AdditionalProperties = nil
		require.Equal(t, sailpoint.CreateOAuthClientRequest(want), got, body)
	}
	for _, body := range []string{
		`{"clients":[],"limit":50,"start":0,"total":-3}`,
		`{"clients":null,"limit":null}`,
		`{"clients":[{"client_id":"a"},{"client_id":"b","name":"n"}],"total":2}`,
		`{"limit":99999999999999999999}`,
	} {
		var got auth0.ClientPage
		var want plainAuth0Page
		err := json.Unmarshal([]byte(body), &got)
		wantErr := json.Unmarshal([]byte(body), &want)
		if wantErr != nil {
			require.Error(t, err, body)
			continue
		}
		require.NoError(t, err, body)
		want.AdditionalProperties = nil
		require.Equal(t, auth0.ClientPage(want), got, body)
	}
}

// FuzzTemplateDecodesAsEncodingJSON: on any valid JSON, a Hydra client
// and a SailPoint request (strings, lists, times, integers, nulls,
// nested models and their lists) decode as encoding/json decodes them:
// both fail, or both give the same listed members. Bodies with capital
// letters or escapes are skipped: encoding/json matches member names
// case-insensitively (and after unescaping) where the template matches
// them exactly, keeping "Client_ID" as an unlisted member.
func FuzzTemplateDecodesAsEncodingJSON(f *testing.F) {
	f.Add([]byte(`{"client_id":"c","jwks":{"keys":[{"kid":"a","x5c":["q"]},{"e":null}]},"client_secret_expires_at":-12,"metadata":{},` +
		`"grant_types":["x"],"created_at":"2026-12-07T09:09:53Z","skip_consent":false,"owner":null}`))
	f.Add([]byte(`{"accessTokenValiditySeconds":12,"refreshTokenValiditySeconds":null,"enabled":true,"grantTypes":["a"]}`))
	f.Add([]byte(`[1]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || bytes.ContainsAny(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\\\u212a\u017f") {
			return
		}
		var got ory.OAuth2Client
		var want plainOryClient
		sameDecoding(t, b, json.Unmarshal(b, &got), json.Unmarshal(b, &want), func() (any, any) {
			got.AdditionalProperties, want.AdditionalProperties = nil, nil
			return got, ory.OAuth2Client(want)
		})
		var got2 sailpoint.CreateOAuthClientRequest
		var want2 plainSPRequest
		sameDecoding(t, b, json.Unmarshal(b, &got2), json.Unmarshal(b, &want2), func() (any, any) {
			got2.AdditionalProperties, want2.AdditionalProperties = nil, nil
			return got2, sailpoint.CreateOAuthClientRequest(want2)
		})
	})
}

// sameDecoding fails unless err and wantErr are both nil or both not,
// and, when nil, the two values values returns encode alike.
func sameDecoding(t *testing.T, body []byte, err, wantErr error, values func() (any, any)) {
	t.Helper()
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: the template says %v, encoding/json %v", body, err, wantErr)
	}
	if err != nil {
		return
	}
	got, want := values()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	require.NoError(t, err1)
	require.NoError(t, err2)
	require.Equal(t, string(w), string(g), "%s", body)
}
