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

// TestRefusesWhatTheSpecForbids sends, for every JSON-bodied operation of
// vmwarecsp.yaml, a body the
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
	// The secret and delete operations go to a new app each time, so that
	// no refusal comes from a rotation already under way or a deleted app.
	fresh := func() string {
		id, _ := e.newApp(appRequest("strict"))
		return id
	}
	rotate := func(body []byte) (int, []byte) {
		resp, err := e.c.StartOwnerSecretRotationWithBodyWithResponse(e.ctx, e.org, fresh(), "application/json", bytes.NewReader(body), e.auth())
		require.NoError(t, err)
		return resp.StatusCode(), resp.Body
	}
	del := func(body []byte) (int, []byte) {
		b := bytes.ReplaceAll(body, []byte("APP"), []byte(fresh()))
		resp, err := e.c.DeleteOrgOAuthAppsWithBodyWithResponse(e.ctx, e.org, "application/json", bytes.NewReader(b), e.auth())
		require.NoError(t, err)
		return resp.StatusCode(), resp.Body
	}
	tests := []struct {
		operation string
		valid     string
		send      send
	}{
		{"startOwnerSecretRotation", `{"newClientSecret":"Secret-Value-2!","secretExpirationTimeInSeconds":3600}`, rotate},
		{"deleteOrgOAuthApps", `{"clientIdsToDelete":["APP"]}`, del},
		{"createOrgOAuthApp", `{"displayName":"ok app","description":"d","grantTypes":["client_credentials"],"allowedScopes":{"generalScopes":["openid"]},"accessTokenTTL":600,"refreshTokenTTL":3600,"id":"strict-app-1","secret":"Secret-Value-1!"}`, create},
		{"patchOrgOAuthApp", `{"displayName":"ok app","description":"d","grantTypes":["client_credentials"]}`, patch},
	}
	// exchangeApiToken takes a form, not JSON; its fields are all optional
	// (ERRATA.md), so no body breaks its schema. regenerateOrgOAuthAppSecret
	// must get {} but CSP documents no 400 for it: there is no refusal to
	// expect, and the simulator takes any body (secret.go).
	covered := []string{"regenerateOrgOAuthAppSecret"}
	for _, tt := range tests {
		covered = append(covered, tt.operation)
	}
	require.ElementsMatch(t, jsonBodyOperations(doc), covered, "every operation with a JSON body is driven")
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

// jsonBodyOperations lists the operations of doc that take a JSON body.
func jsonBodyOperations(doc *openapi3.T) []string {
	var out []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil {
				out = append(out, op.OperationID)
			}
		}
	}
	return out
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
