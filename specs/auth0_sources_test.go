package specs_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// auth0SourceKinds are the kinds of evidence a claim may rest on, as issue
// 14 names them.
var auth0SourceKinds = map[string]bool{
	"seed": true, "reference page": true, "vendor spec": true, "public client": true, "inferred": true,
}

// auth0Claims lists every claim the two Auth0 specs make, one string each:
// "op M P", "status M P C", "param M P N", "header N", "scope S" and
// "schema S.a.b" for every property of a component schema, inline
// objects and array items included.
func auth0Claims(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, file := range []string{"auth0", "auth0_authentication"} {
		doc := loadSpec(t, file)
		for _, path := range doc.Paths.InMatchingOrder() {
			item := doc.Paths.Value(path)
			for method, op := range item.Operations() {
				key := method + " " + path
				out = append(out, "op "+key)
				for code := range op.Responses.Map() {
					out = append(out, "status "+key+" "+code)
				}
				for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
					out = append(out, "param "+key+" "+p.Value.Name)
				}
			}
		}
		if doc.Components == nil {
			continue
		}
		for name := range doc.Components.Headers {
			out = append(out, "header "+name)
		}
		for _, scheme := range doc.Components.SecuritySchemes {
			if f := scheme.Value.Flows; f != nil && f.ClientCredentials != nil {
				for scope := range f.ClientCredentials.Scopes {
					out = append(out, "scope "+scope)
				}
			}
		}
		for name, s := range doc.Components.Schemas {
			out = append(out, "schema "+name)
			out = appendProperties(out, "schema "+name, s)
		}
	}
	sort.Strings(out)
	return out
}

// appendProperties adds prefix.p for every property p of an inline schema,
// and recurses into inline objects and inline array items; a $ref is a
// claim of the schema it names.
func appendProperties(out []string, prefix string, s *openapi3.SchemaRef) []string {
	if s == nil || s.Ref != "" || s.Value == nil {
		return out
	}
	v := s.Value
	if v.Items != nil && v.Items.Ref == "" {
		out = appendProperties(out, prefix+"[]", v.Items)
	}
	for _, alt := range v.OneOf {
		out = appendProperties(out, prefix, alt)
	}
	for name, p := range v.Properties {
		out = append(out, prefix+"."+name)
		out = appendProperties(out, prefix+"."+name, p)
	}
	return out
}

// auth0Sources parses the table of specs/auth0_sources.md: rows of
// "| claim | kind | source |".
func auth0Sources(t *testing.T) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	sc := bufio.NewScanner(bytes.NewReader(mustRead(t, "auth0_sources.md")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		require.Len(t, cells, 3, "row %q needs three cells", line)
		claim := strings.Trim(strings.TrimSpace(cells[0]), "`")
		kind, source := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2])
		_, dup := out[claim]
		require.False(t, dup, "%s has two rows", claim)
		require.True(t, auth0SourceKinds[kind], "%s: unknown kind %q", claim, kind)
		require.NotEmpty(t, source, "%s: no source", claim)
		out[claim] = [2]string{kind, source}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestAuth0Sources requires a source for every claim of the Auth0 specs and
// no source for a claim the specs do not make.
func TestAuth0Sources(t *testing.T) {
	claims := auth0Claims(t)
	sources := auth0Sources(t)
	var missing, extra []string
	seen := map[string]bool{}
	for _, c := range claims {
		seen[c] = true
		if _, ok := sources[c]; !ok {
			missing = append(missing, c)
		}
	}
	for c := range sources {
		if !seen[c] {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	require.Empty(t, missing, "claims of the Auth0 specs with no row in auth0_sources.md")
	require.Empty(t, extra, "rows of auth0_sources.md naming nothing the specs hold")
	counts := map[string]int{}
	for _, s := range sources {
		counts[s[0]]++
	}
	t.Logf("Auth0 claims by source kind: %v (%d in all)", counts, len(claims))
}

// TestAuth0SourcesCatchDrift shows the check can fail: a claim dropped from
// the table and a row for an invented property are both noticed.
func TestAuth0SourcesCatchDrift(t *testing.T) {
	claims := auth0Claims(t)
	require.Contains(t, claims, "schema ClientCredential.kid")
	require.Contains(t, claims, "status "+http.MethodPatch+" /api/v2/clients/{client_id}/credentials/{credential_id} 200")
	require.NotContains(t, claims, "schema ClientCredential.invented")
	require.Contains(t, claims, fmt.Sprintf("param %s /api/v2/clients per_page", http.MethodGet))
}
