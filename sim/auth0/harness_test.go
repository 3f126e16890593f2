package auth0

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/specs"
)

// loadSpecs loads Auth0's token endpoint spec, which is not bundled
// (ERRATA A11), and the bundled specs, once for every test. Auth0's spec
// comes first: it is stricter than the bundled token spec of every
// vendor (oauth2_token), which would otherwise take /oauth/token.
var loadSpecs = sync.OnceValues(func() ([]*conformance.Spec, error) {
	bundled, err := conformance.BundledSpecs()
	if err != nil {
		return nil, err
	}
	data, err := specs.FS.ReadFile("auth0_authentication.yaml")
	if err != nil {
		return nil, err
	}
	auth, err := conformance.LoadSpec("auth0_authentication", data)
	if err != nil {
		return nil, err
	}
	return append([]*conformance.Spec{auth}, bundled...), nil
})

// checker is a strict conformance checker over every Auth0 operation, the
// token endpoint included.
func checker(t testing.TB) *conformance.Checker {
	t.Helper()
	s, err := loadSpecs()
	require.NoError(t, err)
	return conformance.NewChecker(s, &conformance.Options{Strict: true})
}

// assertConforms fails t for every exchange that broke a spec.
func assertConforms(t testing.TB, tr *conformance.Transport) {
	t.Helper()
	for _, r := range tr.Results() {
		assert.Equal(t, conformance.Pass, r.Outcome, "%s %s -> %d (%s): %v", r.Method, r.URL, r.Status, r.OperationID, r.Problems)
	}
}

// harness is a simulator behind a loopback server and a generated client
// that talks to it through a checking transport.
type harness struct {
	t     *testing.T
	sim   *Server
	clock *sim.ManualClock
	url   string
	http  *http.Client
	api   *api.ClientWithResponses
	admin string // an admin access token with every scope
}

// newHarness starts a simulator with opts (its clock a manual one) and
// fails t at the end if any exchange broke the spec.
func newHarness(t *testing.T, opts *Options) *harness {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.Clock = nil // always a manual clock, the harness's
	sh := NewHarness(t, &o)
	s, clock, srv := sh.Server, sh.Clock, sh.HTTPServer
	tr := &conformance.Transport{Base: sh.Transport(), Checker: checker(t)}
	t.Cleanup(func() { assertConforms(t, tr) })
	h := &harness{t: t, sim: s, clock: clock, url: srv.URL, http: &http.Client{Transport: tr}}
	c, err := api.NewClientWithResponses(srv.URL, api.WithHTTPClient(h.http))
	require.NoError(t, err)
	h.api = c
	id, secret := s.AdminCredentials()
	reply := h.token(url.Values{"client_id": {id}, "client_secret": {secret}})
	require.Equal(t, http.StatusOK, reply.Status, reply.Body)
	h.admin = reply.Body["access_token"].(string)
	return h
}

// tokenReply is a decoded answer of the token endpoint.
type tokenReply struct {
	Status int
	Body   map[string]any
}

// token posts a client-credentials request; grant_type and the audience
// are added unless form sets them.
func (h *harness) token(form url.Values) tokenReply {
	h.t.Helper()
	return postToken(h.t, h.http, h.url, h.sim.Audience(), form)
}

func postToken(t testing.TB, c *http.Client, base, audience string, form url.Values) tokenReply {
	t.Helper()
	if !form.Has("grant_type") {
		form.Set("grant_type", "client_credentials")
	}
	if !form.Has("audience") {
		form.Set("audience", audience)
	}
	resp, err := c.PostForm(base+tokenPath, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	out := tokenReply{Status: resp.StatusCode}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out.Body))
	return out
}

// scoped returns a token of the admin client narrowed to scopes.
func (h *harness) scoped(scopes ...string) string {
	h.t.Helper()
	id, secret := h.sim.AdminCredentials()
	reply := h.token(url.Values{"client_id": {id}, "client_secret": {secret}, "scope": {strings.Join(scopes, " ")}})
	require.Equal(h.t, http.StatusOK, reply.Status, reply.Body)
	return reply.Body["access_token"].(string)
}

// bearer sends tok as the request's bearer token.
func bearer(tok string) api.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
}

// do sends a raw request with the admin token and returns the status and
// the body.
func (h *harness) do(method, path, body string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	require.NoError(h.t, err)
	req.Header.Set("Authorization", "Bearer "+h.admin)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.http.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return resp.StatusCode, string(data)
}

// createClient creates a client named name and returns it.
func (h *harness) createClient(body api.ClientCreate) *api.ClientApplication {
	h.t.Helper()
	r, err := h.api.CreateClientWithResponse(context.Background(), body, bearer(h.admin))
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusCreated, r.StatusCode(), string(r.Body))
	return r.JSON201
}

// errorCode decodes an Auth0 error body's errorCode.
func errorCode(t testing.TB, body []byte) string {
	t.Helper()
	var e api.Error
	require.NoError(t, json.Unmarshal(body, &e))
	if e.ErrorCode == nil {
		return ""
	}
	return *e.ErrorCode
}

// Public keys (4096-bit RSA, SPKI) that go-auth0's tests registered at a
// real tenant (cassettes/auth0/realworld): public data, fixed so that
// recordings are reproducible.
const (
	publicKeyA = "-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAua6LXMfgDE/tDdkOL1Oe\n3oWUwg1r4dSTg9L7RCcI5hItUzmkVofHtWN0H4CH2lm2ANmaJUsnhzctYowYW2+R\ntHvU9afTmtbdhpy993972hUqZSYLsE3iGziphYkOKVsqq38+VRH3TNg93zSLoRao\nJnTTkMXseVqiyqYRmFN8+gQQoEclHSGPUWQG5XMZ+hhuXeFyo+Yw/qbZWca/6/2I\n3rsca9jXR1alhxhHrXrg8N4Dm3gBgGbmiht6YYYT2Tyl1OqB9+iOI/9D7dfoCF6X\nAWJXRE454cmC8k8oucpjZVpflA+ocKshwPDR6YTLQYbXYiaWxEoaz0QGUErNQBnG\nI+sr9jDY3ua/s6HF6h0qyi/HVZH4wx+m4CtOfJoYTjrGBbaRszzUxhtSN2/MhXDu\n+a35q9/2zcu/3fjkkfVvGUt+NyyiYOKQ9vsJC1g/xxdUWtowjNwjfZE2zcG4usi8\nr38Bp0lmiipAsMLduZM/D5dFXkRdWCBNDfULmmg/4nv2wwjbjQuLemAMh7mmrztW\ni/85WMnjKQZT8NqS43pmgyIzg1gK1neMqdS90YmQ/PvJ36qALxCs245w1JpN9BAL\nJbwxCg/dbmKT7PalfWrksx9hGcJxtGqebldaOpw+5GVIPxxtC1C0gVr9BKeiDS3f\naibASY5pIRiKENmbZELDtucCAwEAAQ==\n-----END PUBLIC KEY-----"
	publicKeyB = "-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA3njxXJoHnuN4hByBhSUo\n0kIbXkJTA0wP0fig87MyVz5KgohPrPJgbRSZ7yz/MmXa4qRNHkWiClJybMS2a98M\n6ELOFG8pfDb6J7JaJqx0Kvqn6xsGInbpwsth3K582Cxrp+Y+GBNja++8wDY5IqAi\nTSKSZRNies0GO0grzQ7kj2p0+R7a0c86mdLO4JnGrHoBqEY1HcsfnJvkJkqETlGi\nyMzDQw8Wkux7P59N/3wuroAI83+HMYl1fV39ek3L/GrsLjECrNe5/CVFtblNltyb\n/va9+pAP7Ye5p6tTW2oj3fzUvdX3dYzENWEtRB7DBHXnfEHMjTaBiQeWb2yDHBCw\n++Uh1OCKw9ZLYzoE6gcDQspYf+fFU3F0kuU4c//gSoNuj/iEjaNmOEK6S3xGy8fE\nTjsC+0oF6YaokDZO9+NreL/sGxFfOAysybrKWrMoaYwa81RlpcmBGZM7H1M00zLH\nPPfCYVhGhFs5X3Qzzt6MQE+msgMt9zeGH7liJbOSW2NGSJwbmn7q35YYIfJEoXRF\n1iefT/9fJB9vhQhtYfCOe3AEpTQq6Yz5ViLhToBdsVDBbz2gmRLALs9/D91SE9T4\nXzvXjHGyxWVu0jdvS9hyhJzP4165k1cYDgx8mmg0VxR7j79LmCUDsFcvvSrAOf6y\n0zY7r4pmNyQQ0r4in/gs/wkCAwEAAQ==\n-----END PUBLIC KEY-----"
)

func TestExportedHarness(t *testing.T) {
	h := NewHarness(t, &Options{Seed: 3})
	client, secret := h.NewClient(t)
	require.True(t, h.SecretWorks(client, secret), "a new client's key works")
	require.Equal(t, 1, h.SecretCount(client))
	other, _ := h.NewClient(t)
	require.False(t, h.SecretWorks(other, secret), "a key works for its own client only")
	require.False(t, h.SecretWorks(client, "not a key"))

	sc, ss := h.NewSecretClient(t)
	require.True(t, h.SecretWorks(sc, ss))
	require.Zero(t, h.SecretCount(sc))
	require.Contains(t, h.ClientIDs(), sc)
	require.NotEmpty(t, h.RotationSteps())

	k1, err := NewKey()
	require.NoError(t, err)
	k2, err := NewKey()
	require.NoError(t, err)
	require.False(t, k1.Equal(k2), "two keys in a row differ")
	require.Equal(t, k1.PublicKey, parseKey(PrivatePEM(k1)).PublicKey)

	resp, err := (&http.Client{Transport: h.Transport()}).Get(h.URL + "/api/v2/clients")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Equal(t, 1, h.Requests())
}
