package specs_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// sourceKinds are the kinds of source specs/SOURCES.md may give a claim.
var sourceKinds = map[string]bool{"seed": true, "reference": true, "vendor-spec": true, "client": true, "inferred": true}

// tracedVendors are the specs whose every claim must have a source.
var tracedVendors = []string{"sailpoint", "vmwarecsp"}

// claims enumerates every claim of a spec that SOURCES.md must trace:
// operations, their parameters, request bodies, statuses and response
// headers, and every component schema with its properties (nested inline
// objects and array items included).
func claims(doc *openapi3.T) []string {
	var out []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			opKey := "op:" + op.OperationID
			out = append(out, opKey)
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				out = append(out, fmt.Sprintf("%s:param:%s:%s", opKey, p.Value.In, p.Value.Name))
			}
			if op.RequestBody != nil {
				for mt := range op.RequestBody.Value.Content {
					out = append(out, opKey+":request:"+mt)
				}
			}
			for code, resp := range op.Responses.Map() {
				out = append(out, opKey+":status:"+code)
				for name := range resp.Value.Headers {
					out = append(out, opKey+":status:"+code+":header:"+name)
				}
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		out = append(out, "schema:"+name)
		out = append(out, properties("schema:"+name, s.Value)...)
	}
	sort.Strings(out)
	return out
}

// properties lists the properties of an inline schema, recursively; a
// property that is a $ref is a claim of its own, its target is listed under
// its own name.
func properties(prefix string, s *openapi3.Schema) []string {
	var out []string
	for name, p := range s.Properties {
		key := prefix + "/" + name
		out = append(out, key)
		if p.Ref == "" {
			out = append(out, properties(key, p.Value)...)
		}
	}
	if s.Items != nil && s.Items.Ref == "" {
		out = append(out, properties(prefix+"[]", s.Items.Value)...)
	}
	return out
}

// sourceEntry is one row of the sources table.
type sourceEntry struct{ kind, source string }

// readSources parses the table rows of SOURCES.md: | spec | `claim` | kind | source |.
func readSources(t *testing.T) map[string]map[string]sourceEntry {
	t.Helper()
	f, err := os.Open("SOURCES.md")
	require.NoError(t, err)
	defer f.Close() //nolint:errcheck // read only: nothing to lose
	out := map[string]map[string]sourceEntry{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 6 || !strings.HasPrefix(strings.TrimSpace(cells[2]), "`") {
			continue
		}
		spec := strings.TrimSpace(cells[1])
		claim := strings.Trim(strings.TrimSpace(cells[2]), "`")
		kind, source := strings.TrimSpace(cells[3]), strings.TrimSpace(strings.Join(cells[4:len(cells)-1], "|"))
		require.True(t, sourceKinds[kind], "SOURCES.md:%d: unknown kind %q", line, kind)
		require.NotEmpty(t, source, "SOURCES.md:%d: %s has no source", line, claim)
		if out[spec] == nil {
			out[spec] = map[string]sourceEntry{}
		}
		_, dup := out[spec][claim]
		require.False(t, dup, "SOURCES.md:%d: %s %s is listed twice", line, spec, claim)
		out[spec][claim] = sourceEntry{kind, source}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestEveryClaimHasASource fails when a claim of the SailPoint or CSP spec
// has no row in SOURCES.md, and when a row names a claim the spec lacks.
func TestEveryClaimHasASource(t *testing.T) {
	table := readSources(t)
	for _, vendor := range tracedVendors {
		t.Run(vendor, func(t *testing.T) {
			want := claims(loadSpec(t, vendor))
			have := table[vendor]
			var missing, extra []string
			for _, c := range want {
				if _, ok := have[c]; !ok {
					missing = append(missing, c)
				}
			}
			inSpec := map[string]bool{}
			for _, c := range want {
				inSpec[c] = true
			}
			for c := range have {
				if !inSpec[c] {
					extra = append(extra, c)
				}
			}
			sort.Strings(extra)
			require.Empty(t, missing, "claims of %s.yaml with no source in SOURCES.md", vendor)
			require.Empty(t, extra, "SOURCES.md rows naming what %s.yaml lacks", vendor)
			counts := map[string]int{}
			for _, e := range have {
				counts[e.kind]++
			}
			t.Logf("%s: %d claims; by kind: %v", vendor, len(want), counts)
		})
	}
}

// TestClaimsSeeNestedProperties keeps the enumeration honest: a nested
// inline property and an array item's property are claims.
func TestClaimsSeeNestedProperties(t *testing.T) {
	doc := loadSpec(t, "sailpoint")
	got := claims(doc)
	for _, c := range []string{
		"op:patchOauthClient:request:application/json-patch+json",
		"op:listOauthClients:param:query:filters",
		"op:getOauthClient:param:path:id",
		"op:deleteOauthClient:status:204",
		"schema:JsonPatchOperation/value",
		"schema:CreateOAuthClientRequest/scope",
	} {
		require.Contains(t, got, c)
	}
	require.Contains(t, claims(loadSpec(t, "vmwarecsp")), "op:listOrgOAuthApps:status:429:header:Retry-After")
}
