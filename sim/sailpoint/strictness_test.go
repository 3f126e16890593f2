package sailpoint

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/violations"
	"github.com/credkit/credkit/specs"
)

// TestRefusesWhatTheSpecForbids sends a client create and a patch the
// simulator accepts, then every body internal/violations derives from
// sailpoint.yaml's schemas for them that breaks one of their constraints:
// each must be refused with a 400.
func TestRefusesWhatTheSpecForbids(t *testing.T) {
	data, err := specs.FS.ReadFile("sailpoint.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	schema := doc.Components.Schemas["CreateOAuthClientRequest"].Value
	require.NotNil(t, schema)
	h := newHarness(t, nil)
	const valid = `{"name":"strict","description":"d","accessTokenValiditySeconds":750,"refreshTokenValiditySeconds":86400,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true,"type":"CONFIDENTIAL","strongAuthSupported":false,"claimsSupported":false,"redirectUris":["https://x.example/cb"],"scope":["sp:scopes:all"]}`
	resp, body := h.do(http.MethodPost, collectionPath, "application/json", valid, h.admin)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	bad, err := violations.Generate(schema, []byte(valid))
	require.NoError(t, err)
	require.NotEmpty(t, bad)
	refused := 0
	for _, v := range bad {
		resp, answer := h.do(http.MethodPost, collectionPath, "application/json", string(v.Body), h.admin)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: answered %d, want 400, to %s: %s", v.Rule, resp.StatusCode, v.Body, answer)
			continue
		}
		refused++
	}
	// A patch: the JSON Patch document of patchOauthClient.
	patchSchema := doc.Paths.Find("/oauth-clients/{id}").Patch.RequestBody.Value.Content.Get("application/json-patch+json").Schema.Value
	id := h.create("strict patch").Id
	const validPatch = `[{"op":"replace","path":"/description","value":"changed"}]`
	resp, body = h.do(http.MethodPatch, collectionPath+"/"+id, "application/json-patch+json", validPatch, h.admin)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	bad, err = violations.Generate(patchSchema, []byte(validPatch))
	require.NoError(t, err)
	require.NotEmpty(t, bad)
	for _, v := range bad {
		resp, answer := h.do(http.MethodPatch, collectionPath+"/"+id, "application/json-patch+json", string(v.Body), h.admin)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("patch %s: answered %d, want 400, to %s: %s", v.Rule, resp.StatusCode, v.Body, answer)
			continue
		}
		refused++
	}
	t.Logf("bodies breaking the spec, all refused: %d", refused)
}
