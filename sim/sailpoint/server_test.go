package sailpoint

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
)

// harness is a simulator behind a loopback server, a generated client that
// talks to it through a checking transport, and the simulator's clock.
type harness struct {
	t     *testing.T
	sim   *Server
	clock *sim.ManualClock
	url   string
	tr    *conformance.Transport
	http  *http.Client
	api   *api.ClientWithResponses
	admin string // an admin access token
}

// newHarness starts a simulator with opts (its clock replaced by a manual
// one) and fails t at the end if any exchange broke the spec.
func newHarness(t *testing.T, opts *Options) *harness {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.Clock = nil // always a manual clock, the harness's
	sh := NewHarness(t, &o)
	s, clock, srv := sh.Server, sh.Clock, sh.HTTPServer
	tr := &conformance.Transport{Base: sh.Transport(), Checker: conformancetest.Checker(t)}
	hc := &http.Client{Transport: tr}
	c, err := api.NewClientWithResponses(srv.URL+"/v3", api.WithHTTPClient(hc))
	require.NoError(t, err)
	h := &harness{t: t, sim: s, clock: clock, url: srv.URL, tr: tr, http: hc, api: c}
	t.Cleanup(func() { assertConforms(t, tr) })
	id, secret := s.AdminCredentials()
	h.admin = h.mustToken(id, secret)
	return h
}

// assertConforms requires every exchange tr carried to pass: the /v3 ones
// the SailPoint spec, the token exchanges the bundled token spec
// (oauth2_token). tr.Failures() lists failures only; this also requires
// that no exchange went unmatched.
func assertConforms(t testing.TB, tr *conformance.Transport) {
	t.Helper()
	for _, r := range tr.Results() {
		assert.Equal(t, conformance.Pass, r.Outcome, "%s %s -> %d (%s): %v", r.Method, r.URL, r.Status, r.OperationID, r.Problems)
	}
}

// tokenReply is a decoded answer of the token endpoint.
type tokenReply struct {
	Status int
	Body   map[string]any
}

// token posts client credentials to /oauth/token.
func (h *harness) token(id, secret string) tokenReply {
	h.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	resp, err := h.http.PostForm(h.url+tokenPath, form)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	out := tokenReply{Status: resp.StatusCode}
	require.NoError(h.t, json.NewDecoder(resp.Body).Decode(&out.Body))
	return out
}

// mustToken returns an access token for id and secret.
func (h *harness) mustToken(id, secret string) string {
	h.t.Helper()
	r := h.token(id, secret)
	require.Equal(h.t, http.StatusOK, r.Status, r.Body)
	return r.Body["access_token"].(string)
}

// clientToken creates a client with scopes and returns its ID and a token.
func (h *harness) clientToken(scopes ...string) (id, tok string) {
	h.t.Helper()
	id, secret := h.sim.CreateClient("test client", scopes)
	return id, h.mustToken(id, secret)
}

// bearer authenticates a generated-client call with tok ("" sends none).
func bearer(tok string) api.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		if tok != "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		return nil
	}
}

// newClientRequest is a valid CreateOAuthClientRequest.
func newClientRequest(name string) api.CreateOAuthClientRequest {
	desc := "made by a test"
	grants := []api.GrantType{api.GrantTypeCLIENTCREDENTIALS}
	return api.CreateOAuthClientRequest{
		Name: &name, Description: &desc, AccessTokenValiditySeconds: 750,
		GrantTypes: &grants, AccessType: api.AccessTypeOFFLINE, Enabled: true,
	}
}

// create creates a client as the admin and returns the answer.
func (h *harness) create(name string) *api.CreateOAuthClientResponse {
	h.t.Helper()
	r, err := h.api.CreateOauthClientWithResponse(context.Background(), newClientRequest(name), bearer(h.admin))
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusOK, r.StatusCode(), string(r.Body))
	return r.JSON200
}

// do sends a raw request through the checking transport.
func (h *harness) do(method, path, contentType, body, tok string) (*http.Response, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	require.NoError(h.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	_ = bearer(tok)(context.Background(), req)
	resp, err := h.http.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return resp, data
}

// errorText returns the first message text of an ErrorResponseDto.
func errorText(t *testing.T, e *api.ErrorResponseDto) string {
	t.Helper()
	require.NotNil(t, e)
	require.NotNil(t, e.Messages)
	require.NotEmpty(t, *e.Messages)
	return *(*e.Messages)[0].Text
}

func TestRouting(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name, method, path string
		want               int
		allow              string
	}{
		{"unknown path", http.MethodGet, "/v3/other", http.StatusNotFound, ""},
		{"below an item", http.MethodGet, "/v3/oauth-clients/abc/secrets", http.StatusNotFound, ""},
		{"empty id", http.MethodGet, "/v3/oauth-clients/", http.StatusNotFound, ""},
		{"collection method", http.MethodPut, "/v3/oauth-clients", http.StatusMethodNotAllowed, "GET, POST"},
		{"item method", http.MethodPost, "/v3/oauth-clients/abc", http.StatusMethodNotAllowed, "DELETE, GET, PATCH"},
		{"token method", http.MethodGet, "/oauth/token", http.StatusMethodNotAllowed, "POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, h.url+tt.path, nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, tt.want, resp.StatusCode)
			require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			require.Equal(t, tt.allow, resp.Header.Get("Allow"))
		})
	}
}

func TestDateHeaderFollowsClock(t *testing.T) {
	h := newHarness(t, nil)
	resp, _ := h.do(http.MethodGet, "/v3/oauth-clients", "", "", h.admin)
	require.Equal(t, "Tue, 06 Jan 2026 19:50:58 GMT", resp.Header.Get("Date"))
	h.clock.Advance(90 * time.Second)
	resp, _ = h.do(http.MethodGet, "/v3/oauth-clients", "", "", h.admin)
	require.Equal(t, "Tue, 06 Jan 2026 19:52:28 GMT", resp.Header.Get("Date"))
}

func TestDefaults(t *testing.T) {
	s := New(nil)
	clock, ok := s.Clock().(*sim.ManualClock)
	require.True(t, ok, "the default clock is a manual clock")
	require.Equal(t, sim.Epoch, clock.Now())
	id, secret := s.AdminCredentials()
	require.Regexp(t, "^[0-9a-f]{32}$", id)
	require.Regexp(t, "^[0-9a-f]{64}$", secret)
	require.True(t, s.SecretWorks(id, secret))
	require.Nil(t, s.limiter, "no rate limit unless asked")

	other, _ := New(&Options{Seed: 1}).AdminCredentials()
	require.NotEqual(t, id, other, "the seed changes generated IDs")
	again, againSecret := New(nil).AdminCredentials()
	require.Equal(t, []string{id, secret}, []string{again, againSecret}, "the same seed gives the same IDs")
}

// traffic is a fixed series of requests, successes and failures, for the
// determinism test.
func traffic(s *Server) []string {
	id, secret := s.AdminCredentials()
	form := "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret
	tok := serve(s, http.MethodPost, tokenPath, "application/x-www-form-urlencoded", form, "")
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal([]byte(tok[strings.Index(tok, "{"):]), &tr)
	a := tr.AccessToken
	body := `{"name":"n","description":null,"accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"ONLINE","enabled":true}`
	out := []string{tok,
		serve(s, http.MethodPost, collectionPath, "application/json", body, a),
		serve(s, http.MethodPost, collectionPath, "application/json", `{}`, a),
		serve(s, http.MethodGet, collectionPath, "", "", a),
		serve(s, http.MethodGet, collectionPath+"/nope", "", "", a),
		serve(s, http.MethodGet, collectionPath, "", "", "bad"),
	}
	return out
}

// serve runs one request through s's handler and dumps the answer.
func serve(s *Server, method, path, contentType, body, tok string) string {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var b strings.Builder
	_ = rec.Result().Header.Write(&b)
	return rec.Result().Status + "\n" + b.String() + rec.Body.String()
}

func TestDeterminism(t *testing.T) {
	first := traffic(New(&Options{Seed: 42}))
	second := traffic(New(&Options{Seed: 42}))
	require.Equal(t, first, second, "same seed, same traffic: byte-identical answers")
	require.NotEqual(t, first, traffic(New(&Options{Seed: 43})))
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"ef38f94347e94562b5bb8424a56397d8": true, "a": true, "A-b_9": true,
		"": false, "has space": false, "dot.ted": false, strings.Repeat("a", 65): false,
	} {
		require.Equal(t, want, validID(id), id)
	}
}
