package specs_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/gen/auth0"
)

// TestAuth0AnswersOf2025 validates client answers carrying what Auth0
// answers today (ERRATA A13-A15) against auth0.yaml and requires gen/auth0
// to give each of those members to its user.
func TestAuth0AnswersOf2025(t *testing.T) {
	doc := loadSpec(t, "auth0")
	schema := doc.Paths.Find("/api/v2/clients/{client_id}").Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value
	tests := []struct {
		name, body string
		check      func(t *testing.T, c auth0.ClientApplication)
	}{
		{"express_configuration", `{"client_id":"c","app_type":"express_configuration"}`, func(t *testing.T, c auth0.ClientApplication) {
			require.Equal(t, auth0.ExpressConfiguration, *c.AppType)
		}},
		{"resource_server", `{"client_id":"c","app_type":"resource_server"}`, func(t *testing.T, c auth0.ClientApplication) {
			require.Equal(t, auth0.ResourceServer, *c.AppType)
		}},
		{"TLS client authentication", `{"client_id":"c","client_authentication_methods":{"tls_client_auth":{"credentials":[{"id":"cred_t"}]},"self_signed_tls_client_auth":{"credentials":[{"id":"cred_s"}]}}}`, func(t *testing.T, c auth0.ClientApplication) {
			require.Equal(t, "cred_t", (*c.ClientAuthenticationMethods.TlsClientAuth.Credentials)[0].Id)
			require.Equal(t, "cred_s", (*c.ClientAuthenticationMethods.SelfSignedTlsClientAuth.Credentials)[0].Id)
		}},
		{"refresh token policies", `{"client_id":"c","refresh_token":{"rotation_type":"rotating","expiration_type":"expiring","policies":[{"audience":"https://api.example","scope":["read:x"]}]}}`, func(t *testing.T, c auth0.ClientApplication) {
			require.Equal(t, []auth0.RefreshTokenPolicy{{Audience: "https://api.example", Scope: []string{"read:x"}}}, *c.RefreshToken.Policies)
		}},
		{"RS512 tokens", `{"client_id":"c","jwt_configuration":{"alg":"RS512"}}`, func(t *testing.T, c auth0.ClientApplication) {
			require.Equal(t, auth0.JwtConfigurationAlgRS512, *c.JwtConfiguration.Alg)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			require.NoError(t, json.Unmarshal([]byte(tt.body), &v))
			require.NoError(t, schema.VisitJSON(v))
			var c auth0.ClientApplication
			require.NoError(t, json.Unmarshal([]byte(tt.body), &c))
			tt.check(t, c)
		})
	}
	var v any
	require.NoError(t, json.Unmarshal([]byte(`{"client_id":"c","app_type":"not_a_type"}`), &v))
	require.Error(t, schema.VisitJSON(v), "the enum still holds")
}
