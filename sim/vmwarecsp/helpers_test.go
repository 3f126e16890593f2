package vmwarecsp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

// env is one simulator behind httptest, driven by the generated client
// through a conformance transport that must see no failure.
type env struct {
	t     *testing.T
	ctx   context.Context
	srv   *Server
	clock *sim.ManualClock
	c     *api.ClientWithResponses
	http  *http.Client
	url   string
	org   string
	admin string // an org admin access token, issued without HTTP
}

func newEnv(t *testing.T, opts *Options) *env {
	t.Helper()
	h := NewHarness(t, opts)
	// The token endpoint is outside the spec: its exchanges are Unmatched;
	// any other exchange must match.
	tr := conformancetest.Transport(t, h.Transport(), &conformancetest.Options{Unmatched: func(r conformance.Result) bool {
		return !strings.Contains(r.URL, "/csp/gateway/am/api/auth/")
	}})
	hc := &http.Client{Transport: tr}
	c, err := api.NewClientWithResponses(h.URL, api.WithHTTPClient(hc))
	require.NoError(t, err)
	return &env{t: t, ctx: t.Context(), srv: h.Server, clock: h.Clock, c: c, http: hc, url: h.URL, org: h.Server.OrgID(), admin: adminToken(h.Server)}
}

// adminToken issues an org admin access token directly, so that tests of
// rate limits start with empty buckets.
func adminToken(s *Server) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issue(accessToken{org: s.org}, adminTokenTTL, s.clock.Now(), "", nil).AccessToken
}

// as sends token as a bearer token.
func as(token string) api.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// auth sends the org admin token, issuing a new one when the clock has
// moved past the old one's expiry.
func (e *env) auth() api.RequestEditorFn {
	e.srv.mu.Lock()
	tok := e.srv.tokens[e.admin]
	expired := tok == nil || !e.srv.clock.Now().Before(tok.expiresAt)
	e.srv.mu.Unlock()
	if expired {
		e.admin = adminToken(e.srv)
	}
	return as(e.admin)
}

// appRequest is a valid create body.
func appRequest(name string) api.OrgOAuthAppRequest {
	return api.OrgOAuthAppRequest{
		DisplayName:   name,
		Description:   name + " app",
		GrantTypes:    []api.GrantType{api.GrantTypeClientCredentials},
		AllowedScopes: api.AllowedScopes{GeneralScopes: &[]string{"openid"}},
	}
}

// patchRequest is a valid patch body.
func patchRequest(name string) api.OrgOAuthAppUpdateRequest {
	return api.OrgOAuthAppUpdateRequest{DisplayName: name, Description: name + " app", GrantTypes: []api.GrantType{api.GrantTypeClientCredentials}}
}

// newApp creates an app through the API.
func (e *env) newApp(req api.OrgOAuthAppRequest) (id, secret string) {
	e.t.Helper()
	resp, err := e.c.CreateOrgOAuthAppWithResponse(e.ctx, e.org, req, e.auth())
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.ClientId, resp.JSON200.ClientSecret
}

// clientToken runs the client-credentials grant with HTTP Basic and
// returns the status and, on success, the token response.
func (e *env) clientToken(id, secret string) (int, map[string]any) {
	e.t.Helper()
	return e.tokenRequest("/csp/gateway/am/api/auth/authorize", url.Values{"grant_type": {"client_credentials"}}, basic(id, secret))
}

func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

// tokenRequest posts a form to a token endpoint.
func (e *env) tokenRequest(path string, form url.Values, authz string) (int, map[string]any) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.ctx, http.MethodPost, e.url+path, strings.NewReader(form.Encode()))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := e.http.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(e.t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

// status reads and closes a raw response and returns its status.
func (e *env) status(resp *http.Response, err error) int {
	e.t.Helper()
	require.NoError(e.t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// operation is one spec operation, called with an org, an app ID and a
// request editor (for credentials).
type operation struct {
	id   string
	call func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error)
}

var exchangeOp = operation{"exchangeApiToken", func(ctx context.Context, c api.ClientInterface, _, _ string, ed api.RequestEditorFn) (*http.Response, error) {
	return c.ExchangeApiTokenWithFormdataBody(ctx, api.ApiTokenExchangeRequest{ApiToken: ptr(DefaultAPIToken)}, ed)
}}

// managementOps are the eight operations that need an org admin token,
// the deletion last.
var managementOps = []operation{
	{"listOrgOAuthApps", func(ctx context.Context, c api.ClientInterface, org, _ string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.ListOrgOAuthApps(ctx, org, nil, ed)
	}},
	{"createOrgOAuthApp", func(ctx context.Context, c api.ClientInterface, org, _ string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.CreateOrgOAuthApp(ctx, org, appRequest("made"), ed)
	}},
	{"getOrgOAuthApp", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.GetOrgOAuthApp(ctx, org, app, ed)
	}},
	{"patchOrgOAuthApp", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.PatchOrgOAuthApp(ctx, org, app, patchRequest("patched"), ed)
	}},
	{"startOwnerSecretRotation", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.StartOwnerSecretRotation(ctx, org, app, api.ClientSecretOwnerRotationRequest{NewClientSecret: "N3w-Secret!"}, ed)
	}},
	{"deleteOldOwnerSecret", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.DeleteOldOwnerSecret(ctx, org, app, ed)
	}},
	{"regenerateOrgOAuthAppSecret", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.RegenerateOrgOAuthAppSecret(ctx, org, app, struct{}{}, ed)
	}},
	{"deleteOrgOAuthApps", func(ctx context.Context, c api.ClientInterface, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
		return c.DeleteOrgOAuthApps(ctx, org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: []string{app}}, ed)
	}},
}

// allOps are the nine operations of the spec.
var allOps = append([]operation{exchangeOp}, managementOps...)

// on calls op against e's simulator.
func (e *env) on(op operation, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
	return op.call(e.ctx, e.c, org, app, ed)
}

// noEdit leaves a request as it is.
func noEdit(context.Context, *http.Request) error { return nil }

// errorOf decodes a CspErrorResponse body.
func errorOf(t *testing.T, body []byte) errorBody {
	t.Helper()
	var e errorBody
	require.NoError(t, json.Unmarshal(body, &e), string(body))
	return e
}
