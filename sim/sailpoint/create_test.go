package sailpoint

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
)

// validBody is a complete CreateOAuthClientRequest; tests vary it with
// strings.Replace.
const validBody = `{"name":"n","description":"d","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name, contentType, body, want string
	}{
		{"missing name", "", `{"description":"d","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`, `Required field "name" is missing.`},
		{"missing description", "", strings.Replace(validBody, `"description":"d",`, "", 1), `Required field "description" is missing.`},
		{"missing validity", "", strings.Replace(validBody, `"accessTokenValiditySeconds":750,`, "", 1), `Required field "accessTokenValiditySeconds" is missing.`},
		{"missing grant types", "", strings.Replace(validBody, `"grantTypes":["CLIENT_CREDENTIALS"],`, "", 1), `Required field "grantTypes" is missing.`},
		{"missing access type", "", strings.Replace(validBody, `"accessType":"OFFLINE",`, "", 1), `Required field "accessType" is missing.`},
		{"missing enabled", "", strings.Replace(validBody, `,"enabled":true`, "", 1), `Required field "enabled" is missing.`},
		{"null name", "", strings.Replace(validBody, `"name":"n"`, `"name":null`, 1), `Field "name" must not be null.`},
		{"empty name", "", strings.Replace(validBody, `"name":"n"`, `"name":" "`, 1), `Field "name" must not be empty.`},
		{"validity as a string", "", strings.Replace(validBody, `750`, `"750"`, 1), `Field "accessTokenValiditySeconds" must be a positive integer (int32).`},
		{"validity too big", "", strings.Replace(validBody, `750`, `2147483648`, 1), `Field "accessTokenValiditySeconds" must be a positive integer (int32).`},
		{"validity zero", "", strings.Replace(validBody, `750`, `0`, 1), `Field "accessTokenValiditySeconds" must be a positive integer (int32).`},
		{"refresh validity fraction", "", strings.Replace(validBody, `750`, `750,"refreshTokenValiditySeconds":1.5`, 1), `Field "refreshTokenValiditySeconds" must be a positive integer (int32).`},
		{"unknown access type", "", strings.Replace(validBody, `OFFLINE`, `SOMETIMES`, 1), `Field "accessType" must be one of ONLINE, OFFLINE.`},
		{"unknown client type", "", strings.Replace(validBody, `"enabled":true`, `"enabled":true,"type":"SECRET"`, 1), `Field "type" must be one of CONFIDENTIAL, PUBLIC.`},
		{"unknown grant type", "", strings.Replace(validBody, `CLIENT_CREDENTIALS`, `PASSWORD`, 1), `Field "grantTypes" must be an array of CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN.`},
		{"null grant types", "", strings.Replace(validBody, `["CLIENT_CREDENTIALS"]`, `null`, 1), `Field "grantTypes" must not be null.`},
		{"no grant types", "", strings.Replace(validBody, `["CLIENT_CREDENTIALS"]`, `[]`, 1), `Field "grantTypes" must hold at least one grant type.`},
		{"authorization code without redirect", "", strings.Replace(validBody, `CLIENT_CREDENTIALS`, `AUTHORIZATION_CODE`, 1), `Field "redirectUris" must hold at least one URI with the AUTHORIZATION_CODE grant type.`},
		{"enabled as a string", "", strings.Replace(validBody, `true`, `"true"`, 1), `Field "enabled" must be a boolean.`},
		{"business name as a number", "", strings.Replace(validBody, `"name":"n"`, `"name":"n","businessName":7`, 1), `Field "businessName" must be a string.`},
		{"redirect URIs not strings", "", strings.Replace(validBody, `"name":"n"`, `"name":"n","redirectUris":[1]`, 1), `Field "redirectUris" must be an array of strings.`},
		{"scope not strings", "", strings.Replace(validBody, `"name":"n"`, `"name":"n","scope":"sp:scopes:all"`, 1), `Field "scope" must be an array of strings.`},
		{"not JSON", "", `{`, "The body must be a JSON object."},
		{"an array", "", `[]`, "The body must be a JSON object."},
		{"trailing data", "", validBody + `{}`, "The body must be a JSON object."},
		{"wrong content type", "text/plain", validBody, "The Content-Type must be application/json."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := tt.contentType
			if ct == "" {
				ct = "application/json"
			}
			r, err := h.api.CreateOauthClientWithBodyWithResponse(context.Background(), ct, strings.NewReader(tt.body), bearer(h.admin))
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, r.StatusCode())
			require.Equal(t, "400.1 Bad Request Content", *r.JSON400.DetailCode)
			require.Equal(t, tt.want, errorText(t, r.JSON400))
		})
	}
	require.Len(t, h.sim.ClientIDs(), 1, "no failed create stored anything")
}

func TestCreate(t *testing.T) {
	h := newHarness(t, nil)
	h.clock.Advance(1500 * time.Millisecond)
	body := `{"name":"full","description":null,"businessName":"acme","homepageUrl":"http://localhost:1","accessTokenValiditySeconds":600,` +
		`"refreshTokenValiditySeconds":3600,"redirectUris":["http://localhost:1/cb"],"grantTypes":["AUTHORIZATION_CODE","CLIENT_CREDENTIALS"],` +
		`"accessType":"ONLINE","type":"PUBLIC","internal":true,"enabled":true,"strongAuthSupported":true,"claimsSupported":true,"scope":["sp:oauth-client:read"],"id":"ignored","secret":"ignored"}`
	r, err := h.api.CreateOauthClientWithBodyWithResponse(context.Background(), "application/json; charset=utf-8", strings.NewReader(body), bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
	c := r.JSON200
	require.Regexp(t, "^[0-9a-f]{32}$", c.Id)
	require.Regexp(t, "^[0-9a-f]{64}$", c.Secret)
	require.Nil(t, c.Description, "null description is left out of the create answer")
	require.NotContains(t, string(r.Body), `"description"`)
	require.Equal(t, "acme", *c.BusinessName)
	require.Equal(t, int32(600), c.AccessTokenValiditySeconds)
	require.Equal(t, int32(3600), *c.RefreshTokenValiditySeconds)
	require.Equal(t, []api.GrantType{api.GrantTypeAUTHORIZATIONCODE, api.GrantTypeCLIENTCREDENTIALS}, c.GrantTypes)
	require.Equal(t, api.ClientTypePUBLIC, *c.Type)
	require.True(t, *c.Internal && *c.StrongAuthSupported && *c.ClaimsSupported)
	require.Equal(t, []string{scopeRead}, *c.Scope)
	require.Equal(t, sim.Epoch.Add(1500*time.Millisecond), c.Created.UTC())
	require.Equal(t, *c.Created, *c.Modified)
	require.Contains(t, string(r.Body), `"created":"2026-01-06T19:50:59.500Z"`)

	require.True(t, h.sim.SecretWorks(c.Id, c.Secret), "the secret works")
	require.Equal(t, []string{scopeRead}, h.sim.clients[c.Id].rights)

	g, err := h.api.GetOauthClientWithResponse(context.Background(), c.Id, bearer(h.admin))
	require.NoError(t, err)
	require.Contains(t, string(g.Body), `"secret":null`, "the secret is never shown again")
	require.Contains(t, string(g.Body), `"description":null`)
}

func TestCreateDefaults(t *testing.T) {
	h := newHarness(t, nil)
	c := h.create("defaults")
	require.Equal(t, []string{scopeAll}, *c.Scope, "scope defaults to sp:scopes:all")
	require.Equal(t, int32(86400), *c.RefreshTokenValiditySeconds)
	require.Equal(t, api.ClientTypeCONFIDENTIAL, *c.Type)
	require.False(t, *c.Internal)
	require.Equal(t, []string{scopeManage}, h.sim.clients[c.Id].rights, "sp:scopes:all is the creator's rights")
}

func TestCreateScopeBeyondCreator(t *testing.T) {
	h := newHarness(t, nil)
	req := newClientRequest("greedy")
	scope := []string{scopeRead, "idn:sources:manage"}
	req.Scope = &scope
	r, err := h.api.CreateOauthClientWithResponse(context.Background(), req, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, r.StatusCode())
	require.Equal(t, "The scope idn:sources:manage cannot be granted: the token lacks it.", errorText(t, r.JSON403))
	require.Len(t, h.sim.ClientIDs(), 1)
}

func TestCreatedClientInheritsRights(t *testing.T) {
	h := newHarness(t, nil)
	child := h.create("child")
	tok := h.mustToken(child.Id, child.Secret)
	require.Equal(t, http.StatusOK, h.callOp("createOauthClient", tok, "grandchild").StatusCode(), "a child of the admin can manage")

	_, reader := h.clientToken(scopeRead)
	require.Equal(t, http.StatusForbidden, h.callOp("createOauthClient", reader, "x").StatusCode())
}
