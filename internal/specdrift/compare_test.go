package specdrift

import (
	"fmt"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func loadData(t *testing.T, spec string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	require.NoError(t, err)
	return doc
}

const driftBase = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  %s/things/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id: {type: string}
                  kind: {type: string, enum: [a, b]}
                  tags: {type: array, items: {type: string, maxLength: 10}}
`

func TestCompare(t *testing.T) {
	upstream := `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things/{thingId}:
    get:
      parameters:
        - {name: thingId, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id: {type: string}
                  kind: {type: string, enum: [a, b]}
                  tags: {type: array, items: {type: string, maxLength: 10}}
`
	tests := []struct {
		name, ours string
		want       []string
	}{
		{"the same, path parameters renamed", sprintf(driftBase, "/api"), nil},
		{"an enum value added", replace(driftBase, "enum: [a, b]", "enum: [a, b, c]"), []string{"v GET /things/{} 200 #/kind enum value c: only credkit has it"}},
		{"a member dropped", replace(driftBase, "kind: {type: string, enum: [a, b]}", "other: {type: integer}"),
			[]string{"v GET /things/{} 200 # member kind: only upstream has it", "v GET /things/{} 200 # member other: only credkit has it"}},
		{"a nested bound changed", replace(driftBase, "maxLength: 10", "maxLength: 11"), []string{"v GET /things/{} 200 #/tags/items maxLength 11, upstream 10"}},
		{"a required member", replace(driftBase, "required: [id]", "required: [id, kind]"), []string{"v GET /things/{} 200 # required kind: only credkit has it"}},
		{"a status added", replace(driftBase, "        '200':", "        '404': {description: gone}\n        '200':"), []string{"v GET /things/{} 404 # only credkit documents this status"}},
		{"a query parameter made required", replace(driftBase, "{name: q, in: query, schema", "{name: q, in: query, required: true, schema"), []string{"v GET /things/{} params # query q: required true, upstream false"}},
		{"members forbidden", replace(driftBase, "                required: [id]", "                additionalProperties: false\n                required: [id]"), []string{"v GET /things/{} 200 # additionalProperties forbidden, upstream allowed"}},
		{"an operation only credkit has", replace(driftBase, "    get:", "    delete:\n      responses: {'204': {description: gone}}\n    get:"), []string{"v DELETE /things/{} operation # only credkit has it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ours := tt.ours
			if ours == driftBase || len(ours) > 0 && ours[len(ours)-1] == '\n' && !contains(ours, "/api/things") {
				ours = replace(ours, "%s/things", "/api/things")
			}
			var got []string
			for _, d := range Compare("v", loadData(t, ours), loadData(t, upstream), "/api") {
				got = append(got, d.Key)
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func replace(s, old, new string) string { return strings.Replace(s, old, new, 1) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
