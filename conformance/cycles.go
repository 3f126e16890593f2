package conformance

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkCycles refuses a spec with a schema that refers to itself only
// through allOf, anyOf, oneOf or not: those apply to the same value, so
// validating any value against it recurses without end (a fatal stack
// overflow in kin-openapi). A schema that refers to itself through
// properties, additionalProperties or items is legitimately recursive (a
// tree): each step descends into the data, so finite data ends it.
//
// The error is one line naming the schema and the path of the cycle.
func checkCycles(name string, doc *openapi3.T) error {
	names := schemaNames(doc)
	c := cycleFinder{names: names, state: map[*openapi3.Schema]int{}, all: map[*openapi3.Schema]bool{}}
	for _, root := range rootSchemas(doc) {
		c.collect(root)
	}
	// Start from named schemas first, in name order, so that the error
	// names the same schema every time.
	starts := make([]*openapi3.Schema, 0, len(c.all))
	for s := range c.all {
		starts = append(starts, s)
	}
	sort.SliceStable(starts, func(i, j int) bool { return c.label(starts[i]) < c.label(starts[j]) })
	for _, s := range starts {
		if path := c.find(s, nil, nil); path != nil {
			return fmt.Errorf("spec %s: schema %s refers to itself through %s, which applies to the same value: validating it would never end", name, path[0], strings.Join(path[1:], " → "))
		}
	}
	return nil
}

// schemaNames names every schema of components.schemas.
func schemaNames(doc *openapi3.T) map[*openapi3.Schema]string {
	names := map[*openapi3.Schema]string{}
	if doc.Components == nil {
		return names
	}
	for n, ref := range doc.Components.Schemas {
		if ref != nil && ref.Value != nil {
			if old, ok := names[ref.Value]; !ok || n < old {
				names[ref.Value] = n
			}
		}
	}
	return names
}

// rootSchemas are the schemas of components and of every operation's
// parameters, request bodies, responses and their headers.
func rootSchemas(doc *openapi3.T) []*openapi3.SchemaRef {
	var out []*openapi3.SchemaRef
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				out = append(out, mt.Schema)
			}
		}
	}
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				out = append(out, p.Value.Schema)
				content(p.Value.Content)
			}
		}
	}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			out = append(out, s)
		}
	}
	if doc.Paths == nil {
		return out
	}
	for _, item := range doc.Paths.Map() {
		if item == nil {
			continue
		}
		params(item.Parameters)
		for _, op := range item.Operations() {
			params(op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r == nil || r.Value == nil {
					continue
				}
				content(r.Value.Content)
				for _, h := range r.Value.Headers {
					if h != nil && h.Value != nil {
						out = append(out, h.Value.Schema)
					}
				}
			}
		}
	}
	return out
}

type cycleFinder struct {
	names map[*openapi3.Schema]string
	all   map[*openapi3.Schema]bool
	state map[*openapi3.Schema]int // 1: on the path being searched, 2: no cycle through it
}

// collect gathers every schema reachable from ref, through every keyword.
func (c *cycleFinder) collect(ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || c.all[ref.Value] {
		return
	}
	s := ref.Value
	c.all[s] = true
	for _, r := range sameValue(s) {
		c.collect(r.ref)
	}
	for _, p := range s.Properties {
		c.collect(p)
	}
	c.collect(s.Items)
	c.collect(s.AdditionalProperties.Schema)
}

// edge is one same-value keyword of a schema: where it goes and how it
// reads in the error.
type edge struct {
	ref  *openapi3.SchemaRef
	word string
}

// sameValue are the keywords whose schemas validate the very value their
// schema does.
func sameValue(s *openapi3.Schema) []edge {
	var out []edge
	for _, kw := range []struct {
		word string
		refs openapi3.SchemaRefs
	}{{"allOf", s.AllOf}, {"anyOf", s.AnyOf}, {"oneOf", s.OneOf}} {
		for _, r := range kw.refs {
			out = append(out, edge{r, kw.word})
		}
	}
	if s.Not != nil {
		out = append(out, edge{s.Not, "not"})
	}
	return out
}

// find searches for a same-value cycle through s, the last of nodes
// (the schemas on the path so far, joined by edges); it returns the cycle
// as [name of its first schema, "allOf Foo", ...] or nil.
func (c *cycleFinder) find(s *openapi3.Schema, nodes []*openapi3.Schema, edges []edge) []string {
	nodes = append(nodes, s)
	switch c.state[s] {
	case 2:
		return nil
	case 1:
		k := slices.Index(nodes, s) // where the cycle begins
		out := []string{c.label(s)}
		for _, e := range edges[k:] {
			out = append(out, e.word+" "+c.labelRef(e.ref))
		}
		return out
	}
	c.state[s] = 1
	for _, e := range sameValue(s) {
		if e.ref == nil || e.ref.Value == nil {
			continue
		}
		if cycle := c.find(e.ref.Value, nodes, append(edges, e)); cycle != nil {
			return cycle
		}
	}
	c.state[s] = 2
	return nil
}

func (c *cycleFinder) label(s *openapi3.Schema) string {
	if n, ok := c.names[s]; ok {
		return n
	}
	return "(inline schema)"
}

func (c *cycleFinder) labelRef(r *openapi3.SchemaRef) string {
	if n, ok := c.names[r.Value]; ok {
		return n
	}
	if r.Ref != "" {
		return r.Ref
	}
	return "(inline schema)"
}
