package vmwarecsp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

func TestCreateApp(t *testing.T) {
	mod := func(f func(*api.OrgOAuthAppRequest)) api.OrgOAuthAppRequest {
		r := appRequest("made")
		f(&r)
		return r
	}
	tests := []struct {
		name   string
		body   api.OrgOAuthAppRequest
		status int
	}{
		{"generated id and secret", appRequest("made"), 200},
		{"caller id and secret", mod(func(r *api.OrgOAuthAppRequest) { r.Id, r.Secret = ptr("my_app-1"), ptr("S3cret!x") }), 200},
		{"every grant of a customer org", mod(func(r *api.OrgOAuthAppRequest) {
			r.GrantTypes = []api.GrantType{api.GrantTypeAuthorizationCode, api.GrantTypeRefreshToken, api.GrantTypeClientCredentials}
		}), 200},
		{"blank displayName", mod(func(r *api.OrgOAuthAppRequest) { r.DisplayName = " " }), 400},
		{"no grant types", mod(func(r *api.OrgOAuthAppRequest) { r.GrantTypes = []api.GrantType{} }), 400},
		{"unknown grant type", mod(func(r *api.OrgOAuthAppRequest) { r.GrantTypes = []api.GrantType{"password"} }), 400},
		{"service-org grant type", mod(func(r *api.OrgOAuthAppRequest) { r.GrantTypes = []api.GrantType{api.GrantTypeClientDelegate} }), 400},
		{"id breaks its pattern", mod(func(r *api.OrgOAuthAppRequest) { r.Id = ptr("my app") }), 400},
		{"empty id", mod(func(r *api.OrgOAuthAppRequest) { r.Id = ptr("") }), 400},
		{"weak secret", mod(func(r *api.OrgOAuthAppRequest) { r.Secret = ptr("password1") }), 400},
		{"refresh TTL not above access TTL", mod(func(r *api.OrgOAuthAppRequest) {
			r.AccessTokenTTL, r.RefreshTokenTTL = ptr(int32(600)), ptr(int32(600))
		}), 400},
		{"zero access TTL", mod(func(r *api.OrgOAuthAppRequest) { r.AccessTokenTTL = ptr(int32(0)) }), 400},
		{"open redirects with redirect URIs", mod(func(r *api.OrgOAuthAppRequest) {
			r.AllowOpenRedirectUris, r.RedirectUris = ptr(true), &[]string{"https://app.example.test/cb"}
		}), 400},
		{"zero rotation window", mod(func(r *api.OrgOAuthAppRequest) { r.SecretRotationExpirationInSeconds = ptr(int32(0)) }), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			resp, err := e.c.CreateOrgOAuthAppWithResponse(e.ctx, e.org, tt.body, e.auth())
			require.NoError(t, err)
			require.Equal(t, tt.status, resp.StatusCode(), string(resp.Body))
			if tt.status != 200 {
				require.Equal(t, int32(tt.status), *resp.JSON400.StatusCode)
				return
			}
			cred := resp.JSON200
			require.Regexp(t, clientIDPattern, cred.ClientId)
			require.Nil(t, checkSecret("clientSecret", cred.ClientSecret))
			require.True(t, e.srv.SecretWorks(cred.ClientId, cred.ClientSecret))
			if tt.body.Id != nil {
				require.Equal(t, *tt.body.Id, cred.ClientId)
				require.Equal(t, *tt.body.Secret, cred.ClientSecret)
			}
		})
	}
}

func TestCreateAppRawBodies(t *testing.T) {
	full := `"allowedScopes":{},"grantTypes":["client_credentials"],"displayName":"n","description":"d"`
	tests := []struct {
		name, body string
		status     int
	}{
		{"complete", "{" + full + "}", 200},
		{"unknown members are ignored", `{"lastUsedAt":1,` + full + "}", 200},
		{"missing allowedScopes", `{"grantTypes":["client_credentials"],"displayName":"n","description":"d"}`, 400},
		{"missing grantTypes", `{"allowedScopes":{},"displayName":"n","description":"d"}`, 400},
		{"missing displayName", `{"allowedScopes":{},"grantTypes":["client_credentials"],"description":"d"}`, 400},
		{"missing description", `{"allowedScopes":{},"grantTypes":["client_credentials"],"displayName":"n"}`, 400},
		{"null displayName", `{"allowedScopes":{},"grantTypes":["client_credentials"],"displayName":null,"description":"d"}`, 400},
		{"wrong type", `{"allowedScopes":{},"grantTypes":"client_credentials","displayName":"n","description":"d"}`, 400},
		{"not an object", `[]`, 400},
		{"not JSON", `displayName=n`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			got := e.status(e.c.CreateOrgOAuthAppWithBody(e.ctx, e.org, "application/json", strings.NewReader(tt.body), e.auth()))
			require.Equal(t, tt.status, got)
		})
	}
}

func TestCreateAppDuplicateID(t *testing.T) {
	e := newEnv(t, nil)
	req := appRequest("first")
	req.Id = ptr("taken")
	e.newApp(req)
	resp, err := e.c.CreateOrgOAuthAppWithResponse(e.ctx, e.org, req, e.auth())
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode())
	require.Equal(t, "client_exists", *resp.JSON409.ErrorCode)
}

func TestGetApp(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.newApp(appRequest("shown"))
	resp, err := e.c.GetOrgOAuthAppWithResponse(e.ctx, e.org, id, e.auth())
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode())
	got := resp.JSON200
	require.Equal(t, id, got.Id)
	require.Equal(t, e.org, *got.OrganizationId)
	require.Equal(t, "shown", *got.DisplayName)
	require.Equal(t, []string{"client_credentials"}, *got.GrantTypes)
	require.Equal(t, int32(600), *got.AccessTokenTTL)
	require.Equal(t, int32(90*24*3600), *got.RefreshTokenTTL)
	require.Equal(t, int32(48*3600), *got.SecretRotationExpirationInSeconds)
	require.Equal(t, sim.Epoch.UnixMilli(), *got.CreatedAt)
	require.NotContains(t, string(resp.Body), "ecret\":", "the secret is never shown")

	for _, tt := range []struct {
		id     string
		status int
	}{{"missing", 404}, {"bad.id", 400}} {
		require.Equal(t, tt.status, e.status(e.c.GetOrgOAuthApp(e.ctx, e.org, tt.id, e.auth())), tt.id)
	}
}

func TestPatchApp(t *testing.T) {
	e := newEnv(t, nil)
	create := appRequest("before")
	create.RedirectUris = &[]string{"https://app.example.test/cb"}
	id, _ := e.newApp(create)
	p := patchRequest("after")
	p.GrantTypes = []api.GrantType{api.GrantTypeClientCredentials, api.GrantTypeRefreshToken}
	p.AccessTokenTTL = ptr(int32(120))
	e.clock.Advance(time.Second)
	resp, err := e.c.PatchOrgOAuthAppWithResponse(e.ctx, e.org, id, p, e.auth())
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode(), string(resp.Body))
	got := resp.JSON200
	require.Equal(t, "after", *got.DisplayName)
	require.Equal(t, []string{"client_credentials", "refresh_token"}, *got.GrantTypes)
	require.Equal(t, int32(120), *got.AccessTokenTTL)
	require.Equal(t, []string{"https://app.example.test/cb"}, *got.RedirectUris, "members absent from the patch stay")
	require.Equal(t, *got.CreatedAt+1000, *got.LastUpdatedAt)

	again, err := e.c.GetOrgOAuthAppWithResponse(e.ctx, e.org, id, e.auth())
	require.NoError(t, err)
	require.Equal(t, got, again.JSON200)
}

func TestPatchAppRejects(t *testing.T) {
	tests := []struct {
		name, app, body string
		status          int
	}{
		{"missing displayName", "", `{"description":"d","grantTypes":["client_credentials"]}`, 400},
		{"missing description", "", `{"displayName":"n","grantTypes":["client_credentials"]}`, 400},
		{"missing grantTypes", "", `{"displayName":"n","description":"d"}`, 400},
		{"service-org grant", "", `{"displayName":"n","description":"d","grantTypes":["context_switch"]}`, 400},
		{"weak secret", "", `{"displayName":"n","description":"d","grantTypes":["client_credentials"],"secret":"short"}`, 400},
		{"TTLs against the app's", "", `{"displayName":"n","description":"d","grantTypes":["client_credentials"],"accessTokenTTL":7776000}`, 400},
		{"a display name with a slash", "", `{"displayName":"a/b","description":"d","grantTypes":["client_credentials"]}`, 400},
		{"unknown app", "missing", `{"displayName":"n","description":"d","grantTypes":["client_credentials"]}`, 404},
		{"malformed app ID", "bad.id", `{"displayName":"n","description":"d","grantTypes":["client_credentials"]}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			id, _ := e.newApp(appRequest("n"))
			if tt.app != "" {
				id = tt.app
			}
			got := e.status(e.c.PatchOrgOAuthAppWithBody(e.ctx, e.org, id, "application/json", strings.NewReader(tt.body), e.auth()))
			require.Equal(t, tt.status, got)
		})
	}
}

func TestDeleteApps(t *testing.T) {
	tests := []struct {
		name      string
		ids       func(a, b string) []string
		succeeded func(a, b string) []string
		failed    []string
	}{
		{"all known", func(a, b string) []string { return []string{a, b} }, func(a, b string) []string { return []string{a, b} }, []string{}},
		{"partial success", func(a, _ string) []string { return []string{"ghost", a} }, func(a, _ string) []string { return []string{a} }, []string{"ghost"}},
		{"all unknown is still 200", func(string, string) []string { return []string{"ghost", "phantom"} }, func(string, string) []string { return []string{} }, []string{"ghost", "phantom"}},
		{"duplicates count once", func(a, _ string) []string { return []string{a, a, "ghost", "ghost"} }, func(a, _ string) []string { return []string{a} }, []string{"ghost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			a, _ := e.newApp(appRequest("a"))
			b, _ := e.newApp(appRequest("b"))
			resp, err := e.c.DeleteOrgOAuthAppsWithResponse(e.ctx, e.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: tt.ids(a, b)}, e.auth())
			require.NoError(t, err)
			require.Equal(t, 200, resp.StatusCode(), string(resp.Body))
			require.Equal(t, tt.succeeded(a, b), *resp.JSON200.Succeeded)
			require.Equal(t, tt.failed, *resp.JSON200.Failed)
			for _, id := range *resp.JSON200.Succeeded {
				require.Equal(t, 404, e.status(e.c.GetOrgOAuthApp(e.ctx, e.org, id, e.auth())))
				require.Equal(t, SecretState{}, e.srv.Secrets(id))
			}
		})
	}
}

func TestDeleteAppsRejects(t *testing.T) {
	sixteen := make([]string, 16)
	for i := range sixteen {
		sixteen[i] = "app" + strconv.Itoa(i)
	}
	quoted := `["` + strings.Join(sixteen, `","`) + `"]`
	tests := []struct{ name, body string }{
		{"no IDs", `{"clientIdsToDelete":[]}`},
		{"sixteen IDs", `{"clientIdsToDelete":` + quoted + `}`},
		{"an empty ID", `{"clientIdsToDelete":["a",""]}`},
		{"missing member", `{}`},
		{"null member", `{"clientIdsToDelete":null}`},
		{"no body", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			got := e.status(e.c.DeleteOrgOAuthAppsWithBody(e.ctx, e.org, "application/json", strings.NewReader(tt.body), e.auth()))
			require.Equal(t, 400, got)
		})
	}
	t.Run("fifteen IDs", func(t *testing.T) {
		e := newEnv(t, nil)
		got := e.status(e.c.DeleteOrgOAuthApps(e.ctx, e.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: sixteen[:15]}, e.auth()))
		require.Equal(t, 200, got)
	})
}

// listPage reads one page; start and limit are left out when negative.
func (e *env) listPage(start, limit int, term string) *api.PagedResponseOrgOAuthAppResponse {
	e.t.Helper()
	p := &api.ListOrgOAuthAppsParams{}
	if start >= 0 {
		p.PageStart = ptr(int32(start))
	}
	if limit >= 0 {
		p.PageLimit = ptr(int32(limit))
	}
	if term != "" {
		p.SearchTerm = &term
	}
	resp, err := e.c.ListOrgOAuthAppsWithResponse(e.ctx, e.org, p, e.auth())
	require.NoError(e.t, err)
	require.Equal(e.t, 200, resp.StatusCode(), string(resp.Body))
	return resp.JSON200
}

func TestListAppsPages(t *testing.T) {
	e := newEnv(t, &Options{PageLimitMax: 25})
	var want []string
	for i := range 45 {
		id, _ := e.srv.CreateApp(fmt.Sprintf("app %02d", i))
		want = append(want, id)
	}
	first := e.listPage(-1, -1, "")
	require.Equal(t, int64(45), *first.TotalResults)
	require.Len(t, *first.Results, 20, "the default page limit is 20")
	require.Nil(t, first.PrevLink)
	require.Equal(t, "/csp/gateway/am/api/orgs/"+e.org+"/oauth-apps?pageStart=20&pageLimit=20", *first.NextLink)

	var got []string
	for pg := e.listPage(0, 100, ""); ; {
		require.Len(t, *pg.Results, min(25, 45-len(got)), "pageLimit is capped at PageLimitMax")
		for _, a := range *pg.Results {
			got = append(got, a.Id)
		}
		if pg.NextLink == nil {
			break
		}
		u, err := url.Parse(*pg.NextLink)
		require.NoError(t, err)
		start, _ := strconv.Atoi(u.Query().Get("pageStart"))
		limit, _ := strconv.Atoi(u.Query().Get("pageLimit"))
		pg = e.listPage(start, limit, "")
		require.Equal(t, "/csp/gateway/am/api/orgs/"+e.org+"/oauth-apps?pageStart=0&pageLimit=25", *pg.PrevLink)
	}
	require.Equal(t, want, got, "creation order")

	beyond := e.listPage(100, 10, "")
	require.Empty(t, *beyond.Results)
	require.Nil(t, beyond.NextLink)
	require.NotNil(t, beyond.PrevLink)
}

func TestListAppsSearch(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.CreateApp("Payroll Sync")
	e.srv.CreateApp("payroll export")
	e.srv.CreateApp("Billing")
	req := appRequest("other")
	req.Id = ptr("PAYROLL-by-id")
	e.newApp(req)

	got := e.listPage(-1, 2, "PayRoll")
	require.Equal(t, int64(3), *got.TotalResults)
	require.Equal(t, "/csp/gateway/am/api/orgs/"+e.org+"/oauth-apps?pageStart=2&pageLimit=2&searchTerm=PayRoll", *got.NextLink)
	require.Empty(t, *e.listPage(-1, -1, "nothing").Results)
}

func TestListAppsRejects(t *testing.T) {
	for _, q := range []string{"pageStart=-1", "pageLimit=0", "pageStart=x", "pageLimit=1.5", "pageLimit=99999999999"} {
		t.Run(q, func(t *testing.T) {
			e := newEnv(t, nil)
			raw := func(_ context.Context, r *http.Request) error { r.URL.RawQuery = q; return nil }
			require.Equal(t, 400, e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, e.auth(), raw)))
		})
	}
}
