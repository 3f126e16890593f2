package vmwarecsp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/internal/recording"
	"github.com/credkit/credkit/sim"
)

// Scenarios record cassettes/vmwarecsp/<name>.yaml with CREDKIT_RECORD=1
// and replay them otherwise. They record against a simulator, or against a
// real CSP organization when CSP_URL, CSP_API_TOKEN and CSP_ORG_ID are all
// set. A tenant's organization ID is written into the cassette as
// scenarioOrg, so every recording replays the same way, without any
// tenant's settings; scenarios that need the simulator's clock, seeding or
// faults are skipped on a tenant.

// scenarioOrg is the organization of the simulator's recordings.
const scenarioOrg = "6a0c3e52-9d41-4f0a-8b8e-3c7d5e1f2a90"

// Values that scenarios use.
const (
	missingApp   = "credkit-missing-app"
	malformedApp = "bad.id"
	unknownOrg   = "00000000-0000-0000-0000-000000000000"
)

// stage is what a scenario runs on: the generated client over the
// cassette, and, only while recording against the simulator, the
// simulator's controls (nil otherwise, so that replay skips them).
type stage struct {
	t        *testing.T
	ctx      context.Context
	c        *api.ClientWithResponses
	http     *http.Client
	base     string
	org      string
	apiToken string
	admin    string

	srv    *Server
	clock  *sim.ManualClock
	faults *sim.Faults
}

type scenario struct {
	name    string
	simOnly bool     // needs the simulator's controls
	opts    *Options // simulator options besides clock, seed, org and faults
	run     func(s *stage)
}

// tenant returns the real CSP organization to record against, if any.
func tenant() (base, token, org string, ok bool) {
	base, token, org = os.Getenv("CSP_URL"), os.Getenv("CSP_API_TOKEN"), os.Getenv("CSP_ORG_ID")
	return base, token, org, base != "" && token != "" && org != ""
}

func runScenario(t *testing.T, sc scenario) {
	tBase, tToken, tOrg, onTenant := tenant()
	onTenant = onTenant && recording.Recording() // replay never needs a tenant
	if onTenant && sc.simOnly {
		t.Skip("needs the simulator's controls; not recorded against a tenant")
	}
	st := &stage{t: t, ctx: t.Context(), org: scenarioOrg, apiToken: DefaultAPIToken}
	var rename map[string]string
	if onTenant {
		st.org, st.apiToken = tOrg, tToken
		rename = map[string]string{tOrg: scenarioOrg}
	}
	session := recording.Start(t, recording.Config{
		Cassette:    "../../cassettes/vmwarecsp/" + sc.name,
		Placeholder: "https://csp.example.test",
		Live: func(t testing.TB) string {
			if onTenant {
				return tBase
			}
			return st.startSimulator(t, sc.opts)
		},
		Secrets: []string{st.apiToken},
		Rename:  rename,
	})
	c, err := api.NewClientWithResponses(session.BaseURL, api.WithHTTPClient(session.Client))
	require.NoError(t, err)
	st.c, st.http, st.base = c, session.Client, session.BaseURL
	sc.run(st)
}

// startSimulator serves a simulator for the recording and keeps its
// controls.
func (s *stage) startSimulator(t testing.TB, opts *Options) string {
	var o Options
	if opts != nil {
		o = *opts
	}
	s.clock, s.faults = sim.NewManualClock(sim.Epoch), sim.NewFaults(0, 1)
	o.Clock, o.Seed, o.OrgID, o.Faults = s.clock, 1, scenarioOrg, s.faults
	s.srv = New(&o)
	ts := httptest.NewServer(s.srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// advance moves the simulator's clock (a no-op on replay).
func (s *stage) advance(d time.Duration) {
	if s.clock != nil {
		s.clock.Advance(d)
	}
}

// fail makes the next request fail as kind (a no-op on replay).
func (s *stage) fail(kind sim.FaultKind) {
	if s.faults != nil {
		s.faults.Script(sim.Fault{Kind: kind})
	}
}

// seed changes the simulator's state directly (a no-op on replay).
func (s *stage) seed(f func(*Server)) {
	if s.srv != nil {
		f(s.srv)
	}
}

func (s *stage) auth() api.RequestEditorFn { return as(s.admin) }

// expect returns a check that a raw response has status want; the check
// returns the body. Use: s.expect(200)(s.c.Operation(...)).
func (s *stage) expect(want int) func(*http.Response, error) []byte {
	return func(resp *http.Response, err error) []byte {
		s.t.Helper()
		require.NoError(s.t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(s.t, err)
		require.Equal(s.t, want, resp.StatusCode, string(body))
		return body
	}
}

// exchange trades the API token for a fresh org admin access token.
func (s *stage) exchange() {
	s.t.Helper()
	resp, err := s.c.ExchangeApiTokenWithFormdataBodyWithResponse(s.ctx, api.ApiTokenExchangeRequest{ApiToken: &s.apiToken})
	require.NoError(s.t, err)
	require.Equal(s.t, 200, resp.StatusCode(), string(resp.Body))
	s.admin = resp.JSON200.AccessToken
}

// create creates an app and returns its credentials.
func (s *stage) create(req api.OrgOAuthAppRequest) (id, secret string) {
	s.t.Helper()
	resp, err := s.c.CreateOrgOAuthAppWithResponse(s.ctx, s.org, req, s.auth())
	require.NoError(s.t, err)
	require.Equal(s.t, 200, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.ClientId, resp.JSON200.ClientSecret
}

// clientToken runs the client-credentials grant (outside the spec) and
// returns its status and, on success, the access token.
func (s *stage) clientToken(id, secret string) (int, string) {
	s.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, s.base+"/csp/gateway/am/api/auth/authorize", strings.NewReader(form.Encode()))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	resp, err := s.http.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode == 200 {
		require.NoError(s.t, json.NewDecoder(resp.Body).Decode(&tok))
	}
	return resp.StatusCode, tok.AccessToken
}

// on calls an operation of the table in helpers_test.go.
func (s *stage) on(op operation, org, app string, ed api.RequestEditorFn) (*http.Response, error) {
	return op.call(s.ctx, s.c, org, app, ed)
}

func TestScenarioExchange(t *testing.T) {
	runScenario(t, scenario{name: "exchange", simOnly: true, run: func(s *stage) {
		exchange := func(want int, body api.ApiTokenExchangeRequest) {
			s.expect(want)(s.c.ExchangeApiTokenWithFormdataBody(s.ctx, body))
		}
		exchange(200, api.ApiTokenExchangeRequest{ApiToken: &s.apiToken})
		exchange(200, api.ApiTokenExchangeRequest{RefreshToken: &s.apiToken})
		exchange(400, api.ApiTokenExchangeRequest{})
		exchange(400, api.ApiTokenExchangeRequest{ApiToken: ptr("credkit-unknown-api-token")})
		s.seed(func(srv *Server) {
			srv.AddAPIToken("credkit-expiring-api-token", APIToken{ExpiresAt: sim.Epoch.Add(time.Hour)})
			srv.AddAPIToken("credkit-foreign-api-token", APIToken{OrgID: unknownOrg})
			srv.AddAPIToken("credkit-revoked-api-token", APIToken{Revoked: true})
		})
		exchange(200, api.ApiTokenExchangeRequest{ApiToken: ptr("credkit-expiring-api-token")})
		s.advance(time.Hour)
		exchange(400, api.ApiTokenExchangeRequest{ApiToken: ptr("credkit-expiring-api-token")})
		exchange(404, api.ApiTokenExchangeRequest{ApiToken: ptr("credkit-foreign-api-token")})
		exchange(409, api.ApiTokenExchangeRequest{ApiToken: ptr("credkit-revoked-api-token")})
	}})
}

func TestScenarioAppLifecycle(t *testing.T) {
	runScenario(t, scenario{name: "app_lifecycle", run: func(s *stage) {
		s.exchange()
		first, _ := s.create(appRequest("credkit scenario one"))
		req := appRequest("credkit scenario two")
		req.Id, req.Secret = ptr("credkit-scenario-two"), ptr("Sc3nario-Secret!")
		second, _ := s.create(req)
		require.Equal(s.t, "credkit-scenario-two", second)
		s.expect(409)(s.c.CreateOrgOAuthApp(s.ctx, s.org, req, s.auth()))
		s.expect(400)(s.c.CreateOrgOAuthAppWithBody(s.ctx, s.org, "application/json",
			strings.NewReader(`{"allowedScopes":{},"grantTypes":["client_credentials"],"description":"no name"}`), s.auth()))

		s.listAll()
		term := "credkit scenario"
		found, err := s.c.ListOrgOAuthAppsWithResponse(s.ctx, s.org, &api.ListOrgOAuthAppsParams{SearchTerm: &term}, s.auth())
		require.NoError(s.t, err)
		require.Equal(s.t, int64(2), *found.JSON200.TotalResults)
		s.expect(400)(s.c.ListOrgOAuthApps(s.ctx, s.org, &api.ListOrgOAuthAppsParams{PageLimit: ptr(int32(0))}, s.auth()))

		got, err := s.c.GetOrgOAuthAppWithResponse(s.ctx, s.org, first, s.auth())
		require.NoError(s.t, err)
		require.Equal(s.t, first, got.JSON200.Id)
		s.expect(404)(s.c.GetOrgOAuthApp(s.ctx, s.org, missingApp, s.auth()))
		s.expect(400)(s.c.GetOrgOAuthApp(s.ctx, s.org, malformedApp, s.auth()))

		patched, err := s.c.PatchOrgOAuthAppWithResponse(s.ctx, s.org, first, patchRequest("credkit scenario one, renamed"), s.auth())
		require.NoError(s.t, err)
		require.Equal(s.t, "credkit scenario one, renamed", *patched.JSON200.DisplayName)
		s.expect(400)(s.c.PatchOrgOAuthAppWithBody(s.ctx, s.org, first, "application/json", strings.NewReader(`{"displayName":"n","description":"d"}`), s.auth()))
		s.expect(404)(s.c.PatchOrgOAuthApp(s.ctx, s.org, missingApp, patchRequest("x"), s.auth()))

		s.deleteApps([]string{first, missingApp}, []string{first}, []string{missingApp})
		s.expect(400)(s.c.DeleteOrgOAuthAppsWithBody(s.ctx, s.org, "application/json", strings.NewReader(`{"clientIdsToDelete":[]}`), s.auth()))
		s.expect(404)(s.c.GetOrgOAuthApp(s.ctx, s.org, first, s.auth()))
		s.deleteApps([]string{second}, []string{second}, []string{})
	}})
}

// listAll reads every page, one app per page, following nextLink.
func (s *stage) listAll() {
	s.t.Helper()
	params := &api.ListOrgOAuthAppsParams{PageLimit: ptr(int32(1))}
	for pages := 0; ; pages++ {
		resp, err := s.c.ListOrgOAuthAppsWithResponse(s.ctx, s.org, params, s.auth())
		require.NoError(s.t, err)
		require.Equal(s.t, 200, resp.StatusCode(), string(resp.Body))
		if resp.JSON200.NextLink == nil {
			require.Equal(s.t, *resp.JSON200.TotalResults, int64(pages+1))
			return
		}
		next, err := url.Parse(*resp.JSON200.NextLink)
		require.NoError(s.t, err)
		start, err := strconv.Atoi(next.Query().Get("pageStart"))
		require.NoError(s.t, err)
		params.PageStart = ptr(int32(start))
	}
}

func (s *stage) deleteApps(ids, succeeded, failed []string) {
	s.t.Helper()
	resp, err := s.c.DeleteOrgOAuthAppsWithResponse(s.ctx, s.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: ids}, s.auth())
	require.NoError(s.t, err)
	require.Equal(s.t, 200, resp.StatusCode(), string(resp.Body))
	require.Equal(s.t, succeeded, *resp.JSON200.Succeeded)
	require.Equal(s.t, failed, *resp.JSON200.Failed)
}

func TestScenarioOwnerRotation(t *testing.T) {
	runScenario(t, scenario{name: "owner_rotation", run: func(s *stage) {
		s.exchange()
		id, old := s.create(appRequest("credkit rotation"))
		works := func(secret string, want int) {
			status, _ := s.clientToken(id, secret)
			require.Equal(s.t, want, status)
		}
		rotate := func(want int, app, secret string) {
			s.expect(want)(s.c.StartOwnerSecretRotation(s.ctx, s.org, app, api.ClientSecretOwnerRotationRequest{NewClientSecret: secret}, s.auth()))
		}
		works(old, 200)
		rotate(400, id, "weak-secret")
		rotate(404, missingApp, newSecret)
		rotate(200, id, newSecret)
		works(old, 200)
		works(newSecret, 200)
		rotate(200, id, newSecret)
		rotate(409, id, otherSecret)

		s.expect(200)(s.c.DeleteOldOwnerSecret(s.ctx, s.org, id, s.auth()))
		works(old, 401)
		works(newSecret, 200)
		s.expect(200)(s.c.DeleteOldOwnerSecret(s.ctx, s.org, id, s.auth()))
		s.expect(400)(s.c.DeleteOldOwnerSecret(s.ctx, s.org, malformedApp, s.auth()))
		s.expect(404)(s.c.DeleteOldOwnerSecret(s.ctx, s.org, missingApp, s.auth()))

		regen, err := s.c.RegenerateOrgOAuthAppSecretWithResponse(s.ctx, s.org, id, struct{}{}, s.auth())
		require.NoError(s.t, err)
		require.Equal(s.t, id, regen.JSON200.ClientId)
		works(newSecret, 401)
		works(regen.JSON200.ClientSecret, 200)
		s.expect(404)(s.c.RegenerateOrgOAuthAppSecret(s.ctx, s.org, missingApp, struct{}{}, s.auth()))

		p := patchRequest("credkit rotation")
		p.Secret = ptr(otherSecret)
		s.expect(200)(s.c.PatchOrgOAuthApp(s.ctx, s.org, id, p, s.auth()))
		works(regen.JSON200.ClientSecret, 401)
		works(otherSecret, 200)
		s.deleteApps([]string{id}, []string{id}, []string{})
	}})
}

func TestScenarioRotationExpiry(t *testing.T) {
	runScenario(t, scenario{name: "rotation_expiry", simOnly: true, run: func(s *stage) {
		s.exchange()
		req := appRequest("credkit expiry")
		req.SecretRotationExpirationInSeconds = ptr(int32(3600))
		id, old := s.create(req)
		works := func(secret string, want int) {
			status, _ := s.clientToken(id, secret)
			require.Equal(s.t, want, status)
		}
		window := int32(600)
		s.expect(200)(s.c.StartOwnerSecretRotation(s.ctx, s.org, id, api.ClientSecretOwnerRotationRequest{NewClientSecret: newSecret, SecretRotationExpirationInSeconds: &window}, s.auth()))
		s.advance(599 * time.Second)
		works(old, 200)
		s.advance(time.Second)
		works(old, 401)
		works(newSecret, 200)

		s.expect(200)(s.c.StartOwnerSecretRotation(s.ctx, s.org, id, api.ClientSecretOwnerRotationRequest{NewClientSecret: otherSecret}, s.auth()))
		s.advance(3599 * time.Second)
		works(newSecret, 200)
		s.advance(time.Second)
		works(newSecret, 401)
		works(otherSecret, 200)
		s.exchange()
		s.deleteApps([]string{id}, []string{id}, []string{})
	}})
}

func TestScenarioAuthErrors(t *testing.T) {
	runScenario(t, scenario{name: "auth_errors", simOnly: true, run: func(s *stage) {
		s.exchange()
		id, secret := s.create(appRequest("credkit auth"))
		status, appToken := s.clientToken(id, secret)
		require.Equal(s.t, 200, status)
		for _, op := range managementOps {
			s.expect(401)(s.on(op, s.org, id, noEdit))
			s.expect(401)(s.on(op, s.org, id, as("credkit-forged-token")))
			s.expect(403)(s.on(op, s.org, id, as(appToken)))
			s.expect(404)(s.on(op, unknownOrg, id, s.auth()))
		}
		s.expect(200)(s.c.ListOrgOAuthApps(s.ctx, s.org, nil, header("csp-auth-token", s.admin)))
		s.advance(adminTokenTTL)
		s.expect(401)(s.c.ListOrgOAuthApps(s.ctx, s.org, nil, s.auth()))
	}})
}

func TestScenarioDeletionInProgress(t *testing.T) {
	runScenario(t, scenario{name: "deletion_in_progress", simOnly: true, opts: &Options{DeletionDelay: time.Hour}, run: func(s *stage) {
		s.exchange()
		req := appRequest("credkit doomed")
		req.Id = ptr("credkit-doomed")
		id, _ := s.create(req)
		s.deleteApps([]string{id}, []string{id}, []string{})
		s.expect(409)(s.c.PatchOrgOAuthApp(s.ctx, s.org, id, patchRequest("x"), s.auth()))
		s.expect(409)(s.c.RegenerateOrgOAuthAppSecret(s.ctx, s.org, id, struct{}{}, s.auth()))
		s.expect(409)(s.c.StartOwnerSecretRotation(s.ctx, s.org, id, api.ClientSecretOwnerRotationRequest{NewClientSecret: newSecret}, s.auth()))
		s.expect(409)(s.c.CreateOrgOAuthApp(s.ctx, s.org, req, s.auth()))
		s.expect(404)(s.c.GetOrgOAuthApp(s.ctx, s.org, id, s.auth()))
		s.advance(time.Hour)
		s.exchange()
		s.create(req)
		s.deleteApps([]string{id}, []string{id}, []string{})
	}})
}

func TestScenarioRateLimits(t *testing.T) {
	limit := &Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}}
	runScenario(t, scenario{name: "rate_limits", simOnly: true, opts: limit, run: func(s *stage) {
		s.exchange()
		id, _ := s.create(appRequest("credkit limited"))
		s.expect(429)(s.on(exchangeOp, s.org, id, noEdit))
		for _, op := range managementOps[1:] { // create was the first call of its bucket
			if op.id != "createOrgOAuthApp" {
				s.expect(200)(s.on(op, s.org, id, s.auth()))
			}
			body := s.expect(429)(s.on(op, s.org, id, s.auth()))
			require.Equal(s.t, int32(429), errorOf(s.t, body).StatusCode)
		}
		s.expect(200)(s.on(managementOps[0], s.org, id, s.auth()))
		s.expect(429)(s.on(managementOps[0], s.org, id, s.auth()))
		s.advance(time.Minute)
		s.expect(200)(s.on(managementOps[0], s.org, id, s.auth()))
	}})
}

func TestScenarioServerErrors(t *testing.T) {
	runScenario(t, scenario{name: "server_errors", simOnly: true, run: func(s *stage) {
		s.exchange()
		id, _ := s.create(appRequest("credkit faulty"))
		for _, op := range allOps {
			s.fail(sim.FaultInternal)
			s.expect(500)(s.on(op, s.org, id, s.auth()))
		}
		s.fail(sim.FaultRateLimit)
		s.expect(429)(s.on(managementOps[0], s.org, id, s.auth()))
		s.deleteApps([]string{id}, []string{id}, []string{})
	}})
}

// A user with a tenant's settings in the environment (as the credkit
// command reads them) still replays the bundled recordings.
func TestReplayIgnoresTenantSettings(t *testing.T) {
	if recording.Recording() {
		t.Skip("replay only")
	}
	t.Setenv("CSP_URL", "https://console.example.com")
	t.Setenv("CSP_API_TOKEN", "a-tenant-api-token")
	t.Setenv("CSP_ORG_ID", "11111111-2222-3333-4444-555555555555")
	TestScenarioAppLifecycle(t)
}
