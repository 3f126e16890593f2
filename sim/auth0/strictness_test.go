package auth0

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/violations"
	"github.com/credkit/credkit/specs"
)

// TestRefusesWhatTheSpecForbids sends, for every operation of auth0.yaml
// that takes a JSON body, a body the simulator accepts and then every body
// internal/violations derives from the spec's schema that breaks one of its
// constraints, plus the exclusions Auth0 documents outside the schema:
// each must be refused with a 400, none accepted.
func TestRefusesWhatTheSpecForbids(t *testing.T) {
	doc := loadAuth0Spec(t)
	h := newHarness(t, nil)
	rs256 := api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlgRS256)}
	c := h.createClient(api.ClientCreate{Name: "strict", JwtConfiguration: &rs256})
	cred := `{"credential_type":"public_key","name":"k","pem":` + jsonString(publicKeyA) + `}`
	status, body := h.do(http.MethodPost, clientsPath+"/"+*c.ClientId+"/credentials", cred)
	require.Equal(t, http.StatusCreated, status, body)
	credID := jsonMember(t, body, "id")
	clientPath := clientsPath + "/" + *c.ClientId
	fixed := func(path string) func() string { return func() string { return path } }
	// A credential create goes to a new client each time, so that no
	// refusal comes from the limit of two credentials per client.
	freshClient := func() string {
		return clientsPath + "/" + *h.createClient(api.ClientCreate{Name: "strict", JwtConfiguration: &rs256}).ClientId + "/credentials"
	}
	tests := []struct {
		operation, method string
		path              func() string
		valid             string
		documented        []string // bodies Auth0's documents forbid, beyond the schema
	}{
		{"createClient", http.MethodPost, fixed(clientsPath),
			`{"name":"n","description":"d","app_type":"non_interactive","grant_types":["client_credentials"],"organization_usage":"deny","jwt_configuration":{"alg":"RS256"},"callbacks":["https://x/cb"],"client_authentication_methods":{"private_key_jwt":{"credentials":[{"credential_type":"public_key","name":"k","pem":` + jsonString(publicKeyA) + `}]}}}`,
			[]string{
				`{"name":"n","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{}}}`,
				`{"name":"n","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"credential_type":"cert_subject_dn","pem":` + jsonString(publicKeyA) + `,"subject_dn":"CN=x"}]}}}`,
			}},
		{"updateClient", http.MethodPatch, fixed(clientPath),
			`{"name":"n","description":"d","grant_types":["client_credentials"],"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"` + credID + `"}]}}}`, nil},
		{"createClientCredential", http.MethodPost, freshClient, cred,
			[]string{
				`{"credential_type":"cert_subject_dn","pem":` + jsonString(publicKeyA) + `,"subject_dn":"CN=x"}`,
				`{"credential_type":"cert_subject_dn"}`,
				`{"credential_type":"public_key"}`,
			}},
		{"updateClientCredential", http.MethodPatch, fixed(clientPath + "/credentials/" + credID), `{"expires_at":"2030-01-01T00:00:00Z"}`, nil},
	}
	var covered []string
	for _, tt := range tests {
		covered = append(covered, tt.operation)
	}
	require.ElementsMatch(t, bodyOperations(doc), covered, "every operation with a JSON body is driven")
	refused := 0
	for _, tt := range tests {
		t.Run(tt.operation, func(t *testing.T) {
			schema := requestSchema(t, doc, tt.operation)
			status, body := h.do(tt.method, tt.path(), tt.valid)
			require.Less(t, status, 300, "the valid body: %s", body)
			bad, err := violations.Generate(schema, []byte(tt.valid))
			require.NoError(t, err)
			require.NotEmpty(t, bad)
			for _, d := range tt.documented {
				bad = append(bad, violations.Violation{Rule: "documented exclusion", Body: []byte(d)})
			}
			for _, v := range bad {
				status, answer := h.do(tt.method, tt.path(), string(v.Body))
				if !assertRefused(t, status, answer, v) {
					continue
				}
				refused++
			}
		})
	}
	t.Logf("bodies breaking the spec, all refused: %d", refused)
}

func assertRefused(t *testing.T, status int, answer string, v violations.Violation) bool {
	t.Helper()
	if status != http.StatusBadRequest || !strings.Contains(answer, `"errorCode":"invalid_body"`) {
		t.Errorf("%s: answered %d, want a 400 invalid_body refusal, to %s: %s", v.Rule, status, v.Body, answer)
		return false
	}
	return true
}

func loadAuth0Spec(t *testing.T) *openapi3.T {
	t.Helper()
	data, err := specs.FS.ReadFile("auth0.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	return doc
}

// requestSchema is the JSON request body schema of the operation named id.
func requestSchema(t *testing.T, doc *openapi3.T, id string) *openapi3.Schema {
	t.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				require.NotNil(t, op.RequestBody, "%s takes no body", id)
				return op.RequestBody.Value.Content.Get("application/json").Schema.Value
			}
		}
	}
	t.Fatalf("auth0.yaml has no operation %s", id)
	return nil
}

// jsonMember is the string member name of a JSON object body.
func jsonMember(t *testing.T, body, name string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	s, _ := m[name].(string)
	require.NotEmpty(t, s, "%s has no %s", body, name)
	return s
}

// bodyOperations lists the operations of doc that take a JSON body.
func bodyOperations(doc *openapi3.T) []string {
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
