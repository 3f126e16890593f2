package vmwarecsp

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/violations"
	"github.com/credkit/credkit/specs"
)

// TestRefusesWhatTheSpecForbids sends, for the JSON-bodied operations of
// vmwarecsp.yaml that create or change apps and secrets, a body the
// simulator accepts and then every body internal/violations derives from
// the spec's schema that breaks one of its constraints: each must be
// refused with a 400.
func TestRefusesWhatTheSpecForbids(t *testing.T) {
	data, err := specs.FS.ReadFile("vmwarecsp.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	e := newEnv(t, nil)
	app, _ := e.newApp(appRequest("strict"))
	type send func(body []byte) (int, []byte)
	create := func(body []byte) (int, []byte) {
		resp, err := e.c.CreateOrgOAuthAppWithBodyWithResponse(e.ctx, e.org, "application/json", bytes.NewReader(body), e.auth())
		require.NoError(t, err)
		return resp.StatusCode(), resp.Body
	}
	patch := func(body []byte) (int, []byte) {
		resp, err := e.c.PatchOrgOAuthAppWithBodyWithResponse(e.ctx, e.org, app, "application/json", bytes.NewReader(body), e.auth())
		require.NoError(t, err)
		return resp.StatusCode(), resp.Body
	}
	tests := []struct {
		operation string
		valid     string
		send      send
	}{
		{"createOrgOAuthApp", `{"displayName":"ok app","description":"d","grantTypes":["client_credentials"],"allowedScopes":{"generalScopes":["openid"]},"accessTokenTTL":600,"refreshTokenTTL":3600,"id":"strict-app-1","secret":"Secret-Value-1!"}`, create},
		{"patchOrgOAuthApp", `{"displayName":"ok app","description":"d","grantTypes":["client_credentials"]}`, patch},
	}
	refused := 0
	for _, tt := range tests {
		t.Run(tt.operation, func(t *testing.T) {
			schema := cspRequestSchema(t, doc, tt.operation)
			bad, err := violations.Generate(schema, []byte(tt.valid))
			require.NoError(t, err)
			require.NotEmpty(t, bad)
			for _, v := range bad {
				status, answer := tt.send(v.Body)
				if status != http.StatusBadRequest {
					t.Errorf("%s: answered %d, want 400, to %s: %s", v.Rule, status, v.Body, answer)
					continue
				}
				refused++
			}
			status, answer := tt.send([]byte(tt.valid))
			require.Equal(t, http.StatusOK, status, "the valid body: %s", answer)
		})
	}
	t.Logf("bodies breaking the spec, all refused: %d", refused)
}

// cspRequestSchema is the JSON request body schema of operation id.
func cspRequestSchema(t *testing.T, doc *openapi3.T, id string) *openapi3.Schema {
	t.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op.RequestBody.Value.Content.Get("application/json").Schema.Value
			}
		}
	}
	t.Fatalf("vmwarecsp.yaml has no operation %s", id)
	return nil
}
