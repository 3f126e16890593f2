package specs_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrySpec requires every operation of ory.yaml with exactly its
// documented statuses ("default" covers the others, as Ory's spec says).
func TestOrySpec(t *testing.T) {
	doc := loadSpec(t, "ory")
	ops := map[string][]string{
		"GET /admin/clients":         {"200", "429", "500", "default"},
		"POST /admin/clients":        {"201", "400", "409", "429", "500", "default"},
		"GET /admin/clients/{id}":    {"200", "404", "429", "500", "default"},
		"PUT /admin/clients/{id}":    {"200", "400", "404", "429", "500", "default"},
		"PATCH /admin/clients/{id}":  {"200", "400", "404", "429", "500", "default"},
		"DELETE /admin/clients/{id}": {"204", "404", "429", "500", "default"},
		"POST /oauth2/token":         {"200", "400", "401", "default"},
	}
	seen := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			want, ok := ops[method+" "+path]
			require.True(t, ok, "%s %s is in ory.yaml but not in the table", method, path)
			require.ElementsMatch(t, want, keysOf(op.Responses.Map()), "%s %s", method, path)
			seen++
		}
	}
	require.Equal(t, len(ops), seen, "an operation of the table is missing")
}

// TestOrySpecErrata pins the departures of ERRATA.md (Ory section) that
// the generated client and the driver depend on.
func TestOrySpecErrata(t *testing.T) {
	doc := loadSpec(t, "ory")
	list := doc.Paths.Find("/admin/clients").Get
	headers := list.Responses.Status(http.StatusOK).Value.Headers
	require.Contains(t, headers, "Link", "H1")
	require.Contains(t, headers, "X-Total-Count", "H1")
	client := doc.Components.Schemas["oAuth2Client"].Value
	require.Equal(t, "#/components/schemas/jsonWebKeySet", client.Properties["jwks"].Ref, "H4")
	require.True(t, doc.Components.Schemas["StringSliceJSONFormat"].Value.Nullable, "H8")
	require.True(t, doc.Components.Schemas["NullDuration"].Value.Nullable, "H8")
	del := doc.Paths.Find("/admin/clients/{id}").Delete
	require.Equal(t, "#/components/responses/errorOAuth2Default", del.Responses.Default().Ref, "H6")
	form := doc.Paths.Find("/oauth2/token").Post.RequestBody.Value.Content["application/x-www-form-urlencoded"].Schema.Value
	for _, name := range []string{"client_assertion", "client_assertion_type", "client_secret", "scope", "audience"} {
		require.Contains(t, form.Properties, name, "H5")
	}
}
