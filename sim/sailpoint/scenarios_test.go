package sailpoint

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/internal/recording"
	"github.com/credkit/credkit/sim"
)

// The scenarios below record cassettes/sailpoint/<name>.yaml with
// CREDKIT_RECORD=1 and replay them otherwise. They record against the
// simulator, or against a real tenant when SAIL_BASE_URL, SAIL_CLIENT_ID
// and SAIL_CLIENT_SECRET are set (the scenarios that need the simulator's
// clock, rate limit or faults are then skipped).

const (
	scenarioPlaceholder = "https://sailpoint.example.test"
	// The simulator's admin credentials while recording; the secret never
	// reaches a cassette.
	scenarioAdminID     = "2c9180835d2e5168015d32f890ca1581"
	scenarioAdminSecret = "5c32dd9b21adb51c77794d46e71de117a1d0ddb36a7ff941fa28014ab7de2cf3"
	unknownID           = "0123456789abcdef0123456789abcdef"
)

// scenario is one open cassette and the clients that talk through it.
type scenario struct {
	t                    *testing.T
	sim                  *Server          // only while recording against the simulator
	clock                *sim.ManualClock // likewise
	faults               *sim.Faults      // likewise, when the scenario scripts faults
	base                 string
	http                 *http.Client
	api                  *api.ClientWithResponses
	adminID, adminSecret string
}

// tenant returns a real tenant's base URL and admin credentials from the
// environment, if all three are set.
func tenant() (base, id, secret string, ok bool) {
	base, id, secret = os.Getenv("SAIL_BASE_URL"), os.Getenv("SAIL_CLIENT_ID"), os.Getenv("SAIL_CLIENT_SECRET")
	return strings.TrimSuffix(base, "/"), id, secret, base != "" && id != "" && secret != ""
}

// startScenario opens the cassette of name. opts configure the simulator
// when recording against it; a simOnly scenario is skipped when recording
// against a real tenant.
func startScenario(t *testing.T, name string, opts Options, simOnly bool) *scenario {
	sc := &scenario{t: t, adminID: scenarioAdminID, adminSecret: scenarioAdminSecret, faults: opts.Faults}
	base, id, secret, real := tenant()
	if recording.Recording() && real {
		if simOnly {
			t.Skip("this scenario needs the simulator's clock, rate limit or faults")
		}
		sc.adminID, sc.adminSecret, sc.faults = id, secret, nil
	}
	session := recording.Start(t, recording.Config{
		Cassette:    "../../cassettes/sailpoint/" + name,
		Placeholder: scenarioPlaceholder,
		Live: func(t testing.TB) string {
			if real {
				return base
			}
			sc.clock = sim.NewManualClock(sim.Epoch)
			opts.Clock, opts.AdminClientID, opts.AdminClientSecret = sc.clock, scenarioAdminID, scenarioAdminSecret
			sc.sim = New(&opts)
			srv := httptest.NewServer(sc.sim)
			t.Cleanup(srv.Close)
			return srv.URL
		},
		Secrets: []string{sc.adminSecret},
	})
	if sc.sim == nil {
		sc.faults = nil
	}
	tr := &conformance.Transport{Base: session.Client.Transport, Checker: conformancetest.Checker(t)}
	t.Cleanup(func() { assertConforms(t, tr) })
	sc.base, sc.http = session.BaseURL, &http.Client{Transport: tr}
	c, err := api.NewClientWithResponses(sc.base+"/v3", api.WithHTTPClient(sc.http))
	require.NoError(t, err)
	sc.api = c
	return sc
}

// advance moves the simulator's clock; replaying, there is none to move.
func (sc *scenario) advance(d time.Duration) {
	if sc.clock != nil {
		sc.clock.Advance(d)
	}
}

// fail makes the simulator's next request of method fail with a 500.
func (sc *scenario) fail(method string) {
	if sc.faults != nil {
		sc.faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: method, PathContains: collectionPath})
	}
}

// token asks the token endpoint, through the cassette, for a token.
func (sc *scenario) token(id, secret string) (int, string) {
	sc.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	resp, err := sc.http.PostForm(sc.base+tokenPath, form)
	require.NoError(sc.t, err)
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(sc.t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body.AccessToken
}

// adminToken returns a token of the admin client.
func (sc *scenario) adminToken() string {
	sc.t.Helper()
	status, tok := sc.token(sc.adminID, sc.adminSecret)
	require.Equal(sc.t, http.StatusOK, status)
	return tok
}

func (sc *scenario) create(tok string, req api.CreateOAuthClientRequest) *api.CreateOauthClientResponse {
	sc.t.Helper()
	r, err := sc.api.CreateOauthClientWithResponse(context.Background(), req, bearer(tok))
	require.NoError(sc.t, err)
	return r
}

func (sc *scenario) createRaw(tok, body string) *api.CreateOauthClientResponse {
	sc.t.Helper()
	r, err := sc.api.CreateOauthClientWithBodyWithResponse(context.Background(), "application/json", strings.NewReader(body), bearer(tok))
	require.NoError(sc.t, err)
	return r
}

func (sc *scenario) list(tok, filters string) *api.ListOauthClientsResponse {
	sc.t.Helper()
	var params api.ListOauthClientsParams
	if filters != "" {
		params.Filters = &filters
	}
	r, err := sc.api.ListOauthClientsWithResponse(context.Background(), &params, bearer(tok))
	require.NoError(sc.t, err)
	return r
}

func (sc *scenario) get(tok, id string) *api.GetOauthClientResponse {
	sc.t.Helper()
	r, err := sc.api.GetOauthClientWithResponse(context.Background(), id, bearer(tok))
	require.NoError(sc.t, err)
	return r
}

func (sc *scenario) patch(tok, id, contentType, body string) *api.PatchOauthClientResponse {
	sc.t.Helper()
	r, err := sc.api.PatchOauthClientWithBodyWithResponse(context.Background(), id, contentType, strings.NewReader(body), bearer(tok))
	require.NoError(sc.t, err)
	return r
}

func (sc *scenario) del(tok, id string) *api.DeleteOauthClientResponse {
	sc.t.Helper()
	r, err := sc.api.DeleteOauthClientWithResponse(context.Background(), id, bearer(tok))
	require.NoError(sc.t, err)
	return r
}

// listedIDs returns the IDs of a list answer.
func listedIDs(r *api.ListOauthClientsResponse) []string {
	var ids []string
	for _, c := range *r.JSON200 {
		ids = append(ids, c.Id)
	}
	return ids
}

// scenarioClient is a create request for a scenario's client.
func scenarioClient(name string, scope ...string) api.CreateOAuthClientRequest {
	req := newClientRequest("credkit scenario " + name)
	if len(scope) > 0 {
		req.Scope = &scope
	}
	return req
}

func TestScenarioLifecycle(t *testing.T) {
	sc := startScenario(t, "lifecycle", Options{}, false)
	admin := sc.adminToken()

	created := sc.create(admin, scenarioClient("lifecycle"))
	require.Equal(t, http.StatusOK, created.StatusCode())
	c := created.JSON200
	require.NotEmpty(t, c.Secret, "the secret is shown once")
	status, _ := sc.token(c.Id, c.Secret)
	require.Equal(t, http.StatusOK, status, "the new secret works")

	l := sc.list(admin, "")
	require.Equal(t, http.StatusOK, l.StatusCode())
	require.Contains(t, listedIDs(l), c.Id)
	l = sc.list(admin, "lastUsed isnull")
	require.Equal(t, http.StatusOK, l.StatusCode())
	require.NotContains(t, listedIDs(l), c.Id, "it was used")
	l = sc.list(admin, "lastUsed le 2100-01-01T00:00:00Z")
	require.Equal(t, http.StatusOK, l.StatusCode())
	require.Contains(t, listedIDs(l), c.Id)

	g := sc.get(admin, c.Id)
	require.Equal(t, http.StatusOK, g.StatusCode())
	require.Equal(t, "credkit scenario lifecycle", g.JSON200.Name)
	require.Nil(t, g.JSON200.Secret, "never shown again")

	p := sc.patch(admin, c.Id, patchType, `[{"op":"replace","path":"/description","value":"patched"},{"op":"replace","path":"/strongAuthSupported","value":true}]`)
	require.Equal(t, http.StatusOK, p.StatusCode())
	require.Equal(t, "patched", *p.JSON200.Description)
	require.True(t, *p.JSON200.StrongAuthSupported)

	p = sc.patch(admin, c.Id, patchType, `[{"op":"replace","path":"/enabled","value":false}]`)
	require.Equal(t, http.StatusOK, p.StatusCode())
	require.False(t, p.JSON200.Enabled)
	status, _ = sc.token(c.Id, c.Secret)
	require.Equal(t, http.StatusUnauthorized, status, "a disabled client's secret stops working")

	require.Equal(t, http.StatusNoContent, sc.del(admin, c.Id).StatusCode())
	require.Equal(t, http.StatusNotFound, sc.get(admin, c.Id).StatusCode())
	require.Equal(t, http.StatusNotFound, sc.patch(admin, c.Id, patchType, `[{"op":"replace","path":"/enabled","value":true}]`).StatusCode())
	require.Equal(t, http.StatusNotFound, sc.del(admin, c.Id).StatusCode())
}

func TestScenarioRotation(t *testing.T) {
	sc := startScenario(t, "rotation", Options{}, false)
	admin := sc.adminToken()
	old := sc.create(admin, scenarioClient("rotation old")).JSON200
	status, _ := sc.token(old.Id, old.Secret)
	require.Equal(t, http.StatusOK, status)

	// Rotation at SailPoint: a replacement client, then the old one goes.
	replacement := sc.create(admin, scenarioClient("rotation new")).JSON200
	require.NotEqual(t, old.Id, replacement.Id, "the client ID changes")
	status, _ = sc.token(replacement.Id, replacement.Secret)
	require.Equal(t, http.StatusOK, status, "the new credential works while the old one still does")
	status, _ = sc.token(old.Id, old.Secret)
	require.Equal(t, http.StatusOK, status)

	require.Equal(t, http.StatusNoContent, sc.del(admin, old.Id).StatusCode())
	status, _ = sc.token(old.Id, old.Secret)
	require.Equal(t, http.StatusUnauthorized, status, "the old credential is retired")
	status, _ = sc.token(replacement.Id, replacement.Secret)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, http.StatusNoContent, sc.del(admin, replacement.Id).StatusCode())
}

func TestScenarioValidation(t *testing.T) {
	sc := startScenario(t, "validation", Options{}, false)
	admin := sc.adminToken()

	require.Equal(t, http.StatusBadRequest, sc.list(admin, `name eq "x"`).StatusCode())
	require.Equal(t, http.StatusBadRequest, sc.createRaw(admin, strings.Replace(validBody, `,"enabled":true`, "", 1)).StatusCode(), "enabled is required")
	code := scenarioClient("no redirect")
	code.GrantTypes = &[]api.GrantType{api.GrantTypeAUTHORIZATIONCODE}
	require.Equal(t, http.StatusBadRequest, sc.create(admin, code).StatusCode(), "AUTHORIZATION_CODE needs a redirect URI")

	c := sc.create(admin, scenarioClient("validation")).JSON200
	require.Equal(t, http.StatusBadRequest, sc.get(admin, "bad.id").StatusCode())
	require.Equal(t, http.StatusBadRequest, sc.del(admin, "bad.id").StatusCode())
	require.Equal(t, http.StatusBadRequest, sc.patch(admin, c.Id, patchType, `[{"op":"replace","path":"/secret","value":"mine"}]`).StatusCode())
	require.Equal(t, http.StatusBadRequest, sc.patch(admin, c.Id, "application/json", `[{"op":"replace","path":"/name","value":"x"}]`).StatusCode())
	failed := sc.patch(admin, c.Id, patchType, `[{"op":"replace","path":"/name","value":"changed"},{"op":"test","path":"/enabled","value":false}]`)
	require.Equal(t, http.StatusBadRequest, failed.StatusCode())
	require.Equal(t, "credkit scenario validation", sc.get(admin, c.Id).JSON200.Name, "a failed test changes nothing")
	require.Equal(t, http.StatusNoContent, sc.del(admin, c.Id).StatusCode())
}

func TestScenarioAuth(t *testing.T) {
	sc := startScenario(t, "auth", Options{}, false)
	admin := sc.adminToken()
	target := sc.create(admin, scenarioClient("auth target")).JSON200

	require.Equal(t, http.StatusUnauthorized, sc.list("", "").StatusCode())
	require.Equal(t, http.StatusUnauthorized, sc.create("", scenarioClient("nobody")).StatusCode())
	require.Equal(t, http.StatusUnauthorized, sc.get("", target.Id).StatusCode())
	require.Equal(t, http.StatusUnauthorized, sc.patch("", target.Id, patchType, `[]`).StatusCode())
	require.Equal(t, http.StatusUnauthorized, sc.del("", target.Id).StatusCode())
	require.Equal(t, http.StatusUnauthorized, sc.list("not-a-token", "").StatusCode())
	status, _ := sc.token(sc.adminID, "wrong secret")
	require.Equal(t, http.StatusUnauthorized, status)

	reader := sc.create(admin, scenarioClient("reader", scopeRead)).JSON200
	status, readTok := sc.token(reader.Id, reader.Secret)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, http.StatusOK, sc.list(readTok, "").StatusCode())
	require.Equal(t, http.StatusOK, sc.get(readTok, target.Id).StatusCode())
	require.Equal(t, http.StatusForbidden, sc.create(readTok, scenarioClient("by a reader")).StatusCode())
	require.Equal(t, http.StatusForbidden, sc.patch(readTok, target.Id, patchType, `[{"op":"replace","path":"/enabled","value":false}]`).StatusCode())
	require.Equal(t, http.StatusForbidden, sc.del(readTok, target.Id).StatusCode())

	nothing := sc.create(admin, scenarioClient("no rights", scopeDefault)).JSON200
	status, noTok := sc.token(nothing.Id, nothing.Secret)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, http.StatusForbidden, sc.list(noTok, "").StatusCode())
	require.Equal(t, http.StatusForbidden, sc.get(noTok, target.Id).StatusCode())

	for _, id := range []string{target.Id, reader.Id, nothing.Id} {
		require.Equal(t, http.StatusNoContent, sc.del(admin, id).StatusCode())
	}
}

func TestScenarioTokenExpiry(t *testing.T) {
	sc := startScenario(t, "token_expiry", Options{}, true)
	admin := sc.adminToken()
	require.Equal(t, http.StatusOK, sc.list(admin, "").StatusCode())
	sc.advance(750 * time.Second)
	expired := sc.list(admin, "")
	require.Equal(t, http.StatusUnauthorized, expired.StatusCode())
	require.Equal(t, jwtExpired, *expired.JSON401.Error)
	require.Equal(t, http.StatusOK, sc.list(sc.adminToken(), "").StatusCode(), "a new token works")
}

func TestScenarioRateLimit(t *testing.T) {
	sc := startScenario(t, "rate_limit", Options{RateLimit: sim.RateLimit{Limit: 3, Window: 10 * time.Second}}, true)
	admin := sc.adminToken()
	c := sc.create(admin, scenarioClient("rate limit")).JSON200
	require.Equal(t, http.StatusOK, sc.get(admin, c.Id).StatusCode())
	require.Equal(t, http.StatusOK, sc.list(admin, "").StatusCode())

	statuses := []int{
		sc.list(admin, "").StatusCode(),
		sc.create(admin, scenarioClient("too many")).StatusCode(),
		sc.get(admin, c.Id).StatusCode(),
		sc.patch(admin, c.Id, patchType, `[]`).StatusCode(),
		sc.del(admin, c.Id).StatusCode(),
	}
	require.Equal(t, slices.Repeat([]int{http.StatusTooManyRequests}, 5), statuses)
	limited := sc.get(admin, c.Id)
	require.Equal(t, int32(10), *limited.Headers429.RetryAfter)
	require.Equal(t, rateLimitMessage, *limited.JSON429.Message)

	sc.advance(10 * time.Second)
	require.Equal(t, http.StatusNoContent, sc.del(admin, c.Id).StatusCode(), "the next window")
}

func TestScenarioFaults(t *testing.T) {
	sc := startScenario(t, "faults", Options{Faults: sim.NewFaults(0, 0)}, true)
	admin := sc.adminToken()

	sc.fail(http.MethodPost)
	require.Equal(t, http.StatusInternalServerError, sc.create(admin, scenarioClient("faults")).StatusCode())
	created := sc.create(admin, scenarioClient("faults"))
	require.Equal(t, http.StatusOK, created.StatusCode(), "the retry succeeds")
	id := created.JSON200.Id

	sc.fail(http.MethodGet)
	fault := sc.list(admin, "")
	require.Equal(t, http.StatusInternalServerError, fault.StatusCode())
	require.Equal(t, "500.0 Internal Fault", *fault.JSON500.DetailCode)
	require.Equal(t, http.StatusOK, sc.list(admin, "").StatusCode())
	sc.fail(http.MethodGet)
	require.Equal(t, http.StatusInternalServerError, sc.get(admin, id).StatusCode())
	require.Equal(t, http.StatusOK, sc.get(admin, id).StatusCode())
	sc.fail(http.MethodPatch)
	require.Equal(t, http.StatusInternalServerError, sc.patch(admin, id, patchType, `[]`).StatusCode())
	require.Equal(t, http.StatusOK, sc.patch(admin, id, patchType, `[]`).StatusCode())
	sc.fail(http.MethodDelete)
	require.Equal(t, http.StatusInternalServerError, sc.del(admin, id).StatusCode())
	require.Equal(t, http.StatusNoContent, sc.del(admin, id).StatusCode())
}
