package okta_test

import (
	"context"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

// Tokens every test simulator accepts.
const (
	apiToken    = oktasim.DefaultAPIToken
	readToken   = "test-read-token"   // okta.apps.read
	manageToken = "test-manage-token" // okta.apps.manage
	otherToken  = "test-other-token"  // okta.users.read: no apps scope
)

func testAccessTokens() map[string][]string {
	return map[string][]string{
		readToken:   {oktasim.ScopeAppsRead},
		manageToken: {oktasim.ScopeAppsManage},
		otherToken:  {"okta.users.read"},
	}
}

var (
	checkerOnce sync.Once
	checker     *conformance.Checker
	checkerErr  error
)

// specChecker checks traffic against the bundled specs, loaded once.
func specChecker(t testing.TB) *conformance.Checker {
	checkerOnce.Do(func() {
		specs, err := conformance.BundledSpecs()
		checker, checkerErr = conformance.NewChecker(specs, nil), err
	})
	require.NoError(t, checkerErr)
	return checker
}

// harness is a simulator behind httptest, driven by the generated client
// through a conformance transport: every answer must pass its own spec.
type harness struct {
	sim    *oktasim.Server
	clock  *sim.ManualClock
	faults *sim.Faults
	url    string
	tr     *conformance.Transport
	api    *oktaapi.ClientWithResponses // sends the API token
	ctx    context.Context
}

// newHarness starts a simulator; nil fields of opts get a manual clock,
// an empty fault plan and the test access tokens.
func newHarness(t *testing.T, opts *oktasim.Options) *harness {
	t.Helper()
	o := oktasim.Options{}
	if opts != nil {
		o = *opts
	}
	clock, _ := o.Clock.(*sim.ManualClock)
	if o.Clock == nil {
		clock = sim.NewManualClock(sim.Epoch)
		o.Clock = clock
	}
	if o.Faults == nil {
		o.Faults = sim.NewFaults(0, 1)
	}
	if o.AccessTokens == nil {
		o.AccessTokens = testAccessTokens()
	}
	s := oktasim.New(&o)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	tr := &conformance.Transport{Base: http.DefaultTransport, Checker: specChecker(t)}
	t.Cleanup(func() { assert.Empty(t, tr.Failures(), "the simulator must pass its own conformance") })
	return &harness{sim: s, clock: clock, faults: o.Faults, url: srv.URL, tr: tr, api: newClient(t, srv.URL, tr), ctx: context.Background()}
}

// newClient is a generated client that sends the API token.
func newClient(t testing.TB, base string, rt http.RoundTripper) *oktaapi.ClientWithResponses {
	t.Helper()
	api, err := oktaapi.NewClientWithResponses(base,
		oktaapi.WithHTTPClient(&http.Client{Transport: rt}),
		oktaapi.WithRequestEditorFn(withAuth("SSWS "+apiToken)))
	require.NoError(t, err)
	return api
}

// withAuth sets the Authorization header; "" removes it.
func withAuth(v string) oktaapi.RequestEditorFn {
	return withHeader("Authorization", v)
}

// withHeader sets a request header; "" removes it.
func withHeader(name, v string) oktaapi.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		if v == "" {
			r.Header.Del(name)
		} else {
			r.Header.Set(name, v)
		}
		return nil
	}
}

func bearer(token string) oktaapi.RequestEditorFn { return withAuth("Bearer " + token) }

// apiErr is Okta's Error body as tests read it.
type apiErr struct {
	ErrorCode    string `json:"errorCode"`
	ErrorSummary string `json:"errorSummary"`
	ErrorLink    string `json:"errorLink"`
	ErrorID      string `json:"errorId"`
	ErrorCauses  []struct {
		ErrorSummary string `json:"errorSummary"`
	} `json:"errorCauses"`
}

func (e apiErr) causes() string {
	var parts []string
	for _, c := range e.ErrorCauses {
		parts = append(parts, c.ErrorSummary)
	}
	return strings.Join(parts, "; ")
}

// decode reads a JSON body into a T.
func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(body, &v), "body: %s", body)
	return v
}

// requireError checks an Okta error answer: status, errorCode and, when
// cause is not empty, a substring of its summary or causes.
func requireError(t testing.TB, status int, body []byte, wantStatus int, code, cause string) {
	t.Helper()
	require.Equal(t, wantStatus, status, "body: %s", body)
	e := decode[apiErr](t, body)
	require.Equal(t, code, e.ErrorCode)
	require.Equal(t, code, e.ErrorLink)
	require.True(t, strings.HasPrefix(e.ErrorID, "oae"), "errorId %q", e.ErrorID)
	if cause != "" {
		require.Contains(t, e.ErrorSummary+" | "+e.causes(), cause)
	}
}

// rsaModulus is a deterministic base64url RSA modulus of bits bits; the
// simulator checks only its length.
func rsaModulus(label string, bits int) string {
	out := make([]byte, 0, bits/8)
	block := sha256.Sum256([]byte(label))
	for len(out) < bits/8 {
		out = append(out, block[:]...)
		block = sha256.Sum256(block[:])
	}
	out = out[:bits/8]
	out[0] |= 0x80
	return base64.RawURLEncoding.EncodeToString(out)
}

// ecPoint is a deterministic P-256 public key as base64url x and y.
func ecPoint(label string) (x, y string) {
	seed := sha256.Sum256([]byte(label))
	priv, err := ecdh.P256().NewPrivateKey(seed[:])
	if err != nil {
		panic(err)
	}
	pub := priv.PublicKey().Bytes()
	return base64.RawURLEncoding.EncodeToString(pub[1:33]), base64.RawURLEncoding.EncodeToString(pub[33:])
}

// rsaJWK is an addJwk body for an RSA key.
func rsaJWK(kid, use, status string, bits int) string {
	body := map[string]any{"kty": "RSA", "e": "AQAB", "n": rsaModulus(kid, bits)}
	if kid != "" {
		body["kid"] = kid
	}
	if use != "" {
		body["use"] = use
	}
	if status != "" {
		body["status"] = status
	}
	return mustJSON(body)
}

// ecJWK is an addJwk body for a P-256 signing key.
func ecJWK(kid string) string {
	x, y := ecPoint(kid)
	return mustJSON(map[string]any{"kid": kid, "kty": "EC", "crv": "P-256", "x": x, "y": y, "use": "sig", "alg": "ES256", "status": "ACTIVE"})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

// idOf reads the id of a created object.
func idOf(t testing.TB, body []byte) string {
	t.Helper()
	v := decode[struct {
		ID string `json:"id"`
	}](t, body)
	require.NotEmpty(t, v.ID, "body: %s", body)
	return v.ID
}

func fmtStatus(status int, body []byte) string { return fmt.Sprintf("%d %s", status, body) }

func TestNewHarness(t *testing.T) {
	h := oktasim.NewHarness(t, nil)
	id, secret := h.NewClient(t)
	require.True(t, h.SecretWorks(id, secret))
	require.False(t, h.SecretWorks(id, secret+"x"))
	require.Equal(t, 1, h.SecretCount(id))
	require.NotEmpty(t, h.RotationSteps())
	require.Zero(t, h.Requests(), "setting a scene sends no request")
	require.Same(t, h.Clock, h.Sleep.Clock)
}
