package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// The suite must prove it can fail. TestMutantsAreKilled derives, from every
// interaction that passes, mutants that are each wrong in one way the spec
// forbids, and requires Check to fail every one of them with a problem at
// the place that was changed. Targets are found in the spec's own schema for
// the interaction's operation, status and content type; nothing is
// hard-coded per vendor.
//
// A kind of mutation that an interaction offers no target for is "not
// applicable" and counted apart, not a survivor: an empty list, a non-JSON
// body (a PKCS#10 CSR) or an object whose schema requires nothing has no
// required property to remove; a body with no typed property has no type to
// change, and one without enum-typed values no enum to break; a response that
// declares a body cannot be "given" one, and one that declares none (a 204)
// has no content type to get wrong.

type mutationKind string

const (
	undocumentedStatus    mutationKind = "undocumented status"
	requiredRemoved       mutationKind = "required property removed"
	typeChanged           mutationKind = "property type changed"
	enumViolated          mutationKind = "value outside its enum"
	undeclaredContentType mutationKind = "undeclared content type"
	bodyOnBodiless        mutationKind = "body on a bodiless response"
)

// mutant is an interaction made wrong in one way, and the pointer of the
// problem that Check must report for it.
type mutant struct {
	kind mutationKind
	in   *cassette.Interaction
	want string
}

// target is what the spec documents for a passing interaction's response.
type target struct {
	op       *openapi3.Operation
	response *openapi3.Response
	schema   *openapi3.Schema // of a JSON body; nil otherwise
	body     string
}

type mutator func(target, *cassette.Interaction) (mutant, bool)

var mutators = []struct {
	kind mutationKind
	make mutator
}{
	{undocumentedStatus, mutateStatus},
	{requiredRemoved, removeRequired},
	{typeChanged, changeType},
	{enumViolated, breakEnum},
	{undeclaredContentType, undeclareContentType},
	{bodyOnBodiless, addBody},
}

// tally counts one kind's mutants.
type tally struct{ killed, survived, notApplicable int }

var failPolicies = &Options{FailUndeclaredBody: true, FailRemovedCredentials: true}

func TestMutantsAreKilled(t *testing.T) {
	corpora := []struct {
		name    string
		checker *Checker
		inputs  func(t *testing.T) []*cassette.Interaction
	}{
		// A body on a bodiless response is a note by default (the
		// UndeclaredBody policy): these checkers fail it, as CI can ask.
		{"cassettes", NewChecker(bundled(t), failPolicies), corpusInteractions},
		{"things", NewChecker([]*Spec{things(t)}, failPolicies), thingsInteractions},
	}
	for _, corpus := range corpora {
		t.Run(corpus.name, func(t *testing.T) {
			tallies, survivors := killMutants(t, corpus.checker, corpus.inputs(t))
			killed, total := logTallies(t, tallies)
			t.Run(fmt.Sprintf("kill_rate_%d_of_%d", killed, total), func(t *testing.T) {
				for _, s := range survivors {
					t.Error(s)
				}
			})
		})
	}
}

func killMutants(t *testing.T, c *Checker, inputs []*cassette.Interaction) (map[mutationKind]*tally, []string) {
	tallies := map[mutationKind]*tally{}
	for _, m := range mutators {
		tallies[m.kind] = &tally{}
	}
	var survivors []string
	for i, in := range inputs {
		if c.Check("original", i, in).Outcome != Pass {
			continue
		}
		tg := targetOf(t, c, in)
		for _, m := range mutators {
			mut, ok := m.make(tg, in)
			if !ok {
				tallies[m.kind].notApplicable++
				continue
			}
			res := c.Check("mutant", i, mut.in)
			if res.Outcome == Fail && hasPointer(res.Problems, mut.want) {
				tallies[m.kind].killed++
				continue
			}
			tallies[m.kind].survived++
			survivors = append(survivors, fmt.Sprintf("%s survived on #%d %s %s -> %d: want a problem at %s, got %s %v",
				m.kind, i, in.Request.Method, in.Request.URL, in.Response.Code, mut.want, res.Outcome, res.Problems))
		}
	}
	return tallies, survivors
}

func logTallies(t *testing.T, tallies map[mutationKind]*tally) (killed, total int) {
	for _, m := range mutators {
		n := tallies[m.kind]
		t.Logf("%-28s killed %3d of %3d, not applicable %3d", m.kind, n.killed, n.killed+n.survived, n.notApplicable)
		killed += n.killed
		total += n.killed + n.survived
	}
	require.Positive(t, total, "no mutant at all: the corpus has no passing interaction")
	t.Logf("kill rate: %d of %d (%.1f%%)", killed, total, 100*float64(killed)/float64(total))
	return killed, total
}

func hasPointer(problems []Problem, want string) bool {
	for _, p := range problems {
		if p.Pointer == want {
			return true
		}
	}
	return false
}

// targetOf finds the documented response of a passing interaction, and the
// schema of its body when that body is JSON.
func targetOf(t *testing.T, c *Checker, in *cassette.Interaction) target {
	req, err := recordedRequest(exchangeOfV3(in))
	require.NoError(t, err)
	r, problem := c.find(req)
	require.Nil(t, problem)
	resp := recordedResponseOf(exchangeOfV3(in))
	documented, _ := responseFor(r.route.Operation, resp.code)
	tg := target{op: r.route.Operation, response: documented, body: in.Response.Body}
	if len(documented.Content) == 0 {
		return tg
	}
	mediaType, media, problem := declaredMediaType(documented.Content, resp.header)
	require.Nil(t, problem)
	if isJSON(mediaType) && media.Schema != nil {
		tg.schema = media.Schema.Value
	}
	return tg
}

func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// clone copies an interaction deeply enough to change its response.
func clone(in *cassette.Interaction) *cassette.Interaction {
	out := *in
	out.Request.Headers = in.Request.Headers.Clone()
	out.Response.Headers = in.Response.Headers.Clone()
	return &out
}

// setContentType replaces the Content-Type header whatever the case of its
// recorded name.
func setContentType(h http.Header, value string) {
	for name := range h {
		if strings.EqualFold(name, "Content-Type") {
			delete(h, name)
		}
	}
	h.Set("Content-Type", value)
}

func mutateStatus(tg target, in *cassette.Interaction) (mutant, bool) {
	if tg.op.Responses.Default() != nil {
		return mutant{}, false // default covers every status not listed
	}
	for _, code := range append([]int{418, 599, 299}, allStatuses()...) {
		if tg.op.Responses.Status(code) == nil {
			out := clone(in)
			out.Response.Code = code
			out.Response.Status = fmt.Sprintf("%d Mutant", code)
			return mutant{undocumentedStatus, out, "/response/status"}, true
		}
	}
	return mutant{}, false
}

func allStatuses() []int {
	out := make([]int, 0, 500)
	for code := 100; code < 600; code++ {
		out = append(out, code)
	}
	return out
}

func undeclareContentType(tg target, in *cassette.Interaction) (mutant, bool) {
	const html = "text/html"
	if len(tg.response.Content) == 0 || tg.response.Content.Get(html) != nil {
		return mutant{}, false
	}
	out := clone(in)
	setContentType(out.Response.Headers, html)
	return mutant{undeclaredContentType, out, "/response/header/Content-Type"}, true
}

func addBody(tg target, in *cassette.Interaction) (mutant, bool) {
	if len(tg.response.Content) != 0 {
		return mutant{}, false
	}
	out := clone(in)
	out.Response.Body = `{"x":1}`
	setContentType(out.Response.Headers, "application/json")
	return mutant{bodyOnBodiless, out, "/response/body"}, true
}

// The body mutations below change one place of the JSON body, found by
// walking the body together with its schema.

func removeRequired(tg target, in *cassette.Interaction) (mutant, bool) {
	return mutateBody(tg, in, requiredRemoved, func(s site) ([]any, func(parent any)) {
		obj, ok := s.value.(map[string]any)
		if !ok {
			return nil, nil
		}
		for _, name := range requiredOf(s.schema) {
			if _, present := obj[name]; present {
				return appendPath(s.path, name), func(parent any) { delete(parent.(map[string]any), name) }
			}
		}
		return nil, nil
	})
}

func changeType(tg target, in *cassette.Interaction) (mutant, bool) {
	return mutateBody(tg, in, typeChanged, func(s site) ([]any, func(parent any)) {
		types := s.schema.Type.Slice()
		if !isProperty(s.path) || len(types) != 1 || s.value == nil {
			return nil, nil
		}
		return s.path, replaceWith(s.path, otherType(types[0]))
	})
}

func breakEnum(tg target, in *cassette.Interaction) (mutant, bool) {
	const notInEnum = "NOT_IN_ENUM"
	return mutateBody(tg, in, enumViolated, func(s site) ([]any, func(parent any)) {
		if len(s.path) == 0 || len(s.schema.Enum) == 0 || s.value == nil || enumHolds(s.schema.Enum, notInEnum) {
			return nil, nil
		}
		return s.path, replaceWith(s.path, notInEnum)
	})
}

// isProperty reports whether path ends in a property name.
func isProperty(path []any) bool {
	if len(path) == 0 {
		return false
	}
	_, ok := path[len(path)-1].(string)
	return ok
}

// otherType is a JSON value that is not of type typ.
func otherType(typ string) any {
	if typ == openapi3.TypeString {
		return 12345
	}
	return "not a " + typ
}

func enumHolds(enum []any, v any) bool {
	for _, e := range enum {
		if e == v {
			return true
		}
	}
	return false
}

// finder looks at one site and returns the path of the place it changes and
// how it changes that place's parent, or nil when the site has no target.
type finder func(site) ([]any, func(parent any))

// mutateBody applies the first change find offers, breadth first over the
// body's sites.
func mutateBody(tg target, in *cassette.Interaction, kind mutationKind, find finder) (mutant, bool) {
	if tg.schema == nil {
		return mutant{}, false
	}
	root, err := decodeJSONBody(tg.body)
	if err != nil {
		return mutant{}, false
	}
	for _, s := range sites(tg.schema, root) {
		path, change := find(s)
		if change == nil {
			continue
		}
		change(at(root, path[:len(path)-1]))
		body, err := json.Marshal(root)
		if err != nil {
			return mutant{}, false
		}
		out := clone(in)
		out.Response.Body = string(body)
		return mutant{kind, out, pointerOf("/response/body", path)}, true
	}
	return mutant{}, false
}

func decodeJSONBody(body string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	return v, dec.Decode(&v)
}

// site is a place in a JSON body with the schema that governs it
// unconditionally: reached through properties, items and allOf only, never
// through a branch of oneOf or anyOf, whose rules another branch may lift.
type site struct {
	schema *openapi3.Schema
	value  any
	path   []any // property names and array indexes
}

// sites lists the sites of value breadth first, shallowest first.
func sites(schema *openapi3.Schema, value any) []site {
	queue := []site{{schema: schema, value: value}}
	for i := 0; i < len(queue); i++ {
		queue = append(queue, children(queue[i])...)
	}
	return queue
}

func children(s site) []site {
	var out []site
	switch v := s.value.(type) {
	case map[string]any:
		props := propertiesOf(s.schema)
		for _, name := range sortedKeys(v) {
			if ps := props[name]; ps != nil {
				out = append(out, site{ps, v[name], appendPath(s.path, name)})
			}
		}
	case []any:
		if s.schema.Items == nil || s.schema.Items.Value == nil {
			return nil
		}
		for i, e := range v {
			out = append(out, site{s.schema.Items.Value, e, appendPath(s.path, i)})
		}
	}
	return out
}

// propertiesOf merges the properties of a schema and of its allOf members.
func propertiesOf(schema *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	for name, ref := range schema.Properties {
		if ref != nil && ref.Value != nil {
			out[name] = ref.Value
		}
	}
	for _, member := range schema.AllOf {
		if member.Value == nil {
			continue
		}
		for name, ps := range propertiesOf(member.Value) {
			if out[name] == nil {
				out[name] = ps
			}
		}
	}
	return out
}

// requiredOf is the sorted names a value must have whatever branch it takes:
// the schema's own, its allOf members', and those every oneOf (or every
// anyOf) branch requires.
func requiredOf(schema *openapi3.Schema) []string {
	set := map[string]bool{}
	for _, name := range schema.Required {
		set[name] = true
	}
	for _, member := range schema.AllOf {
		if member.Value != nil {
			for _, name := range requiredOf(member.Value) {
				set[name] = true
			}
		}
	}
	for _, branches := range []openapi3.SchemaRefs{schema.OneOf, schema.AnyOf} {
		for _, name := range requiredByAll(branches) {
			set[name] = true
		}
	}
	out := make([]string, 0, len(set))
	for name := range set {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func requiredByAll(branches openapi3.SchemaRefs) []string {
	if len(branches) == 0 {
		return nil
	}
	count := map[string]int{}
	for _, b := range branches {
		if b.Value == nil {
			return nil
		}
		for _, name := range requiredOf(b.Value) {
			count[name]++
		}
	}
	var out []string
	for name, n := range count {
		if n == len(branches) {
			out = append(out, name)
		}
	}
	return out
}

func appendPath(path []any, step any) []any {
	return append(append(make([]any, 0, len(path)+1), path...), step)
}

// at returns the value at path inside root.
func at(root any, path []any) any {
	for _, step := range path {
		switch s := step.(type) {
		case string:
			root = root.(map[string]any)[s]
		case int:
			root = root.([]any)[s]
		}
	}
	return root
}

// replaceWith changes the value at path, in its parent, to v.
func replaceWith(path []any, v any) func(parent any) {
	last := path[len(path)-1]
	return func(parent any) {
		switch step := last.(type) {
		case string:
			parent.(map[string]any)[step] = v
		case int:
			parent.([]any)[step] = v
		}
	}
}

func pointerOf(prefix string, path []any) string {
	var b bytes.Buffer
	b.WriteString(prefix)
	for _, step := range path {
		b.WriteString("/" + escapeToken(fmt.Sprint(step)))
	}
	return b.String()
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// corpusInteractions is every interaction recorded under cassettes/.
func corpusInteractions(t *testing.T) []*cassette.Interaction {
	files, err := FindCassettes(corpusDir)
	require.NoError(t, err)
	var out []*cassette.Interaction
	for _, file := range files {
		c, err := LoadCassette(file)
		require.NoError(t, err)
		out = append(out, c.Interactions...)
	}
	return out
}

// thingsInteractions are passing interactions of the things spec, for the
// shapes the vendor cassettes may lack: a status range, a default response,
// nested required properties, non-JSON bodies.
func thingsInteractions(*testing.T) []*cassette.Interaction {
	exchanges := []exchange{
		{url: "https://h/v1/things", code: 200, respHeaders: requestID, respBody: "[" + aThing + "]"},
		{url: "https://h/v1/things?limit=50", code: 404, respBody: `{"code":"E1"}`},
		{method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: aThing, code: 201, respBody: aThing},
		{method: http.MethodPatch, url: "https://h/v1/things/abc", reqCT: "application/json-patch+json", body: patchOps, code: 200, respBody: `{"id":"t1","status":"INACTIVE","tags":["a"]}`},
		{method: http.MethodDelete, url: "https://h/v1/things/abc", code: 204},
		{url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/pkcs10", respBody: csrB64},
		{method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/x-pem-file", body: pem, code: 201, respBody: aThing},
	}
	out := make([]*cassette.Interaction, len(exchanges))
	for i, ex := range exchanges {
		out[i] = ex.interaction()
	}
	return out
}
