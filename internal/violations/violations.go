// Package violations derives, from a request body schema and one body it
// accepts, bodies that each break exactly one of the schema's constraints,
// so that a simulator can be required to refuse every one of them.
package violations

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Violation is a body that breaks one constraint: Rule names it (a JSON
// pointer and the keyword), Body is the JSON to send.
type Violation struct {
	Rule string
	Body []byte
}

// maxDepth bounds the walk; request bodies are shallow.
const maxDepth = 8

// maxStringViolation bounds the strings made to break a minLength or a
// maxLength (the specs' longest is 4096): a larger bound, or one past int,
// gets no violation rather than a body no simulator would be sent.
const maxStringViolation = 1 << 20

// Generate returns a violation of every constraint of schema that valid,
// a body the schema accepts, can be made to break: each required member
// absent; each string too short, too long, off its pattern or off its
// enum; each number below its minimum or above its maximum; each array
// with too few or too many items; a member the schema forbids; a value of
// the wrong type. Members valid lacks are tried too, with a breaking value,
// when their schema constrains a string or a number.
//
// Where a schema is a oneOf or an anyOf, the constraints walked are those
// of the alternatives valid matches (nested ones too), and a body that
// breaks its alternative is kept only if the whole schema refuses it: one
// that another alternative accepts breaks nothing. So each alternative
// gets its violations from a valid body of its own shape.
func Generate(schema *openapi3.Schema, valid []byte) ([]Violation, error) {
	var base any
	if err := json.Unmarshal(valid, &base); err != nil {
		return nil, fmt.Errorf("the valid body is not JSON: %w", err)
	}
	g := &generator{base: valid, root: schema}
	g.walk(schema, base, nil, 0)
	sort.SliceStable(g.out, func(i, j int) bool { return g.out[i].Rule < g.out[j].Rule })
	return g.out, nil
}

type generator struct {
	base []byte
	root *openapi3.Schema
	// alts names the oneOf/anyOf alternatives being walked, outermost
	// first ("oneOf 1"); while any is, a body must break root to count.
	alts []string
	out  []Violation
}

// step is one member name or array index on the way to a value.
type step struct {
	name  string
	index int
}

// emit records a copy of the base body with the value at path replaced by
// v (or removed, when remove is set).
func (g *generator) emit(path []step, rule string, v any, remove bool) {
	var doc any
	_ = json.Unmarshal(g.base, &doc)
	if !set(&doc, path, v, remove) {
		return
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return
	}
	if len(g.alts) > 0 {
		var check any
		if json.Unmarshal(body, &check) != nil || g.root.VisitJSON(check) == nil {
			return // another alternative accepts it: it breaks nothing
		}
		rule += " (" + strings.Join(g.alts, ", ") + ")"
	}
	g.out = append(g.out, Violation{Rule: pointer(path) + ": " + rule, Body: body})
}

func pointer(path []step) string {
	var b strings.Builder
	for _, s := range path {
		if s.name != "" {
			b.WriteString("/" + s.name)
		} else {
			fmt.Fprintf(&b, "/%d", s.index)
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// set replaces (or removes) the value at path inside *doc, creating the
// last member when it is absent.
func set(doc *any, path []step, v any, remove bool) bool {
	if len(path) == 0 {
		*doc = v
		return true
	}
	cur := *doc
	for i, s := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if remove {
					delete(c, s.name)
				} else {
					c[s.name] = v
				}
				return true
			}
			cur = c[s.name]
		case []any:
			if s.index >= len(c) {
				return false
			}
			if last {
				c[s.index] = v
				return true
			}
			cur = c[s.index]
		default:
			return false
		}
	}
	return false
}

func (g *generator) walk(s *openapi3.Schema, v any, path []step, depth int) {
	if s == nil || depth > maxDepth {
		return
	}
	if v != nil {
		g.wrongType(s, v, path)
	}
	switch x := v.(type) {
	case map[string]any:
		g.object(s, x, path, depth)
	case []any:
		g.array(s, x, path, depth)
	case string:
		g.str(s, path)
	case float64:
		g.number(s, path)
	}
	g.alternatives(s, v, path, depth)
}

// alternatives walks each alternative of s's oneOf and anyOf that v
// matches, then crosses them: each member of v given each value another
// alternative's enum allows it, kept when no alternative accepts the mix
// (an EC key with the use only RSA keys may have): the exclusions a oneOf
// documents by its alternatives' enums.
func (g *generator) alternatives(s *openapi3.Schema, v any, path []step, depth int) {
	if obj, ok := v.(map[string]any); ok && (len(s.OneOf) > 0 || len(s.AnyOf) > 0) {
		cross := map[string][]any{}
		collectEnums(s, cross, 0)
		names := make([]string, 0, len(cross))
		for n := range cross {
			names = append(names, n)
		}
		sort.Strings(names)
		g.alts = append(g.alts, "across alternatives")
		for _, n := range names {
			if _, ok := obj[n]; !ok {
				continue
			}
			for _, e := range cross[n] {
				if fmt.Sprint(e) != fmt.Sprint(obj[n]) {
					g.emit(append(clone(path), step{name: n}), fmt.Sprintf("enum value %v of another alternative", e), e, false)
				}
			}
		}
		g.alts = g.alts[:len(g.alts)-1]
	}
	for _, of := range []struct {
		name string
		alts openapi3.SchemaRefs
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
		for i, alt := range of.alts {
			if alt == nil || alt.Value == nil || alt.Value.VisitJSON(v) != nil {
				continue
			}
			g.alts = append(g.alts, fmt.Sprintf("%s %d", of.name, i))
			g.walk(alt.Value, v, path, depth+1)
			g.alts = g.alts[:len(g.alts)-1]
		}
	}
}

func (g *generator) object(s *openapi3.Schema, v map[string]any, path []step, depth int) {
	for _, name := range s.Required {
		if _, ok := v[name]; ok {
			g.emit(append(clone(path), step{name: name}), "required, absent", nil, true)
		}
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		g.emit(append(clone(path), step{name: "credkitUnlisted"}), "additionalProperties false, a member it does not list", "x", false)
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ps := s.Properties[n].Value
		p := append(clone(path), step{name: n})
		if mv, ok := v[n]; ok {
			g.walk(ps, mv, p, depth+1)
		} else if ps != nil && (typeIs(ps, "string") || typeIs(ps, "integer") || typeIs(ps, "number")) {
			if typeIs(ps, "string") {
				g.str(ps, p)
			} else {
				g.number(ps, p)
			}
		}
	}
}

func (g *generator) array(s *openapi3.Schema, v []any, path []step, depth int) {
	if s.MinItems > 0 && uint64(len(v)) >= s.MinItems {
		g.emit(path, fmt.Sprintf("minItems %d", s.MinItems), v[:s.MinItems-1], false)
	}
	if s.MaxItems != nil && len(v) > 0 {
		more := make([]any, 0, *s.MaxItems+1)
		for uint64(len(more)) <= *s.MaxItems {
			more = append(more, v[0])
		}
		g.emit(path, fmt.Sprintf("maxItems %d", *s.MaxItems), more, false)
	}
	if s.Items != nil && len(v) > 0 {
		g.walk(s.Items.Value, v[0], append(clone(path), step{index: 0}), depth+1)
	}
}

func (g *generator) str(s *openapi3.Schema, path []step) {
	if s.MinLength > 0 && s.MinLength <= maxStringViolation {
		g.emit(path, fmt.Sprintf("minLength %d", s.MinLength), strings.Repeat("a", int(s.MinLength)-1), false)
	}
	if s.MaxLength != nil && *s.MaxLength < maxStringViolation {
		g.emit(path, fmt.Sprintf("maxLength %d", *s.MaxLength), strings.Repeat("a", int(*s.MaxLength)+1), false)
	}
	if len(s.Enum) > 0 {
		g.emit(path, "enum", "credkit-not-in-the-enum", false)
	}
	if s.Pattern != "" {
		if bad, ok := offPattern(s); ok {
			g.emit(path, "pattern "+s.Pattern, bad, false)
		}
	}
}

// offPattern finds a string that breaks s's pattern and, when it can, no
// other constraint of s.
func offPattern(s *openapi3.Schema) (string, bool) {
	re, err := regexp.Compile(s.Pattern)
	if err != nil {
		return "", false
	}
	candidates := []string{"<credkit>", "credkit not matching ~!", "credkit\tcontrol", "-", "é", "", " "}
	fallback, found := "", false
	for _, c := range candidates {
		if re.MatchString(c) {
			continue
		}
		n := uint64(len([]rune(c)))
		if n >= s.MinLength && (s.MaxLength == nil || n <= *s.MaxLength) {
			return c, true
		}
		if !found {
			fallback, found = c, true
		}
	}
	return fallback, found
}

func (g *generator) number(s *openapi3.Schema, path []step) {
	if s.Min != nil {
		g.emit(path, fmt.Sprintf("minimum %v", *s.Min), *s.Min-1, false)
	}
	if s.Max != nil {
		g.emit(path, fmt.Sprintf("maximum %v", *s.Max), *s.Max+1, false)
	}
}

// wrongType replaces v with a value of another JSON type than s allows.
func (g *generator) wrongType(s *openapi3.Schema, v any, path []step) {
	if s.Type == nil || len(*s.Type) != 1 {
		return
	}
	var other any = "credkit-wrong-type"
	if typeIs(s, "string") {
		other = 7
	}
	g.emit(path, "type "+(*s.Type)[0], other, false)
}

func typeIs(s *openapi3.Schema, t string) bool {
	return s.Type != nil && s.Type.Is(t)
}

func clone(path []step) []step {
	return append([]step(nil), path...)
}

// collectEnums gathers the enum values of the members of s's oneOf and
// anyOf alternatives, nested ones too, by member name, each value once.
func collectEnums(s *openapi3.Schema, into map[string][]any, depth int) {
	if s == nil || depth > maxDepth {
		return
	}
	for n, p := range s.Properties {
		if p == nil || p.Value == nil {
			continue
		}
		for _, e := range p.Value.Enum {
			seen := false
			for _, have := range into[n] {
				seen = seen || fmt.Sprint(have) == fmt.Sprint(e)
			}
			if !seen {
				into[n] = append(into[n], e)
			}
		}
	}
	for _, alts := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for _, a := range alts {
			if a != nil {
				collectEnums(a.Value, into, depth+1)
			}
		}
	}
}
