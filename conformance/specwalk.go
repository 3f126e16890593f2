package conformance

import (
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// specWalk visits every schema of a spec once, at the path it is first
// reached by (components first, so a shared schema is named by its
// component), and finds what does not stop checking but is wrong in a
// published spec: examples and defaults that do not match their own
// schema, patterns no engine compiles, OpenAPI 3.0 arrays without items.
type specWalk struct {
	is31     bool
	seen     map[*openapi3.Schema]bool
	problems []SpecProblem
}

// walkSpec returns the problems of every schema of doc, in the order of
// the document's sorted keys.
func walkSpec(doc *openapi3.T) []SpecProblem {
	w := &specWalk{is31: doc.IsOpenAPI31OrLater(), seen: map[*openapi3.Schema]bool{}}
	if c := doc.Components; c != nil {
		for _, name := range keysOf(c.Schemas) {
			w.schema("#/components/schemas/"+escapeToken(name), c.Schemas[name])
		}
		for _, name := range keysOf(c.Parameters) {
			w.parameter("#/components/parameters/"+escapeToken(name), c.Parameters[name])
		}
		for _, name := range keysOf(c.RequestBodies) {
			if rb := c.RequestBodies[name]; rb != nil && rb.Value != nil {
				w.content("#/components/requestBodies/"+escapeToken(name)+"/content", rb.Value.Content)
			}
		}
		for _, name := range keysOf(c.Responses) {
			w.response("#/components/responses/"+escapeToken(name), c.Responses[name])
		}
	}
	if doc.Paths == nil {
		return w.problems
	}
	paths := doc.Paths.Map()
	for _, path := range keysOf(paths) {
		w.pathItem("#/paths/"+escapeToken(path), paths[path])
	}
	return w.problems
}

func (w *specWalk) pathItem(at string, item *openapi3.PathItem) {
	if item == nil {
		return
	}
	for i, p := range item.Parameters {
		w.parameter(at+"/parameters/"+strconv.Itoa(i), p)
	}
	ops := item.Operations()
	for _, method := range keysOf(ops) {
		op, opAt := ops[method], at+"/"+lower(method)
		for i, p := range op.Parameters {
			w.parameter(opAt+"/parameters/"+strconv.Itoa(i), p)
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			w.content(opAt+"/requestBody/content", op.RequestBody.Value.Content)
		}
		if op.Responses == nil {
			continue
		}
		responses := op.Responses.Map()
		for _, code := range keysOf(responses) {
			w.response(opAt+"/responses/"+escapeToken(code), responses[code])
		}
	}
}

func (w *specWalk) parameter(at string, ref *openapi3.ParameterRef) {
	if ref == nil || ref.Value == nil || isComponentRef(ref.Ref) {
		return
	}
	w.schema(at+"/schema", ref.Value.Schema)
	w.content(at+"/content", ref.Value.Content)
}

func (w *specWalk) response(at string, ref *openapi3.ResponseRef) {
	if ref == nil || ref.Value == nil || isComponentRef(ref.Ref) {
		return
	}
	w.content(at+"/content", ref.Value.Content)
	for _, name := range keysOf(ref.Value.Headers) {
		if h := ref.Value.Headers[name]; h != nil && h.Value != nil {
			w.schema(at+"/headers/"+escapeToken(name)+"/schema", h.Value.Schema)
		}
	}
}

// content walks the schemas of media types and checks their examples.
func (w *specWalk) content(at string, content openapi3.Content) {
	for _, mt := range keysOf(content) {
		media, mtAt := content[mt], at+"/"+escapeToken(mt)
		if media == nil {
			continue
		}
		w.schema(mtAt+"/schema", media.Schema)
		if media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		if media.Example != nil {
			w.value(mtAt+"/example", "example", media.Schema.Value, media.Example)
		}
		for _, name := range keysOf(media.Examples) {
			if ex := media.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
				w.value(mtAt+"/examples/"+escapeToken(name)+"/value", "example", media.Schema.Value, ex.Value.Value)
			}
		}
	}
}

// isComponentRef reports whether ref points into components, which are
// walked under their own path.
func isComponentRef(ref string) bool {
	return len(ref) > len("#/components/") && ref[:len("#/components/")] == "#/components/"
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
