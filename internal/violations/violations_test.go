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

func decode(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	return v
}
