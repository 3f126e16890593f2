package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/specs"
)

// cycleSpec is a spec whose one operation answers schema Root, with the
// given components.schemas (YAML, indented by four spaces).
func cycleSpec(schemas string) []byte {
	return []byte(`openapi: 3.0.3
info: {title: cycles, version: "1"}
paths:
  /x/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Id"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Root"}
components:
  schemas:
    Id: {type: string}
` + schemas)
}

func TestLoadSpecRefusesEndlessCycles(t *testing.T) {
	cases := []struct{ name, schemas, want string }{
		{"allOf itself", `
    Root:
      allOf: [{$ref: "#/components/schemas/Root"}]`, "schema Root refers to itself through allOf Root"},
		{"anyOf through another", `
    Root:
      anyOf: [{$ref: "#/components/schemas/B"}, {type: string}]
    B:
      allOf: [{$ref: "#/components/schemas/Root"}]`, "schema B refers to itself through allOf Root → anyOf B"},
		{"oneOf itself", `
    Root:
      oneOf: [{type: integer}, {$ref: "#/components/schemas/Root"}]`, "schema Root refers to itself through oneOf Root"},
		{"not itself", `
    Root:
      not: {$ref: "#/components/schemas/Root"}`, "schema Root refers to itself through not Root"},
		{"three schemas", `
    Root:
      allOf: [{$ref: "#/components/schemas/A"}]
    A:
      oneOf: [{$ref: "#/components/schemas/C"}]
    C:
      not: {$ref: "#/components/schemas/A"}`, "schema A refers to itself through oneOf C → not A"},
		{"behind a property", `
    Root:
      type: object
      properties:
        loop: {$ref: "#/components/schemas/Loop"}
    Loop:
      allOf: [{$ref: "#/components/schemas/Loop"}, {type: object}]`, "schema Loop refers to itself through allOf Loop"},
		{"in a parameter", `
    Root: {type: string}
    Id:
      anyOf: [{$ref: "#/components/schemas/Id"}]`, "schema Id refers to itself through anyOf Id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := cycleSpec(c.schemas)
			if c.name == "in a parameter" {
				spec = []byte(strings.Replace(string(spec), "    Id: {type: string}\n", "", 1))
			}
			_, err := LoadSpec("cyclic", spec)
			require.Error(t, err)
			require.Contains(t, err.Error(), "spec cyclic: "+c.want)
			require.NotContains(t, err.Error(), "\n", "one line")
		})
	}
}

func TestLoadSpecKeepsRecursiveSchemas(t *testing.T) {
	cases := []struct {
		name, schemas string
		good, bad     any
	}{
		{"tree through items", `
    Root:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Root"}}`,
			map[string]any{"name": "a", "children": []any{map[string]any{"name": "b", "children": []any{map[string]any{"name": "c"}}}}},
			map[string]any{"name": "a", "children": []any{map[string]any{"children": []any{}}}}},
		{"linked list through an optional property", `
    Root:
      type: object
      properties:
        value: {type: integer}
        next: {$ref: "#/components/schemas/Root"}`,
			map[string]any{"value": 1, "next": map[string]any{"value": 2, "next": map[string]any{"value": 3}}},
			map[string]any{"value": 1, "next": map[string]any{"value": "two"}}},
		{"map through additionalProperties", `
    Root:
      type: object
      additionalProperties: {$ref: "#/components/schemas/Root"}`,
			map[string]any{"a": map[string]any{"b": map[string]any{}}},
			map[string]any{"a": map[string]any{"b": 3}}},
		{"allOf then a property back", `
    Root:
      allOf:
        - {$ref: "#/components/schemas/Base"}
        - {type: object, properties: {kind: {type: string}}}
    Base:
      type: object
      properties:
        parent: {$ref: "#/components/schemas/Root"}`,
			map[string]any{"kind": "x", "parent": map[string]any{"kind": "y"}},
			map[string]any{"kind": "x", "parent": map[string]any{"kind": 7}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := LoadSpec("recursive", cycleSpec(c.schemas))
			require.NoError(t, err)
			root := s.Doc.Components.Schemas["Root"].Value
			require.NoError(t, root.VisitJSON(c.good))
			require.Error(t, root.VisitJSON(c.bad))
		})
	}
}

func TestBundledSpecsHaveNoEndlessCycle(t *testing.T) {
	for _, vendor := range specs.Vendors {
		data, err := specs.FS.ReadFile(vendor + ".yaml")
		require.NoError(t, err)
		_, err = LoadSpec(vendor, data)
		require.NoError(t, err, vendor)
	}
}

func FuzzLoadSpec(f *testing.F) {
	for _, vendor := range specs.Vendors {
		data, err := specs.FS.ReadFile(vendor + ".yaml")
		require.NoError(f, err)
		f.Add(data)
	}
	for _, s := range []string{
		`
    Root:
      allOf: [{$ref: "#/components/schemas/Root"}]`,
		`
    Root:
      type: object
      properties: {next: {$ref: "#/components/schemas/Root"}}`,
		`
    Root: {$ref: "#/components/schemas/Root"}`,
	} {
		f.Add(cycleSpec(s))
	}
	f.Add([]byte("openapi: 3.0.3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := LoadSpec("fuzz", data)
		if err != nil {
			if strings.Contains(err.Error(), "refers to itself") && strings.Contains(err.Error(), "\n") {
				t.Fatalf("cycle error on several lines: %v", err)
			}
			return
		}
		// A loaded spec's schemas validate a value without recursing
		// forever.
		if s.Doc.Components != nil {
			for _, ref := range s.Doc.Components.Schemas {
				if ref != nil && ref.Value != nil {
					_ = ref.Value.VisitJSON(map[string]any{"a": []any{1, "x", nil}})
				}
			}
		}
		_ = fmt.Sprint(s.Name)
	})
}
