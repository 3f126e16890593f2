package auth0

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
)

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{"a": true, "Billing API (prod)": true, "": false, "<b>": false, "a>b": false} {
		require.Equal(t, ok, checkName(name) == nil, "%q", name)
	}
}

func TestCheckDescription(t *testing.T) {
	require.NoError(t, checkDescription(nil))
	require.NoError(t, checkDescription(ptr(strings.Repeat("ü", 140))), "characters, not bytes")
	require.ErrorContains(t, checkDescription(ptr(strings.Repeat("a", 141))), "maximum 140")
}

func TestCheckEnums(t *testing.T) {
	bad := api.AppType("mainframe")
	require.NoError(t, checkEnums(ptr(api.Spa), ptr(api.ClientSecretBasic), ptr(api.Require), &api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlgPS256)}, &[]string{"client_credentials"}))
	require.ErrorContains(t, checkEnums(&bad, nil, nil, nil, nil), "app_type")
	require.ErrorContains(t, checkEnums(nil, ptr(api.TokenEndpointAuthMethod("x")), nil, nil, nil), "token_endpoint_auth_method")
	require.ErrorContains(t, checkEnums(nil, nil, ptr(api.OrganizationUsage("x")), nil, nil), "organization_usage")
	require.ErrorContains(t, checkEnums(nil, nil, nil, &api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlg("none"))}, nil), "jwt_configuration.alg")
	require.ErrorContains(t, checkEnums(nil, nil, nil, nil, &[]string{""}), "grant_types")
}

func TestCheckPrivateKeyJWT(t *testing.T) {
	rs256 := &api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlgRS256)}
	require.NoError(t, checkPrivateKeyJWT(nil, rs256))
	require.ErrorContains(t, checkPrivateKeyJWT(ptr(api.None), rs256), "mutually exclusive")
	require.ErrorContains(t, checkPrivateKeyJWT(nil, nil), "RS256")
	require.ErrorContains(t, checkPrivateKeyJWT(nil, &api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlgHS256)}), "RS256")
}
