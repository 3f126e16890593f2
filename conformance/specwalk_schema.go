package conformance

import (
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// schema checks one schema and walks the schemas it holds.
func (w *specWalk) schema(at string, ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || w.seen[ref.Value] {
		return
	}
	s := ref.Value
	w.seen[s] = true
	if s.Pattern != "" {
		if msg := patternProblem(s.Pattern); msg != "" {
			w.add(at+"/pattern", msg)
		}
	}
	if s.Type.Is(openapi3.TypeArray) && s.Items == nil && len(s.PrefixItems) == 0 && !w.is31 {
		w.add(at, "an array without items (OpenAPI 3.0 requires them): its items are not checked")
	}
	if s.Example != nil {
		w.value(at+"/example", "example", s, s.Example)
	}
	if s.Default != nil {
		w.value(at+"/default", "default", s, s.Default)
	}
	for _, name := range keysOf(s.Properties) {
		w.schema(at+"/properties/"+escapeToken(name), s.Properties[name])
	}
	w.schema(at+"/items", s.Items)
	w.schema(at+"/additionalProperties", s.AdditionalProperties.Schema)
	w.schema(at+"/not", s.Not)
	w.list(at+"/allOf/", s.AllOf)
	w.list(at+"/anyOf/", s.AnyOf)
	w.list(at+"/oneOf/", s.OneOf)
}

func (w *specWalk) list(at string, refs openapi3.SchemaRefs) {
	for i, r := range refs {
		w.schema(at+strconv.Itoa(i), r)
	}
}

// value checks that an example or a default matches its own schema.
func (w *specWalk) value(at, what string, s *openapi3.Schema, v any) {
	err := s.VisitJSON(v, openapi3.SetSchemaRegexCompiler(compilePattern), openapi3.VisitAsRequest(), openapi3.DisableReadOnlyValidation())
	if err == nil {
		return
	}
	problems := flatten("", err)
	msg := "the " + what + " does not match its schema"
	if len(problems) > 0 {
		first := problems[0]
		msg += ": "
		if first.Pointer != "" {
			msg += first.Pointer + ": "
		}
		msg += first.Message
		if len(problems) > 1 {
			msg += " (and " + strconv.Itoa(len(problems)-1) + " more)"
		}
	}
	w.add(at, msg)
}

func (w *specWalk) add(at, msg string) {
	w.problems = append(w.problems, SpecProblem{Path: at, Message: msg})
}
