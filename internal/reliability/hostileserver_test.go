package reliability

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	simokta "github.com/credkit/credkit/sim/okta"
	simsp "github.com/credkit/credkit/sim/sailpoint"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// maxDelay is the transport's documented cap on a vendor-announced delay
// (transport.MaxDelay, which this package cannot import).
const maxDelay = 5 * time.Minute

// maxWait is the transport's default longest single wait before a retry
// (unified.Timeouts.MaxWait): a longer delay is returned, not waited.
const maxWait = 65 * time.Second

// hostileEnv is one vendor's simulator made hostile (sim.Hostile), served
// by its package's harness, with providers whose credentials carry the
// canary.
type hostileEnv struct {
	vendor  unified.Vendor
	hostile *sim.Hostile
	srv     *httptest.Server
	orgID   string
	app     string // a client that exists in the simulator
	// audience is the Auth0 simulator's Management API identifier, which
	// its providers ask tokens for.
	audience string
	// auths are the Authorization values the server received: the
	// access tokens the providers obtained are credentials too.
	mu     sync.Mutex
	auths  map[string]bool
	tokens int // token requests received
	// sleeps is the providers' fake Sleep: it returns at once (nothing
	// sleeps for real), moves the simulator's clock and keeps every wait.
	sleeps *sim.FakeSleep
}

func newHostileEnv(t testing.TB, vendor unified.Vendor, mode sim.Hostility) *hostileEnv {
	t.Helper()
	e := &hostileEnv{vendor: vendor, auths: map[string]bool{}}
	serve := &sim.ServeOptions{Observe: e.observe}
	var h *sim.Harness
	switch vendor {
	case unified.Okta:
		serve.Wrap = func(s http.Handler) http.Handler {
			e.hostile = simokta.NewHostile(s.(*simokta.Server), mode)
			return e.hostile
		}
		vh := simokta.NewServedHarness(t, &simokta.Options{APIToken: oktaToken}, serve)
		e.app = vh.Server.CreateApp("app", "")
		vh.Server.IssueRefreshToken(e.app, "00u1", []string{"offline_access"})
		h = vh.Harness
	case unified.SailPoint:
		serve.Wrap = func(s http.Handler) http.Handler {
			e.hostile = simsp.NewHostile(s.(*simsp.Server), mode)
			return e.hostile
		}
		vh := simsp.NewServedHarness(t, &simsp.Options{AdminClientID: sailPointAdminID, AdminClientSecret: sailPointSecret}, serve)
		e.app, _ = vh.Server.CreateClient("client", nil)
		h = vh.Harness
	case unified.VMwareCSP:
		serve.Wrap = func(s http.Handler) http.Handler {
			e.hostile = simcsp.NewHostile(s.(*simcsp.Server), mode)
			return e.hostile
		}
		vh := simcsp.NewServedHarness(t, &simcsp.Options{APITokens: []string{cspToken}}, serve)
		e.app, _ = vh.Server.CreateApp("app")
		e.orgID = vh.Server.OrgID()
		h = vh.Harness
	case unified.Auth0:
		serve.Wrap = func(s http.Handler) http.Handler {
			e.hostile = simauth0.NewHostile(s.(*simauth0.Server), mode)
			return e.hostile
		}
		vh := simauth0.NewServedHarness(t, &simauth0.Options{AdminClientID: sailPointAdminID, AdminClientSecret: auth0Secret}, serve)
		// A private_key_jwt client: its keys rotate with overlap, so
		// every rotation and key method has a real client to meet.
		key, err := simauth0.NewKey()
		require.NoError(t, err)
		e.app, _ = vh.Server.CreateKeyClient("client", &key.PublicKey)
		e.audience = vh.Server.Audience()
		h = vh.Harness
	default:
		t.Fatalf("no hostile simulator for %s", vendor)
	}
	e.srv, e.sleeps = h.HTTPServer, h.Sleep
	return e
}

// observe notes the credentials and token requests the server receives.
func (e *hostileEnv) observe(r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if a := r.Header.Get("Authorization"); a != "" {
		e.auths[a] = true
	}
	if strings.Contains(r.URL.Path, "/oauth/token") || strings.Contains(r.URL.Path, "/auth/") {
		e.tokens++
	}
}

// hostileLimits are the Options fields a test may set.
type hostileLimits struct {
	maxPages, maxItems int
	// clientCredentials makes the CSP provider authenticate as an OAuth
	// app (HTTP Basic with the canary secret) rather than by API token.
	clientCredentials bool
}

func (e *hostileEnv) provider(t testing.TB, l hostileLimits) *unified.Provider {
	t.Helper()
	var (
		p   *unified.Provider
		err error
		rt  = e.srv.Client().Transport
	)
	switch e.vendor {
	case unified.Okta:
		p, err = okta.New(okta.Config{OrgURL: e.srv.URL, APIToken: oktaToken},
			&okta.Options{HTTPTransport: rt, Sleep: e.sleeps.Sleep, MaxPages: l.maxPages, MaxItems: l.maxItems})
	case unified.SailPoint:
		p, err = sailpoint.New(sailpoint.Config{BaseURL: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: sailPointSecret},
			&sailpoint.Options{HTTPTransport: rt, Sleep: e.sleeps.Sleep, MaxPages: l.maxPages, MaxItems: l.maxItems})
	case unified.VMwareCSP:
		cfg := vmwarecsp.Config{URL: e.srv.URL, OrgID: e.orgID, APIToken: cspToken}
		if l.clientCredentials {
			cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", e.app, cspSecret
		}
		p, err = vmwarecsp.New(cfg, &vmwarecsp.Options{HTTPTransport: rt, Sleep: e.sleeps.Sleep, MaxPages: l.maxPages, MaxItems: l.maxItems})
	case unified.Auth0:
		p, err = auth0.New(auth0.Config{Domain: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: auth0Secret, Audience: e.audience},
			&auth0.Options{HTTPTransport: rt, Sleep: e.sleeps.Sleep, MaxPages: l.maxPages, MaxItems: l.maxItems, GenerateKey: simauth0.NewKey})
	}
	require.NoError(t, err)
	return p
}

// obtained are the credentials the server saw that the test did not hand
// out: the access tokens the providers obtained.
func (e *hostileEnv) obtained() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for a := range e.auths {
		if scheme, cred, ok := strings.Cut(a, " "); ok && scheme == "Bearer" {
			out = append(out, cred)
		}
	}
	return out
}

// hostileCalls is every method of p a hostile server can meet: idCalls
// with a real client, plus listings and the calls that send a secret of
// the caller's (a canary).
func hostileCalls(p *unified.Provider, app string) map[string]func(context.Context) error {
	rotate := &unified.RotateOptions{AllowNewClientID: true}
	if p.Vendor() == unified.VMwareCSP {
		rotate.NewSecret = unified.NewSecret(cspSecret)
	}
	calls := idCalls(p, rotate, app, "cred0000000000000001")
	calls["ListClients"] = func(ctx context.Context) error { return drain(p.ListClients(ctx)) }
	if p.Vendor() == unified.Okta {
		calls["CreateSecret"] = func(ctx context.Context) error {
			_, err := p.CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: unified.NewSecret(oktaSecret)})
			return err
		}
	}
	calls["DeleteClient"] = func(ctx context.Context) error { return p.DeleteClient(ctx, app) }
	return calls
}

func drain[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// sortedNames are the keys of calls in order, for stable subtests.
func sortedNames(calls map[string]func(context.Context) error) []string {
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// leakForms are the forms of v that count as a leak, built here
// independently of package redact: v itself, URL query and path escaped
// (upper- and lower-case hex), JSON escaped, and base64 in both alphabets
// at each of the three offsets (the characters that depend on v alone).
func leakForms(v string) []string {
	forms := []string{v, url.QueryEscape(v), url.PathEscape(v), strings.ToLower(url.QueryEscape(v))}
	if j, err := json.Marshal(v); err == nil {
		forms = append(forms, string(j[1:len(j)-1]))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			s := enc.EncodeToString(append(make([]byte, pad), v...))
			first := (8*pad + 5) / 6
			last := 8 * (pad + len(v)) / 6
			forms = append(forms, s[first:last])
		}
	}
	return forms
}

// countLeaks counts, in text, every form of every secret.
func countLeaks(text string, secrets []string) int {
	n := 0
	for _, s := range secrets {
		for _, f := range leakForms(s) {
			n += strings.Count(text, f)
		}
	}
	return n
}

// ourSecrets are the canary credentials of the hostile providers.
var ourSecrets = []string{oktaToken, oktaSecret, sailPointSecret, cspToken, cspSecret, auth0Secret, canary}

// basic is an HTTP Basic credential.
func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// tokenRequests is how many token requests the server received.
func (e *hostileEnv) tokenRequests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tokens
}
