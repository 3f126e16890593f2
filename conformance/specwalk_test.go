package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// flawedSpec has one of each flaw of published specs that must not stop
// checking.
const flawedSpec = `
openapi: 3.0.3
info: {title: flawed, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: integer, example: notanumber}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
              example: {when: yesterday}
components:
  schemas:
    A:
      type: object
      properties:
        when: {type: string, format: date-time, default: "2020-13-45"}
        code: {type: string, pattern: "^(?!00)[0-9]{2}$"}
        broken: {type: string, pattern: "(unclosed"}
        list: {type: array}
        status: {type: string, enum: [ACTIVE, INACTIVE], example: ACTVE}
`

func TestLoadSpecWarnsOfEveryFlawAtItsPath(t *testing.T) {
	s, err := LoadSpec("flawed", []byte(flawedSpec))
	require.NoError(t, err, "flaws that do not stop checking are warnings")
	got := map[string]string{}
	for _, w := range s.Warnings {
		got[w.Path] = w.Message
	}
	want := map[string]string{
		"#/components/schemas/A/properties/when/default":                        "the default does not match its schema",
		"#/components/schemas/A/properties/broken/pattern":                      "no engine compiles this pattern",
		"#/components/schemas/A/properties/list":                                "an array without items",
		"#/components/schemas/A/properties/status/example":                      "the example does not match its schema",
		"#/paths/~1a~1{id}/get/parameters/1/schema/example":                     "the example does not match its schema",
		"#/paths/~1a~1{id}/get/responses/200/content/application~1json/example": "/when",
	}
	for path, msg := range want {
		require.Contains(t, got, path, "warnings: %v", s.Warnings)
		require.Contains(t, got[path], msg, path)
	}
	require.NotContains(t, got, "#/components/schemas/A/properties/code/pattern", "a lookahead compiles with the ECMAScript engine")
	require.Len(t, s.Warnings, len(want), "%v", s.Warnings)
}

func TestBundledSpecsHaveNoWarnings(t *testing.T) {
	for _, s := range bundled(t) {
		require.Empty(t, s.Warnings, s.Name)
	}
}
