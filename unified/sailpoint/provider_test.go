package sailpoint

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
	spsim "github.com/credkit/credkit/sim/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/providertest"
)

// harness is a provider talking to a fresh simulator through a recording
// transport that also holds every exchange to specs/sailpoint.yaml, with a
// fake sleep that moves the simulator's clock instead of waiting. It is the
// providertest.Harness of the shared suite.
type harness struct {
	*spsim.Harness
	checked *conformance.Transport
	seen    *recorder
	opts    harnessOptions
	p       *unified.Provider
	// admin is a second provider on the same simulator whose requests are
	// not recorded, for setting a scene.
	admin *unified.Provider
}

// bundledSpecs loads the specs once for every harness.
type harnessOptions struct {
	rateLimit  sim.RateLimit
	maxRetries int
	// clientID and clientSecret replace the admin credentials.
	clientID, clientSecret string
}

func newHarness(t *testing.T, o *harnessOptions) *harness {
	t.Helper()
	h := &harness{}
	if o != nil {
		h.opts = *o
	}
	h.Harness = spsim.NewHarness(t, &spsim.Options{Seed: 7, RateLimit: h.opts.rateLimit})
	h.checked = conformancetest.Transport(t, h.Transport(), nil)
	h.seen = &recorder{next: h.checked}
	id, secret := h.Server.AdminCredentials()
	if h.opts.clientID != "" {
		id, secret = h.opts.clientID, h.opts.clientSecret
	}
	h.p = h.providerAs(t, id, secret)
	adminID, adminSecret := h.Server.AdminCredentials()
	var err error
	h.admin, err = newProvider(Config{BaseURL: h.URL, ClientID: adminID, ClientSecret: adminSecret},
		&Options{HTTPTransport: h.checked, MaxRetries: -1, Sleep: h.Sleep.Sleep})
	require.NoError(t, err)
	return h
}

// providerAs is a recorded provider authenticating as id.
func (h *harness) providerAs(t *testing.T, id, secret string) *unified.Provider {
	t.Helper()
	p, err := newProvider(Config{BaseURL: h.URL, ClientID: id, ClientSecret: secret},
		&Options{HTTPTransport: h.seen, MaxRetries: h.opts.maxRetries, Sleep: h.Sleep.Sleep})
	require.NoError(t, err)
	return p
}

// api is the generated client of the unrecorded admin provider.
func (h *harness) api() *gen.ClientWithResponses {
	var d driver.Driver
	h.admin.As(&d)
	return &gen.ClientWithResponses{ClientInterface: d.(*adapter).api}
}

func (h *harness) NewProvider(t *testing.T) *unified.Provider {
	id, secret := h.Server.AdminCredentials()
	return h.providerAs(t, id, secret)
}

func (h *harness) NewClient(t *testing.T) (string, string) { return h.Harness.NewClient(t) }
func (h *harness) Requests() int                           { return h.seen.count("") }
func (h *harness) RotateOptions() *unified.RotateOptions {
	return &unified.RotateOptions{AllowNewClientID: true}
}

func TestProviderSuite(t *testing.T) {
	h := newHarness(t, nil)
	providertest.Run(t, h)
	injected := h.Faults.Injected()
	for _, kind := range providertest.FaultKinds {
		require.Equal(t, len(h.RotationSteps()), injected[kind], "every scripted %s fault hit its step", kind)
	}
	require.NotEmpty(t, h.Sleep.Recorded(), "429s were waited out on the fake clock")
}

// newScriptedServer answers the token endpoint with token (default: a
// valid token) and every other request with api.
func newScriptedServer(t *testing.T, token, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	if token == nil {
		token = answer(http.StatusOK, "application/json", `{"access_token":"at","token_type":"bearer","expires_in":750}`)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			token(w, r)
			return
		}
		api(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// answer always answers status with body; headers are name, value pairs.
func answer(status int, contentType, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// recorder counts the requests that reach the network.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Method+" "+req.URL.Path)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// count returns how many requests were "METHOD /path", or all of them for
// "".
func (r *recorder) count(methodPath string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.reqs {
		if methodPath == "" || s == methodPath {
			n++
		}
	}
	return n
}

// requireError checks an error's code, and that it is one *unified.Error
// from this provider.
func requireError(t *testing.T, err error, code unified.Code, op string) *unified.Error {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, unified.CodeOf(err), "%v", err)
	e, ok := err.(*unified.Error) //nolint:errorlint // the point: a *unified.Error itself, not wrapped
	require.True(t, ok, "%T", err)
	require.Equal(t, unified.SailPoint, e.Vendor)
	require.Equal(t, op, e.Op)
	return e
}

func TestNewChecksItsConfig(t *testing.T) {
	cases := []struct {
		name    string
		cfg     Config
		problem string // "" when valid
	}{
		{"tenant", Config{BaseURL: "https://acme.api.identitynow.com", ClientID: "id", ClientSecret: "s"}, ""},
		{"trailing slash", Config{BaseURL: "https://acme.api.identitynow.com/", ClientID: "id", ClientSecret: "s"}, ""},
		{"loopback simulator", Config{BaseURL: "http://127.0.0.1:8080", ClientID: "id", ClientSecret: "s"}, ""},
		{"localhost", Config{BaseURL: "http://localhost:8080", ClientID: "id", ClientSecret: "s"}, ""},
		{"own token URL", Config{BaseURL: "https://acme.api.identitynow.com", TokenURL: "https://acme.api.identitynow.com/oauth/token", ClientID: "id", ClientSecret: "s"}, ""},
		{"plain http", Config{BaseURL: "http://acme.api.identitynow.com", ClientID: "id", ClientSecret: "s"}, "must use https"},
		{"plain http token URL", Config{BaseURL: "https://acme.api.identitynow.com", TokenURL: "http://evil.example/oauth/token", ClientID: "id", ClientSecret: "s"}, "TokenURL must use https"},
		{"no scheme", Config{BaseURL: "acme.api.identitynow.com", ClientID: "id", ClientSecret: "s"}, "absolute URL"},
		{"empty", Config{ClientID: "id", ClientSecret: "s"}, "absolute URL"},
		{"query", Config{BaseURL: "https://acme.api.identitynow.com?x=1", ClientID: "id", ClientSecret: "s"}, "a query"},
		{"with /v3", Config{BaseURL: "https://acme.api.identitynow.com/v3", ClientID: "id", ClientSecret: "s"}, "without /v3"},
		{"no client ID", Config{BaseURL: "https://acme.api.identitynow.com", ClientSecret: "s"}, "no credentials"},
		{"no secret", Config{BaseURL: "https://acme.api.identitynow.com", ClientID: "id"}, "no credentials"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := New(c.cfg, nil)
			if c.problem == "" {
				require.NoError(t, err)
				require.Equal(t, unified.SailPoint, p.Vendor())
				return
			}
			e := requireError(t, err, unified.InvalidArgument, "New")
			require.Contains(t, e.Message, c.problem)
			require.NotContains(t, e.Error(), `"s"`)
		})
	}
}

func TestNewSendsNoRequestAndTheServerIsV3(t *testing.T) {
	h := newHarness(t, nil)
	require.Zero(t, h.seen.count(""))
	require.Equal(t, h.URL+"/v3/", adapterOf(t, h.p).api.Server)
	for range h.p.ListClients(context.Background()) { //nolint:errcheck // only to obtain a token; the listing is not under test
	}
	require.Equal(t, 1, h.seen.count("POST /oauth/token"))
	require.Equal(t, 1, h.seen.count("GET /v3/oauth-clients"))
}

func TestCapabilities(t *testing.T) {
	h := newHarness(t, nil)
	require.Equal(t, unified.Capabilities{RotateReplacesClient: true, MaxSecrets: 1, ListClients: true, DeleteClients: true, CheckRotation: true}, h.p.Capabilities())
	var _ unified.ClientLister = h.p
}

func TestTokenEndpointRefusal(t *testing.T) {
	h := newHarness(t, &harnessOptions{clientID: "0123456789abcdef0123456789abcdef", clientSecret: "wrong"})
	_, err := h.p.RotateSecret(context.Background(), "0123456789abcdef0123456789abcdef", &unified.RotateOptions{AllowNewClientID: true})
	e := requireError(t, err, unified.Unauthenticated, "RotateSecret")
	require.Equal(t, http.StatusUnauthorized, e.HTTPStatus)
	require.Equal(t, "invalid_client", e.VendorCode)
	require.Equal(t, "getting an access token: Bad client credentials.", e.Message)
	require.NotContains(t, e.Error(), "wrong", "the secret is never quoted")
	require.Equal(t, 1, h.seen.count(""), "a token refusal is not retried")
}

func TestTokenEndpointAnswers(t *testing.T) {
	cases := []struct {
		name       string
		token      http.HandlerFunc
		code       unified.Code
		vendorCode string
		msg        string
		retry      time.Duration
	}{
		{"400 unauthorized_client", answer(400, "application/json", `{"error":"unauthorized_client","error_description":"The client may not use the client_credentials grant."}`),
			unified.Unauthenticated, "unauthorized_client", "getting an access token: The client may not use the client_credentials grant.", 0},
		{"401 without a description", answer(401, "application/json", `{"error":"invalid_client"}`),
			unified.Unauthenticated, "invalid_client", "getting an access token: the token endpoint refused the credentials (invalid_client)", 0},
		{"403 HTML", answer(403, "text/html", `<h1>Forbidden</h1>`),
			unified.PermissionDenied, "", `getting an access token: the token endpoint answered "<h1>Forbidden</h1>"`, 0},
		{"429", answer(429, "application/json", `{"message":" Rate Limit Exceeded "}`, "Retry-After", "4"),
			unified.RateLimited, "", "getting an access token: the token endpoint answered \"{\\\"message\\\":\\\" Rate Limit Exceeded \\\"}\"", 4 * time.Second},
		{"503", answer(503, "", ``),
			unified.Unavailable, "", `getting an access token: the token endpoint answered ""`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var apiCalls int
			srv := newScriptedServer(t, c.token, func(http.ResponseWriter, *http.Request) { apiCalls++ })
			p, err := newProvider(Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: "s3cr3t-value"}, &Options{HTTPTransport: srv.Client().Transport})
			require.NoError(t, err)
			for _, err := range p.ListClients(context.Background()) {
				e := requireError(t, err, c.code, "ListClients")
				require.Equal(t, c.vendorCode, e.VendorCode)
				require.Equal(t, c.msg, e.Message)
				require.Equal(t, c.retry, e.RetryAfter)
				require.NotContains(t, e.Error(), "s3cr3t-value")
			}
			require.Zero(t, apiCalls, "no API request without a token")
		})
	}
}

// hostileIDs are refused before any request.
var hostileIDs = map[string]string{
	"empty":        "",
	"slash":        "2c91/x",
	"dot dot":      "..",
	"encoded":      "2c91%2Fx",
	"query":        "2c91?x=1",
	"fragment":     "2c91#x",
	"space":        "2c91 x",
	"control":      "2c91\x00x",
	"newline":      "2c91\nx",
	"non-ASCII":    "2c91é",
	"too long":     strings.Repeat("a", maxIDLength+1),
	"backslash":    `2c91\x`,
	"dot (a step)": ".",
}

func TestHostileIDsAreRefusedBeforeAnyRequest(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	good, _ := h.Server.CreateClient("good", nil)
	before := h.Server.ClientIDs()
	consent := &unified.RotateOptions{AllowNewClientID: true}
	rotation := func(old, new string) *unified.Rotation {
		return &unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: new, Old: oldRef(old)}
	}
	for name, id := range hostileIDs {
		calls := map[string]func() error{
			"ListSecrets":              func() error { _, err := h.p.ListSecrets(ctx, id); return err },
			"GetSecret client":         func() error { _, err := h.p.GetSecret(ctx, unified.CredentialRef{ClientID: id, ID: good}); return err },
			"GetSecret secret":         func() error { _, err := h.p.GetSecret(ctx, unified.CredentialRef{ClientID: good, ID: id}); return err },
			"CreateSecret":             func() error { _, err := h.p.CreateSecret(ctx, id, nil); return err },
			"RevokeSecret client":      func() error { return h.p.RevokeSecret(ctx, unified.CredentialRef{ClientID: id, ID: good}) },
			"RevokeSecret secret":      func() error { return h.p.RevokeSecret(ctx, unified.CredentialRef{ClientID: good, ID: id}) },
			"RotateSecret":             func() error { _, err := h.p.RotateSecret(ctx, id, consent); return err },
			"RotateSecret, no consent": func() error { _, err := h.p.RotateSecret(ctx, id, nil); return err },
			"FinishRotation old":       func() error { return h.p.FinishRotation(ctx, rotation(id, good)) },
		}
		if id != "" { // an empty new client ID is FailedPrecondition (see TestFinishRotationRefuses)
			calls["RotateSecret resume"] = func() error {
				_, err := h.p.RotateSecret(ctx, good, &unified.RotateOptions{AllowNewClientID: true, Resume: rotation(good, id)})
				return err
			}
			calls["FinishRotation new"] = func() error { return h.p.FinishRotation(ctx, rotation(good, id)) }
		}
		for call, f := range calls {
			t.Run(name+"/"+call, func(t *testing.T) {
				err := f()
				require.ErrorIs(t, err, unified.ErrInvalidArgument)
				require.Regexp(t, `(client|secret) ID`, err.Error())
				if len(id) > 2 {
					require.NotContains(t, err.Error(), id, "the value is not quoted")
				}
			})
		}
	}
	require.Zero(t, h.seen.count(""), "no request reached the simulator")
	require.Equal(t, before, h.Server.ClientIDs())
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	consent := &unified.RotateOptions{AllowNewClientID: true}
	t.Run("429 waits for Retry-After, then retries", func(t *testing.T) {
		h := newHarness(t, nil)
		h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodGet, PathContains: "/v3/oauth-clients"})
		n := 0
		for _, err := range h.p.ListClients(ctx) {
			require.NoError(t, err)
			n++
		}
		require.Equal(t, 1, n)
		require.Equal(t, []time.Duration{time.Second}, h.Sleep.Recorded())
		require.Equal(t, 2, h.seen.count("GET /v3/oauth-clients"))
	})
	t.Run("a POST over the rate limit waits for the window, then is retried once", func(t *testing.T) {
		h := newHarness(t, &harnessOptions{rateLimit: sim.RateLimit{Limit: 1, Window: 10 * time.Second}})
		old, _ := h.Server.CreateClient("old", nil)
		rot, err := h.p.RotateSecret(ctx, old, consent)
		require.NoError(t, err)
		require.Equal(t, []time.Duration{10 * time.Second, 10 * time.Second}, h.Sleep.Recorded(), "the POST, then the check of the old client, wait for a window")
		require.Equal(t, 2, h.seen.count("POST /v3/oauth-clients"), "the 429 created nothing, so the POST is sent again")
		require.Len(t, h.Server.ClientIDs(), 3, "admin, old and one replacement")
		require.Contains(t, h.Server.ClientIDs(), rot.NewClientID)
	})
	t.Run("a POST is never retried after a 500", func(t *testing.T) {
		h := newHarness(t, nil)
		old, _ := h.Server.CreateClient("old", nil)
		h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPost, PathContains: "/v3/oauth-clients"})
		rot, err := h.p.RotateSecret(ctx, old, consent)
		e := requireError(t, err, unified.Internal, "RotateSecret")
		require.Equal(t, "500.0 Internal Fault", e.VendorCode)
		require.Contains(t, e.Message, "the replacement client may exist all the same")
		require.Equal(t, 1, h.seen.count("POST /v3/oauth-clients"))
		require.Empty(t, h.Sleep.Recorded())
		require.NotNil(t, rot, "a partial rotation, to show that the outcome is unknown")
		require.Empty(t, rot.NewClientID)
	})
	t.Run("a GET is retried after a 500", func(t *testing.T) {
		h := newHarness(t, nil)
		old, _ := h.Server.CreateClient("old", nil)
		h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet, PathContains: old})
		_, err := h.p.RotateSecret(ctx, old, consent)
		require.NoError(t, err)
		require.Equal(t, 3, h.seen.count("GET /v3/oauth-clients/"+old), "the 500, its retry, and the check once the replacement exists")
		require.Len(t, h.Sleep.Recorded(), 1)
	})
	t.Run("a deadline shorter than the wait returns RateLimited at once", func(t *testing.T) {
		h := newHarness(t, &harnessOptions{rateLimit: sim.RateLimit{Limit: 1, Window: 10 * time.Second}})
		for range h.p.ListClients(ctx) { //nolint:errcheck // only to obtain a token; the listing is not under test
		}
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		for _, err := range h.p.ListClients(ctx) {
			e := requireError(t, err, unified.RateLimited, "ListClients")
			require.Equal(t, 10*time.Second, e.RetryAfter)
			require.Equal(t, http.StatusTooManyRequests, e.HTTPStatus)
			require.Equal(t, "Rate Limit Exceeded", e.Message)
		}
		require.Empty(t, h.Sleep.Recorded())
		require.Equal(t, 2, h.seen.count("GET /v3/oauth-clients"))
	})
}

// adapterOf reaches the driver under a provider.
func adapterOf(t *testing.T, p *unified.Provider) *adapter {
	t.Helper()
	var d driver.Driver
	require.True(t, p.As(&d))
	return d.(*adapter)
}

// The vendor types As reaches, for providertest.
func (h *harness) CredentialTarget() any { return new(gen.CreateOAuthClientResponse) }
func (h *harness) ErrorTarget() any      { return new(*gen.ErrorResponseDto) }
