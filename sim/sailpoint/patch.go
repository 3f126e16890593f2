package sailpoint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
)

// patchOp is one JSON Patch operation of a request.
type patchOp struct {
	Op, path   string   // path as written, for messages
	Path, From []string // parsed pointers
	Value      any
}

// patch is patchOauthClient: apply a JSON Patch to the patchable fields,
// all operations or none.
func (s *Server) patch(w http.ResponseWriter, r *http.Request, _ *token, id string) {
	c := s.clients[id]
	if c == nil {
		s.notFound(w, id)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json-patch+json" {
		s.writeError(w, http.StatusBadRequest, "The Content-Type must be application/json-patch+json.")
		return
	}
	ops, err := readPatch(r)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	next, err := applyPatch(c.ClientState, ops)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !reflect.DeepEqual(next, c.ClientState) {
		next.Modified = s.now()
	}
	c.ClientState = next
	writeJSON(w, http.StatusOK, newGetView(c.clone()))
}

// readPatch decodes and checks a JSON Patch document.
func readPatch(r *http.Request) ([]patchOp, error) {
	var raw []map[string]any
	if err := readJSON(r, &raw); err != nil || raw == nil {
		return nil, errors.New("The body must be a JSON array of JSON Patch operations.")
	}
	ops := make([]patchOp, 0, len(raw))
	for i, m := range raw {
		op, err := parseOp(m)
		if err != nil {
			return nil, fmt.Errorf("Operation %d: %w", i, err)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// parseOp checks one operation: a known op, patchable paths, and the value
// or from that the op needs.
func parseOp(m map[string]any) (patchOp, error) {
	op, _ := m["op"].(string)
	path, _ := m["path"].(string)
	value, hasValue := m["value"]
	p := patchOp{Op: op, path: path, Value: value}
	var err error
	if p.Path, err = patchablePath(path); err != nil {
		return p, err
	}
	switch op {
	case "add", "replace", "test":
		if !hasValue || !validValue(value) {
			return p, fmt.Errorf("%q needs a value that is a string, boolean, integer, object or array.", op)
		}
	case "move", "copy":
		from, _ := m["from"].(string)
		if p.From, err = patchablePath(from); err != nil {
			return p, fmt.Errorf("from: %w", err)
		}
	case "remove":
	default:
		return p, fmt.Errorf("%q is not a JSON Patch operation.", op)
	}
	return p, nil
}

// patchablePath parses a pointer whose first token is a patchable field.
func patchablePath(p string) ([]string, error) {
	toks, err := parsePointer(p)
	if err != nil {
		return nil, fmt.Errorf("The path %w.", err)
	}
	f, ok := fieldNamed(toks[0])
	switch {
	case ok && f.patchable:
		return toks, nil
	case ok || toks[0] == "id" || toks[0] == "secret" || toks[0] == "scope" ||
		toks[0] == "created" || toks[0] == "modified" || toks[0] == "lastUsed":
		return nil, fmt.Errorf("The path %q cannot be patched.", p)
	}
	return nil, fmt.Errorf("The path %q is not a field of an OAuth client.", p)
}

// validValue follows the spec's JsonPatchOperation value: a string,
// boolean, integer, object, or array of strings, integers and objects.
func validValue(v any) bool {
	switch t := v.(type) {
	case string, bool, map[string]any:
		return true
	case json.Number:
		_, err := t.Int64()
		return err == nil
	case []any:
		for _, item := range t {
			switch item.(type) {
			case string, json.Number, map[string]any:
				if !validValue(item) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}

// applyPatch applies ops to a copy of st and returns it; st is untouched.
func applyPatch(st ClientState, ops []patchOp) (ClientState, error) {
	var doc any = patchDocument(st)
	for i, op := range ops {
		var err error
		if doc, err = op.apply(doc); err != nil {
			return st, fmt.Errorf("Operation %d (%s %s): %w.", i, op.Op, op.path, err)
		}
	}
	next := st.clone()
	m := doc.(map[string]any)
	for _, f := range fields {
		if !f.patchable {
			continue
		}
		v, ok := m[f.name]
		if !ok && !f.nullable {
			return st, fmt.Errorf("Field %q cannot be removed.", f.name)
		}
		if err := setField(&next, f, v); err != nil {
			return st, err
		}
	}
	return next, checkClient(&next)
}

// apply runs one operation on doc.
func (op patchOp) apply(doc any) (any, error) {
	switch op.Op {
	case "add":
		return addAt(doc, op.Path, op.Value)
	case "remove":
		return removeAt(doc, op.Path)
	case "replace":
		doc, err := removeAt(doc, op.Path)
		if err != nil {
			return nil, err
		}
		return addAt(doc, op.Path, op.Value)
	case "test":
		return doc, op.test(doc)
	}
	v, err := getAt(doc, op.From)
	if err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if op.Op == "move" {
		if doc, err = removeAt(doc, op.From); err != nil {
			return nil, err
		}
	}
	return addAt(doc, op.Path, deepCopy(v))
}

// test compares the value at the path with the operation's, as JSON.
func (op patchOp) test(doc any) error {
	got, err := getAt(doc, op.Path)
	if err != nil {
		return err
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(op.Value)
	if !bytes.Equal(a, b) {
		return fmt.Errorf("the test failed: the value is %s, not %s", a, b)
	}
	return nil
}

// patchDocument is the JSON document a patch applies to: the patchable
// fields of st, nulls included.
func patchDocument(st ClientState) map[string]any {
	data, _ := json.Marshal(newGetView(st)) //nolint:gosec // the simulator answers with the secret, as SailPoint does
	var all map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	_ = dec.Decode(&all)
	doc := map[string]any{"tenant": nil}
	if st.Tenant != nil {
		doc["tenant"] = *st.Tenant
	}
	for _, f := range fields {
		if f.patchable && f.name != "tenant" {
			doc[f.name] = all[f.name]
		}
	}
	return doc
}
