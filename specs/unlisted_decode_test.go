package specs_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/gen/okta"
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
