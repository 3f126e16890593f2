package violations

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

const schemaYAML = `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Body:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: {type: string, minLength: 1, maxLength: 5, pattern: '^[a-z]+$'}
        kind: {type: string, enum: [a, b]}
        count: {type: integer, minimum: 1, maximum: 3}
        tags:
          type: array
          minItems: 1
          maxItems: 2
          items: {type: string, minLength: 2}
`

func TestGenerate(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(schemaYAML))
	require.NoError(t, err)
	schema := doc.Components.Schemas["Body"].Value
	got, err := Generate(schema, []byte(`{"name":"abc","tags":["xy"]}`))
	require.NoError(t, err)
	byRule := map[string]string{}
	for _, v := range got {
		byRule[v.Rule] = string(v.Body)
		require.Error(t, schema.VisitJSON(decode(t, v.Body)), "%s: %s must break the schema", v.Rule, v.Body)
	}
	want := map[string]string{
		"/: type object": `"credkit-wrong-type"`,
		"/credkitUnlisted: additionalProperties false, a member it does not list": `{"credkitUnlisted":"x","name":"abc","tags":["xy"]}`,
		"/name: required, absent": `{"tags":["xy"]}`,
		"/name: minLength 1":      `{"name":"","tags":["xy"]}`,
		"/name: maxLength 5":      `{"name":"aaaaaa","tags":["xy"]}`,
		"/name: pattern ^[a-z]+$": `{"name":"-","tags":["xy"]}`,
		"/name: type string":      `{"name":7,"tags":["xy"]}`,
		"/kind: enum":             `{"kind":"credkit-not-in-the-enum","name":"abc","tags":["xy"]}`,
		"/count: minimum 1":       `{"count":0,"name":"abc","tags":["xy"]}`,
		"/count: maximum 3":       `{"count":4,"name":"abc","tags":["xy"]}`,
		"/tags: minItems 1":       `{"name":"abc","tags":[]}`,
		"/tags: maxItems 2":       `{"name":"abc","tags":["xy","xy","xy"]}`,
		"/tags: type array":       `{"name":"abc","tags":"credkit-wrong-type"}`,
		"/tags/0: minLength 2":    `{"name":"abc","tags":["a"]}`,
		"/tags/0: type string":    `{"name":"abc","tags":[7]}`,
	}
	require.Equal(t, want, byRule)
	require.NoError(t, schema.VisitJSON(decode(t, []byte(`{"name":"abc","tags":["xy"]}`))), "the valid body is valid")

	_, err = Generate(schema, []byte(`{not json`))
	require.ErrorContains(t, err, "not JSON")
}

const oneOfYAML = `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Key:
      oneOf:
        - oneOf:
            - {type: object, required: [kty], properties: {kty: {type: string, enum: [RSA]}, use: {type: string, enum: [sig]}}}
            - {type: object, required: [kty], properties: {kty: {type: string, enum: [EC]}, use: {type: string, enum: [sig]}, crv: {type: string, minLength: 1}}}
        - {type: object, required: [kty, use], properties: {kty: {type: string, enum: [RSA]}, use: {type: string, enum: [enc]}}}
`

// TestGenerateOneOf breaks the alternative each valid body matches, and
// keeps only the bodies the whole schema refuses: an encryption key
// without its use is a valid signing key, so it is no violation; an EC key
// with use enc (an enum value of another alternative) is one.
func TestGenerateOneOf(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(oneOfYAML))
	require.NoError(t, err)
	schema := doc.Components.Schemas["Key"].Value
	for _, tt := range []struct {
		valid string
		want  map[string]string
	}{
		{`{"kty":"RSA","use":"sig"}`, map[string]string{
			"/: type object (oneOf 0, oneOf 0)":         `"credkit-wrong-type"`,
			"/kty: required, absent (oneOf 0, oneOf 0)": `{"use":"sig"}`,
			"/kty: enum (oneOf 0, oneOf 0)":             `{"kty":"credkit-not-in-the-enum","use":"sig"}`,
			"/kty: type string (oneOf 0, oneOf 0)":      `{"kty":7,"use":"sig"}`,
			"/use: enum (oneOf 0, oneOf 0)":             `{"kty":"RSA","use":"credkit-not-in-the-enum"}`,
			"/use: type string (oneOf 0, oneOf 0)":      `{"kty":"RSA","use":7}`,
		}},
		{`{"kty":"EC","crv":"P-256"}`, map[string]string{
			"/: type object (oneOf 0, oneOf 1)":         `"credkit-wrong-type"`,
			"/crv: minLength 1 (oneOf 0, oneOf 1)":      `{"crv":"","kty":"EC"}`,
			"/crv: type string (oneOf 0, oneOf 1)":      `{"crv":7,"kty":"EC"}`,
			"/kty: required, absent (oneOf 0, oneOf 1)": `{"crv":"P-256"}`,
			"/kty: enum (oneOf 0, oneOf 1)":             `{"crv":"P-256","kty":"credkit-not-in-the-enum"}`,
			"/kty: type string (oneOf 0, oneOf 1)":      `{"crv":"P-256","kty":7}`,
			"/use: enum (oneOf 0, oneOf 1)":             `{"crv":"P-256","kty":"EC","use":"credkit-not-in-the-enum"}`,
		}},
		{`{"kty":"RSA","use":"enc"}`, map[string]string{
			"/: type object (oneOf 1)": `"credkit-wrong-type"`,
			"/kty: enum value EC of another alternative (across alternatives)": `{"kty":"EC","use":"enc"}`,
			"/kty: required, absent (oneOf 1)":                                 `{"use":"enc"}`,
			"/kty: enum (oneOf 1)":                                             `{"kty":"credkit-not-in-the-enum","use":"enc"}`,
			"/kty: type string (oneOf 1)":                                      `{"kty":7,"use":"enc"}`,
			"/use: enum (oneOf 1)":                                             `{"kty":"RSA","use":"credkit-not-in-the-enum"}`,
			"/use: type string (oneOf 1)":                                      `{"kty":"RSA","use":7}`,
		}},
	} {
		require.NoError(t, schema.VisitJSON(decode(t, []byte(tt.valid))), "the valid body is valid")
		got, err := Generate(schema, []byte(tt.valid))
		require.NoError(t, err)
		byRule := map[string]string{}
		for _, v := range got {
			byRule[v.Rule] = string(v.Body)
			require.Error(t, schema.VisitJSON(decode(t, v.Body)), "%s: %s must break the schema", v.Rule, v.Body)
		}
		require.Equal(t, tt.want, byRule, tt.valid)
	}
}

func decode(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	return v
}
