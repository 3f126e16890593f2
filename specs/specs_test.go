package specs_test

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/specs"
)

// loadSpec loads one bundled spec from specs.FS and validates it as OpenAPI 3.
func loadSpec(t testing.TB, vendor string) *openapi3.T {
	t.Helper()
	data, err := specs.FS.ReadFile(vendor + ".yaml")
	require.NoError(t, err)
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	require.NoError(t, err, "%s.yaml does not load", vendor)
	require.NoError(t, doc.Validate(context.Background()), "%s.yaml is not valid OpenAPI 3", vendor)
	require.Equal(t, "3.0.3", doc.OpenAPI, "%s.yaml must be OpenAPI 3.0.3", vendor)
	return doc
}

// operation is one expected operation of a spec: where it lives, what it is
// called and every status code the vendor documents for it.
type operation struct {
	method, path, operationID string
	statuses                  []int
}

// requireOperations finds each expected operation in doc, with exactly the
// documented status codes, and fails if the spec holds operations the table
// does not list, so that a lost or an invented operation breaks the build.
func requireOperations(t *testing.T, doc *openapi3.T, want []operation) {
	t.Helper()
	seen := map[string]bool{}
	for _, w := range want {
		t.Run(w.operationID, func(t *testing.T) {
			item := doc.Paths.Find(w.path)
			require.NotNil(t, item, "path %s is missing", w.path)
			op := item.GetOperation(w.method)
			require.NotNil(t, op, "%s %s is missing", w.method, w.path)
			require.Equal(t, w.operationID, op.OperationID)
			var got []int
			for code := range op.Responses.Map() {
				n, err := strconv.Atoi(code)
				require.NoError(t, err, "%s: response %q is not a status code", w.operationID, code)
				got = append(got, n)
			}
			sort.Ints(got)
			want := append([]int(nil), w.statuses...)
			sort.Ints(want)
			require.Equal(t, want, got, "%s: documented status codes", w.operationID)
		})
		seen[w.method+" "+w.path] = true
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			require.True(t, seen[method+" "+path], "%s %s is in the spec but not in the table", method, path)
		}
	}
	require.Len(t, seen, len(want), "the table lists an operation twice")
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := specs.FS.ReadFile(name)
	require.NoError(t, err)
	return data
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
