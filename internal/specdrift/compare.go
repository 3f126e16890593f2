// Package specdrift lists every difference between credkit's spec of a
// vendor and the vendor's own published spec, for the operations credkit
// describes, and tells which of them ERRATA.md explains.
package specdrift

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxDepth bounds how deep Compare walks nested schemas; recursive or
// absurdly deep specs end there.
const maxDepth = 12

// Difference is one way credkit's spec departs from upstream. Key is its
// one-line, stable form, which ERRATA.md keys match:
//
//	<vendor> <METHOD> <path> <part> <pointer> <what>
//
// with path parameters written {} (vendors name them differently), part
// "operation", "params", "request" or a status code, and pointer a JSON
// pointer into the body schema ("" for the schema itself).
type Difference struct{ Key string }

// Compare lists the differences between ours (credkit's spec, whose paths
// start with prefix) and theirs (the vendor's, cut to the operations on
// credkit's paths), sorted by Key.
func Compare(vendor string, ours, theirs *openapi3.T, prefix string) []Difference {
	c := &comparer{vendor: vendor}
	ourOps := operations(ours, prefix)
	theirOps := operations(theirs, "")
	for _, k := range unionKeys(ourOps, theirOps) {
		o, t := ourOps[k], theirOps[k]
		switch {
		case o == nil:
			c.add(k, "operation", "", "only upstream has it")
		case t == nil:
			c.add(k, "operation", "", "only credkit has it")
		default:
			c.operation(k, o, t)
		}
	}
	sort.Slice(c.diffs, func(i, j int) bool { return c.diffs[i].Key < c.diffs[j].Key })
	return c.diffs
}

type comparer struct {
	vendor string
	diffs  []Difference
}

func (c *comparer) add(op, part, pointer, what string) {
	c.diffs = append(c.diffs, Difference{Key: strings.Join([]string{c.vendor, op, part, "#" + pointer, what}, " ")})
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// operations maps "METHOD /path" (parameters as {}) to each operation of
// doc whose path starts with prefix, the prefix removed.
func operations(doc *openapi3.T, prefix string) map[string]*openapi3.Operation {
	out := map[string]*openapi3.Operation{}
	if doc == nil || doc.Paths == nil {
		return out
	}
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, prefix) {
			continue
		}
		norm := pathParam.ReplaceAllString(strings.TrimPrefix(path, prefix), "{}")
		for method, op := range item.Operations() {
			out[method+" "+norm] = withPathParams(op, item)
		}
	}
	return out
}

// withPathParams gives op the parameters its path item declares for all
// its operations, unless op declares them itself.
func withPathParams(op *openapi3.Operation, item *openapi3.PathItem) *openapi3.Operation {
	if len(item.Parameters) == 0 {
		return op
	}
	cp := *op
	cp.Parameters = append(openapi3.Parameters(nil), op.Parameters...)
	for _, p := range item.Parameters {
		if p.Value != nil && cp.Parameters.GetByInAndName(p.Value.In, p.Value.Name) == nil {
			cp.Parameters = append(cp.Parameters, p)
		}
	}
	return &cp
}

func (c *comparer) operation(k string, o, t *openapi3.Operation) {
	c.params(k, o.Parameters, t.Parameters)
	c.content(k, "request", requestContent(o), requestContent(t))
	ours, theirs := responses(o), responses(t)
	for _, status := range unionKeys(ours, theirs) {
		or, tr := ours[status], theirs[status]
		switch {
		case or == nil:
			c.add(k, status, "", "only upstream documents this status")
		case tr == nil:
			c.add(k, status, "", "only credkit documents this status")
		default:
			c.content(k, status, or.Content, tr.Content)
		}
	}
}

func requestContent(op *openapi3.Operation) openapi3.Content {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	return op.RequestBody.Value.Content
}

func responses(op *openapi3.Operation) map[string]*openapi3.Response {
	out := map[string]*openapi3.Response{}
	if op.Responses == nil {
		return out
	}
	for status, r := range op.Responses.Map() {
		if r.Value != nil {
			out[status] = r.Value
		}
	}
	return out
}

// params compares query and header parameters by name, and path
// parameters by count (vendors name them differently).
func (c *comparer) params(k string, ours, theirs openapi3.Parameters) {
	index := func(ps openapi3.Parameters) map[string]*openapi3.Parameter {
		out := map[string]*openapi3.Parameter{}
		for _, p := range ps {
			if p.Value == nil || p.Value.In == openapi3.ParameterInPath {
				continue
			}
			out[p.Value.In+" "+p.Value.Name] = p.Value
		}
		return out
	}
	o, t := index(ours), index(theirs)
	for _, name := range unionKeys(o, t) {
		op, tp := o[name], t[name]
		switch {
		case op == nil:
			c.add(k, "params", "", name+": only upstream has it")
		case tp == nil:
			c.add(k, "params", "", name+": only credkit has it")
		default:
			if op.Required != tp.Required {
				c.add(k, "params", "", fmt.Sprintf("%s: required %v, upstream %v", name, op.Required, tp.Required))
			}
			c.schema(k, "params "+name, "", op.Schema, tp.Schema, 0)
		}
	}
}

// content compares the media types of a body and, for JSON, its schema.
func (c *comparer) content(k, part string, ours, theirs openapi3.Content) {
	for _, ct := range unionKeys(ours, theirs) {
		om, tm := ours[ct], theirs[ct]
		switch {
		case om == nil:
			c.add(k, part, "", ct+": only upstream has this content type")
		case tm == nil:
			c.add(k, part, "", ct+": only credkit has this content type")
		default:
			c.schema(k, part, "", om.Schema, tm.Schema, 0)
		}
	}
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
