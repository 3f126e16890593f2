package vmwarecsp

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

func TestExchangeAPIToken(t *testing.T) {
	tests := []struct {
		name   string
		seed   func(e *env)
		body   api.ApiTokenExchangeRequest
		status int
		code   string
	}{
		{name: "api_token", body: api.ApiTokenExchangeRequest{ApiToken: ptr(DefaultAPIToken)}, status: 200},
		{name: "deprecated refresh_token", body: api.ApiTokenExchangeRequest{RefreshToken: ptr(DefaultAPIToken)}, status: 200},
		{name: "missing", status: 400, code: "invalid_request"},
		{name: "unknown", body: api.ApiTokenExchangeRequest{ApiToken: ptr("nope")}, status: 400, code: "invalid_grant"},
		{name: "expired", body: api.ApiTokenExchangeRequest{ApiToken: ptr("old")}, status: 400, code: "invalid_grant",
			seed: func(e *env) {
				e.srv.AddAPIToken("old", APIToken{ExpiresAt: sim.Epoch.Add(time.Hour)})
				e.clock.Advance(time.Hour)
			}},
		{name: "expires later", body: api.ApiTokenExchangeRequest{ApiToken: ptr("young")}, status: 200,
			seed: func(e *env) { e.srv.AddAPIToken("young", APIToken{ExpiresAt: sim.Epoch.Add(time.Hour)}) }},
		{name: "other organization", body: api.ApiTokenExchangeRequest{ApiToken: ptr("elsewhere")}, status: 404, code: "org_not_found",
			seed: func(e *env) { e.srv.AddAPIToken("elsewhere", APIToken{OrgID: "gone"}) }},
		{name: "revoked", body: api.ApiTokenExchangeRequest{ApiToken: ptr(DefaultAPIToken)}, status: 409, code: "token_revoked",
			seed: func(e *env) { e.srv.AddAPIToken(DefaultAPIToken, APIToken{Revoked: true}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			if tt.seed != nil {
				tt.seed(e)
			}
			resp, err := e.c.ExchangeApiTokenWithFormdataBodyWithResponse(e.ctx, tt.body)
			require.NoError(t, err)
			require.Equal(t, tt.status, resp.StatusCode(), string(resp.Body))
			if tt.status != 200 {
				require.Equal(t, tt.code, errorOf(t, resp.Body).ErrorCode)
				return
			}
			tok := resp.JSON200
			require.NotEmpty(t, tok.AccessToken)
			require.Equal(t, int64(1799), *tok.ExpiresIn)
			require.Equal(t, "bearer", *tok.TokenType)
			require.Contains(t, string(resp.Body), `"id_token":null`)
			require.NotNil(t, tok.RefreshToken)
		})
	}
}

// TestExchangeAcceptsDeprecatedQueryParameter bypasses the conformance
// transport: the spec does not declare ?refresh_token= (ERRATA), and a
// request without a body breaks it, but CSP still accepts it.
func TestExchangeAcceptsDeprecatedQueryParameter(t *testing.T) {
	srv := New(nil)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/csp/gateway/am/api/auth/api-tokens/authorize?refresh_token="+DefaultAPIToken, nil)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	srv.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

func TestExchangeRefusesNonFormBody(t *testing.T) {
	e := newEnv(t, nil)
	resp, err := e.c.ExchangeApiTokenWithBodyWithResponse(e.ctx, "application/json", strings.NewReader(`{"api_token":"`+DefaultAPIToken+`"}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
}

func TestExchangedTokenAuthorizesUntilItExpires(t *testing.T) {
	e := newEnv(t, nil)
	ex, err := e.c.ExchangeApiTokenWithFormdataBodyWithResponse(e.ctx, api.ApiTokenExchangeRequest{ApiToken: ptr(DefaultAPIToken)})
	require.NoError(t, err)
	token := ex.JSON200.AccessToken
	list := func() int { return e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, as(token))) }
	require.Equal(t, 200, list())
	e.clock.Advance(adminTokenTTL - time.Second)
	require.Equal(t, 200, list())
	e.clock.Advance(time.Second)
	require.Equal(t, 401, list())
}

func TestClientCredentials(t *testing.T) {
	const id, secret = "cc-app", "Pa55+w/rd!"
	tests := []struct {
		name   string
		path   string
		form   url.Values
		authz  string
		status int
		code   string
	}{
		{"basic", "/auth/authorize", grant(), basic(id, secret), 200, ""},
		{"basic, form-escaped as x/oauth2 sends it", "/auth/authorize", grant(), basic(id, url.QueryEscape(secret)), 200, ""},
		{"form credentials", "/auth/authorize", withCreds(grant(), id, secret), "", 200, ""},
		{"token twin endpoint", "/auth/token", grant(), basic(id, secret), 200, ""},
		{"own organization", "/auth/authorize", with(grant(), "orgId", "org-1"), basic(id, secret), 200, ""},
		{"other organization", "/auth/authorize", with(grant(), "orgId", "org-2"), basic(id, secret), 400, "invalid_request"},
		{"wrong secret", "/auth/authorize", grant(), basic(id, "Wr0ng-secret"), 401, "invalid_client"},
		{"unknown client", "/auth/authorize", grant(), basic("who", secret), 401, "invalid_client"},
		{"no credentials", "/auth/authorize", grant(), "", 401, "invalid_client"},
		{"missing grant_type", "/auth/authorize", url.Values{}, basic(id, secret), 400, "invalid_request"},
		{"unsupported grant_type", "/auth/authorize", url.Values{"grant_type": {"password"}}, basic(id, secret), 400, "unsupported_grant_type"},
		{"grant not allowed to the app", "/auth/authorize", grant(), basic("code-app", secret), 400, "unauthorized_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, &Options{OrgID: "org-1"})
			req := appRequest("cc")
			req.Id, req.Secret, req.AccessTokenTTL = ptr(id), ptr(secret), ptr(int32(60))
			e.newApp(req)
			req.Id, req.GrantTypes = ptr("code-app"), []api.GrantType{api.GrantTypeAuthorizationCode}
			e.newApp(req)
			status, body := e.tokenRequest("/csp/gateway/am/api"+tt.path, tt.form, tt.authz)
			require.Equal(t, tt.status, status, body)
			if tt.status != 200 {
				require.Equal(t, tt.code, body["errorCode"])
				return
			}
			require.Equal(t, float64(60), body["expires_in"], "an app token lives the app's accessTokenTTL")
			require.Nil(t, body["refresh_token"])
			require.Equal(t, "openid", body["scope"])
		})
	}
}

func grant() url.Values { return url.Values{"grant_type": {"client_credentials"}} }

func with(v url.Values, k, val string) url.Values { v.Set(k, val); return v }

func withCreds(v url.Values, id, secret string) url.Values {
	return with(with(v, "client_id", id), "client_secret", secret)
}

func TestAppTokenOfDeletedAppIsUnauthorized(t *testing.T) {
	e := newEnv(t, nil)
	id, secret := e.newApp(appRequest("short-lived"))
	status, body := e.clientToken(id, secret)
	require.Equal(t, 200, status)
	token := body["access_token"].(string)
	require.Equal(t, 403, e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, as(token))))
	require.Equal(t, 200, e.status(e.c.DeleteOrgOAuthApps(e.ctx, e.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: []string{id}}, e.auth())))
	require.Equal(t, 401, e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, as(token))))
}
