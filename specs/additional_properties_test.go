package specs_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/specs"
)

// objectRule is what additionalPropertiesProblems finds wrong with one
// object schema; where names it by a JSON-pointer-like path.
type objectRule struct{ where, problem string }

// additionalPropertiesProblems applies the rule that keeps what vendors
// send: every object schema with properties declares additionalProperties,
// and no schema an answer can hold forbids them (a vendor adds members
// before its spec lists them, and gen must keep them). Only request bodies
// of vendors that refuse unknown members (Auth0) may say false.
func additionalPropertiesProblems(doc *openapi3.T) []objectRule {
	var problems []objectRule
	type visit struct {
		s          *openapi3.Schema
		inResponse bool
	}
	seen := map[visit]bool{}
	var walk func(s *openapi3.SchemaRef, where string, inResponse bool)
	walk = func(ref *openapi3.SchemaRef, where string, inResponse bool) {
		if ref == nil || ref.Value == nil {
			return
		}
		s := ref.Value
		if seen[visit{s, inResponse}] {
			return
		}
		seen[visit{s, inResponse}] = true
		declared := s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil
		forbids := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
		if len(s.Properties) > 0 && !declared {
			problems = append(problems, objectRule{where, "declares no additionalProperties"})
		}
		if inResponse && forbids {
			problems = append(problems, objectRule{where, "forbids members an answer may carry"})
		}
		names := make([]string, 0, len(s.Properties))
		for n := range s.Properties {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			walk(s.Properties[n], where+"/"+n, inResponse)
		}
		walk(s.Items, where+"/items", inResponse)
		walk(s.AdditionalProperties.Schema, where+"/additionalProperties", inResponse)
		for _, group := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for i, sub := range group {
				walk(sub, fmt.Sprintf("%s/of/%d", where, i), inResponse)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			at := method + " " + path
			for status, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for ct, mt := range resp.Value.Content {
					walk(mt.Schema, at+" "+status+" "+ct, true)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema, at+" request "+ct, false)
				}
			}
		}
	}
	if doc.Components == nil {
		return problems
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		walk(doc.Components.Schemas[n], "#/components/schemas/"+n, false)
	}
	return problems
}

func TestEveryObjectKeepsWhatVendorsSend(t *testing.T) {
	for _, vendor := range specs.Vendors {
		t.Run(vendor, func(t *testing.T) {
			require.Empty(t, additionalPropertiesProblems(loadSpec(t, vendor)))
		})
	}
}

// TestAdditionalPropertiesRuleCatches feeds the rule specs that break it.
func TestAdditionalPropertiesRuleCatches(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
	tests := []struct {
		name, spec, problem string
	}{
		{"an answer that forbids members", head + `      requestBody: {content: {application/json: {schema: {type: object, additionalProperties: false, properties: {a: {type: string}}}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: false, properties: {a: {type: string}}}}}}
`, "forbids members an answer may carry"},
		{"a nested object of an answer that forbids members", head + `      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: true, properties: {a: {type: array, items: {type: object, additionalProperties: false, properties: {b: {type: string}}}}}}}}}
`, "forbids members an answer may carry"},
		{"an object that does not say", head + `      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
`, "declares no additionalProperties"},
		{"a request that forbids members is fine", head + `      requestBody: {content: {application/json: {schema: {type: object, additionalProperties: false, properties: {a: {type: string}}}}}}
      responses:
        '204': {description: ok}
`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := openapi3.NewLoader().LoadFromData([]byte(tt.spec))
			require.NoError(t, err)
			problems := additionalPropertiesProblems(doc)
			if tt.problem == "" {
				require.Empty(t, problems)
				return
			}
			require.NotEmpty(t, problems)
			require.Equal(t, tt.problem, problems[0].problem)
		})
	}
}
