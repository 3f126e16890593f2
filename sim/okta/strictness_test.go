package okta_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/violations"
	"github.com/credkit/credkit/specs"
)

// TestRefusesWhatTheSpecForbids sends, for the operations of okta.yaml
// whose JSON body has constraints (a client secret, a CSR's metadata), a
// body the simulator accepts and then every body internal/violations
// derives from the spec's schema that breaks one of them: each must be
// refused with a 400. Each goes to a new app, so that no refusal comes from
// the limit of two secrets per app.
func TestRefusesWhatTheSpecForbids(t *testing.T) {
	data, err := specs.FS.ReadFile("okta.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	h := newHarness(t, nil)
	ctx := context.Background()
	send := map[string]func(app string, body []byte) (int, []byte){
		"createOAuth2ClientSecret": func(app string, body []byte) (int, []byte) {
			r, err := h.api.CreateOAuth2ClientSecretWithBodyWithResponse(ctx, app, "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			return r.StatusCode(), r.Body
		},
		"generateCsrForApplication": func(app string, body []byte) (int, []byte) {
			r, err := h.api.GenerateCsrForApplicationWithBodyWithResponse(ctx, app, "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			return r.StatusCode(), r.Body
		},
	}
	tests := []struct{ operation, valid string }{
		{"createOAuth2ClientSecret", `{"client_secret":"a-secret-of-some-length-42","status":"ACTIVE"}`},
		{"generateCsrForApplication", `{"subject":{"countryName":"CA","stateOrProvinceName":"Ontario","localityName":"Toronto","organizationName":"Okta, Inc.","organizationalUnitName":"Dev","commonName":"SP Issuer"},"subjectAltNames":{"dnsNames":["dev.okta.com"]}}`},
	}
	refused := 0
	for _, tt := range tests {
		t.Run(tt.operation, func(t *testing.T) {
			schema := oktaRequestSchema(t, doc, tt.operation)
			status, answer := send[tt.operation](h.sim.CreateApp("strict", ""), []byte(tt.valid))
			require.Equal(t, http.StatusCreated, status, "the valid body: %s", answer)
			bad, err := violations.Generate(schema, []byte(tt.valid))
			require.NoError(t, err)
			require.NotEmpty(t, bad)
			for _, v := range bad {
				status, answer := send[tt.operation](h.sim.CreateApp("strict", ""), v.Body)
				if status != http.StatusBadRequest {
					t.Errorf("%s: answered %d, want 400, to %s: %s", v.Rule, status, v.Body, answer)
					continue
				}
				refused++
			}
		})
	}
	t.Logf("bodies breaking the spec, all refused: %d", refused)
}

// oktaRequestSchema is the JSON request body schema of operation id.
func oktaRequestSchema(t *testing.T, doc *openapi3.T, id string) *openapi3.Schema {
	t.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op.RequestBody.Value.Content.Get("application/json").Schema.Value
			}
		}
	}
	t.Fatalf("okta.yaml has no operation %s", id)
	return nil
}
