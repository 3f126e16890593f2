package conformance

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// compositionSpec has a property wrong inside each kind of composition.
const compositionSpec = `
openapi: 3.0.3
info: {title: composition, version: "1"}
paths:
  /all:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/App'}}}}}
  /any:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {anyOf: [{$ref: '#/components/schemas/Key'}, {$ref: '#/components/schemas/Secret'}]}}}}}
  /one:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {oneOf: [{$ref: '#/components/schemas/Key'}, {$ref: '#/components/schemas/Secret'}]}}}}}
  /nested:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {allOf: [{$ref: '#/components/schemas/App'}]}}}}}}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: string}}
    App:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            credentials:
              type: array
              items:
                allOf:
                  - type: object
                    properties: {status: {type: string, enum: [ACTIVE, INACTIVE, A, B, C, D, E]}}
    Key:
      type: object
      required: [kty, kid]
      properties: {kty: {type: string, enum: [RSA, EC]}, kid: {type: string}}
    Secret:
      type: object
      required: [status, created]
      properties: {status: {type: string}, created: {type: string, format: date-time}}
`

func TestCompositionFailuresNameTheDeepestField(t *testing.T) {
	s, err := LoadSpec("composition", []byte(compositionSpec))
	require.NoError(t, err)
	c := NewChecker([]*Spec{s}, nil)
	tests := []struct {
		name, path, body string
		want             []string
	}{
		{"allOf", "/all", `{"id":"a","credentials":[{"status":"ACTVE"}]}`,
			[]string{`/response/body/credentials/0/status: value "ACTVE" is not one of the allowed values (ACTIVE, INACTIVE, A, B, C, … 2 more)`}},
		{"allOf, two schemas wrong", "/all", `{"credentials":[{"status":"ACTVE"}]}`,
			[]string{`/response/body/id: property "id" is missing`, `/response/body/credentials/0/status: value "ACTVE" is not one of the allowed values (ACTIVE, INACTIVE, A, B, C, … 2 more)`}},
		{"allOf in an array", "/nested", `[{"id":"a"},{"id":7}]`,
			[]string{`/response/body/1/id: value 7 must be a string`}},
		{"anyOf", "/any", `{"status":"ACTIVE","created":"yesterday"}`,
			[]string{`/response/body/created: value "yesterday" does not match the format date-time (in the closest of 2 anyOf alternatives)`}},
		{"oneOf", "/one", `{"kty":"RSA","kid":5}`,
			[]string{`/response/body/kid: value 5 must be a string (in the closest of 2 oneOf alternatives)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.CheckExchange("f", 0, Exchange{Method: http.MethodGet, URL: "https://h" + tt.path, Status: 200,
				ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: tt.body})
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			require.Equal(t, tt.want, got)
		})
	}
}
