package specdrift

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schema compares two schemas at pointer: what a validator or a generated
// model would treat differently (types, formats, enums, required members,
// members, bounds, patterns, nullability, oneOf/anyOf/allOf), then the
// members and items both have.
func (c *comparer) schema(k, part, pointer string, ours, theirs *openapi3.SchemaRef, depth int) {
	if depth > maxDepth {
		return
	}
	o, t := value(ours), value(theirs)
	switch {
	case o == nil && t == nil:
		return
	case o == nil:
		c.add(k, part, pointer, "only upstream has a schema")
		return
	case t == nil:
		c.add(k, part, pointer, "only credkit has a schema")
		return
	}
	c.scalars(k, part, pointer, o, t)
	c.enum(k, part, pointer, o.Enum, t.Enum)
	c.names(k, part, pointer, "required", o.Required, t.Required)
	c.names(k, part, pointer, "member", keys(o.Properties), keys(t.Properties))
	for _, name := range keys(o.Properties) {
		if tp, ok := t.Properties[name]; ok {
			c.schema(k, part, pointer+"/"+escape(name), o.Properties[name], tp, depth+1)
		}
	}
	c.schema(k, part, pointer+"/items", o.Items, t.Items, depth+1)
	for _, of := range []struct {
		name string
		o, t openapi3.SchemaRefs
	}{{"oneOf", o.OneOf, t.OneOf}, {"anyOf", o.AnyOf, t.AnyOf}, {"allOf", o.AllOf, t.AllOf}} {
		if len(of.o) != len(of.t) {
			c.add(k, part, pointer, fmt.Sprintf("%s of %d alternatives, upstream %d", of.name, len(of.o), len(of.t)))
		}
	}
}

func value(r *openapi3.SchemaRef) *openapi3.Schema {
	if r == nil {
		return nil
	}
	return r.Value
}

// scalars compares the keywords that hold one value.
func (c *comparer) scalars(k, part, pointer string, o, t *openapi3.Schema) {
	pairs := []struct{ name, o, t string }{
		{"type", typeOf(o), typeOf(t)},
		{"format", o.Format, t.Format},
		{"pattern", o.Pattern, t.Pattern},
		{"nullable", fmt.Sprint(o.Nullable), fmt.Sprint(t.Nullable)},
		{"minLength", fmt.Sprint(o.MinLength), fmt.Sprint(t.MinLength)},
		{"maxLength", ptr(o.MaxLength), ptr(t.MaxLength)},
		{"minimum", ptr(o.Min), ptr(t.Min)},
		{"maximum", ptr(o.Max), ptr(t.Max)},
		{"minItems", fmt.Sprint(o.MinItems), fmt.Sprint(t.MinItems)},
		{"maxItems", ptr(o.MaxItems), ptr(t.MaxItems)},
		{"additionalProperties", additional(o), additional(t)},
	}
	for _, p := range pairs {
		if p.o != p.t {
			c.add(k, part, pointer, fmt.Sprintf("%s %s, upstream %s", p.name, p.o, p.t))
		}
	}
}

func typeOf(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return "any"
	}
	return strings.Join(*s.Type, ",")
}

func ptr[T any](p *T) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

// additional is what a schema says of other members: "allowed" (also when
// it says nothing, as JSON Schema allows them), "forbidden" or "typed".
func additional(s *openapi3.Schema) string {
	switch {
	case s.AdditionalProperties.Schema != nil:
		return "typed"
	case s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has:
		return "forbidden"
	}
	return "allowed"
}

func (c *comparer) enum(k, part, pointer string, ours, theirs []any) {
	str := func(vs []any) []string {
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	if len(ours) == 0 && len(theirs) > 0 {
		c.add(k, part, pointer, "enum: only upstream has one")
		return
	}
	if len(theirs) == 0 && len(ours) > 0 {
		c.add(k, part, pointer, "enum: only credkit has one")
		return
	}
	c.names(k, part, pointer, "enum value", str(ours), str(theirs))
}

// names reports each name only one side lists.
func (c *comparer) names(k, part, pointer, what string, ours, theirs []string) {
	o, t := set(ours), set(theirs)
	for _, n := range unionKeys(o, t) {
		switch {
		case !t[n]:
			c.add(k, part, pointer, fmt.Sprintf("%s %s: only credkit has it", what, n))
		case !o[n]:
			c.add(k, part, pointer, fmt.Sprintf("%s %s: only upstream has it", what, n))
		}
	}
}

func set(names []string) map[string]bool {
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

func keys(m openapi3.Schemas) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// escape writes a member name as a JSON pointer token.
func escape(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}
