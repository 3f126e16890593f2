package vmwarecsp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance/conformancetest"
	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/providertest"
)

// harness is one CSP simulator behind httptest and a provider talking to
// it through a wire that counts requests and through a conformance
// transport that must see no failure.
type harness struct {
	*cspsim.Harness
	t    *testing.T
	ctx  context.Context
	wire *wire
	p    *unified.Provider
}

// newHarness starts a simulator (simOpts may be nil; its Clock and Faults
// are the harness's) and a provider authenticated with its API token.
func newHarness(t *testing.T, simOpts *cspsim.Options) *harness {
	t.Helper()
	h := &harness{Harness: cspsim.NewHarness(t, simOpts), t: t, ctx: t.Context()}
	conf := conformancetest.Transport(t, h.Transport(), nil)
	h.wire = &wire{next: conf}
	h.p = h.provider(h.config(), nil)
	return h
}

// config is the simulator's organization with its default API token.
func (h *harness) config() Config {
	return Config{URL: h.URL, OrgID: h.Server.OrgID(), APIToken: cspsim.DefaultAPIToken}
}

// provider builds a provider on the harness's wire and fake sleep.
func (h *harness) provider(cfg Config, opts *Options) *unified.Provider {
	h.t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.HTTPTransport, o.Sleep = h.wire, h.Sleep.Sleep
	p, err := newProvider(cfg, &o)
	require.NoError(h.t, err)
	return p
}

// The providertest.Harness of the shared suite.

func (h *harness) NewProvider(*testing.T) *unified.Provider {
	return h.provider(h.config(), nil)
}
func (h *harness) NewClient(t *testing.T) (string, string) { return h.Harness.NewClient(t) }
func (h *harness) Requests() int                           { return len(h.wire.seen()) }
func (h *harness) RotateOptions() *unified.RotateOptions   { return nil }

func TestProviderSuite(t *testing.T) {
	h := newHarness(t, nil)
	providertest.Run(t, h)
	injected := h.Faults.Injected()
	for _, kind := range providertest.FaultKinds {
		require.Equal(t, len(h.RotationSteps()), injected[kind], "every scripted %s fault hit its step", kind)
	}
	require.NotEmpty(t, h.Sleep.Recorded(), "429s were waited out on the fake clock")
}

// wire counts the requests that reach the simulator and may rewrite their
// answers.
type wire struct {
	next http.RoundTripper

	mu       sync.Mutex
	requests []string // "METHOD /path?query"
	bodies   []string
	rewrite  func(*http.Request, *http.Response) *http.Response
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	w.mu.Lock()
	w.requests = append(w.requests, req.Method+" "+req.URL.RequestURI())
	w.bodies = append(w.bodies, string(body))
	rewrite := w.rewrite
	w.mu.Unlock()
	resp, err := w.next.RoundTrip(req)
	if err == nil && rewrite != nil {
		resp = rewrite(req, resp)
	}
	return resp, err
}

// seen returns the requests so far.
func (w *wire) seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.requests...)
}

// count returns how many requests so far start with prefix ("POST /csp/…").
func (w *wire) count(prefix string) int {
	n := 0
	for _, r := range w.seen() {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// Paths the tests look for.
const (
	tokenPath = "POST " + apiTokenPath
	appsPath  = "/csp/gateway/am/api/orgs/"
)

func secretPath(method string) string { return method + " " + appsPath }

// requireCode checks that err is a *unified.Error of code from op.
func requireCode(t *testing.T, err error, code unified.Code, op string) *unified.Error {
	t.Helper()
	e := requireDriverCode(t, err, code)
	require.Equal(t, unified.VMwareCSP, e.Vendor)
	require.Equal(t, op, e.Op)
	return e
}

// requireDriverCode checks an error of the driver itself, before the
// portable type names the vendor and operation.
func requireDriverCode(t *testing.T, err error, code unified.Code) *unified.Error {
	t.Helper()
	require.Error(t, err)
	e, ok := err.(*unified.Error) //nolint:errorlint // the point: a *unified.Error itself, not wrapped
	require.True(t, ok, "%T: %v", err, err)
	require.Equal(t, code, e.Code, "%v", err)
	return e
}

func TestNewChecksConfig(t *testing.T) {
	const org = "4f2b6c1e-0d7a-4c3b-9e1f-2a5d8c7b6e40"
	cases := map[string]struct {
		cfg     Config
		problem string
	}{
		"API token":                    {Config{URL: "https://console.cloud.vmware.com", OrgID: org, APIToken: "t"}, ""},
		"client credentials":           {Config{URL: "https://console-stg.cloud.vmware.com/", OrgID: org, ClientID: "id", ClientSecret: "s"}, ""},
		"empty URL is production":      {Config{OrgID: org, APIToken: "t"}, ""},
		"http on loopback":             {Config{URL: "http://127.0.0.1:8080", OrgID: org, APIToken: "t"}, ""},
		"http on localhost":            {Config{URL: "http://localhost:8080", OrgID: org, APIToken: "t"}, ""},
		"http elsewhere":               {Config{URL: "http://console.cloud.vmware.com", OrgID: org, APIToken: "t"}, "must use https"},
		"another scheme":               {Config{URL: "ftp://console.cloud.vmware.com", OrgID: org, APIToken: "t"}, "must use https"},
		"relative URL":                 {Config{URL: "console.cloud.vmware.com", OrgID: org, APIToken: "t"}, "absolute URL"},
		"URL with a query":             {Config{URL: "https://console.cloud.vmware.com?x=1", OrgID: org, APIToken: "t"}, "query"},
		"URL with user information":    {Config{URL: "https://u:p@console.cloud.vmware.com", OrgID: org, APIToken: "t"}, "user information"},
		"no org":                       {Config{APIToken: "t"}, "organization ID is empty"},
		"org with a slash":             {Config{OrgID: "a/b", APIToken: "t"}, "organization ID has '/'"},
		"no credentials":               {Config{OrgID: org}, "no credentials"},
		"both kinds of credentials":    {Config{OrgID: org, APIToken: "t", ClientID: "id", ClientSecret: "s"}, "not both"},
		"client ID without its secret": {Config{OrgID: org, ClientID: "id"}, "go together"},
		"secret without its client ID": {Config{OrgID: org, ClientSecret: "s"}, "go together"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w := &wire{next: roundTripFunc(func(*http.Request) (*http.Response, error) {
				t.Fatal("New sent a request")
				return nil, nil
			})}
			p, err := New(c.cfg, &Options{HTTPTransport: w})
			if c.problem == "" {
				require.NoError(t, err)
				require.Equal(t, unified.VMwareCSP, p.Vendor())
				return
			}
			e := requireCode(t, err, unified.InvalidArgument, "New")
			require.Contains(t, e.Message, c.problem)
			require.Nil(t, p)
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestCapabilitiesMatchTheInterfaces(t *testing.T) {
	h := newHarness(t, nil)
	cp := h.p
	require.Equal(t, unified.Capabilities{RevokeSecret: true, RotateInPlace: true, RotateOverlap: true, MaxSecrets: 2, ListClients: true, RegenerateSecret: true, CheckRotation: true}, cp.Capabilities())
	_, err := cp.ListJSONWebKeys(h.ctx, "app1")
	require.ErrorIs(t, err, unified.ReasonNotSupported, "CSP has no keys")
	require.Empty(t, h.wire.seen())
}

// TestInvalidIDsSendNothing refuses every malformed ID, in every method,
// with InvalidArgument and before any request.
func TestInvalidIDsSendNothing(t *testing.T) {
	h := newHarness(t, nil)
	bad := map[string]string{
		"empty": "", "slash": "a/b", "dot dot": "..", "encoded slash": "a%2Fb", "query": "a?b=1", "fragment": "a#b",
		"space": "a b", "control character": "a\x00b", "newline": "a\nb", "non-ASCII": "appé", "too long": strings.Repeat("a", maxIDLength+1),
	}
	calls := map[string]func(id string) error{
		"ListSecrets": func(id string) error { _, err := h.p.ListSecrets(h.ctx, id); return err },
		"GetSecret": func(id string) error {
			_, err := h.p.GetSecret(h.ctx, unified.CredentialRef{ClientID: id, ID: "current"})
			return err
		},
		"CreateSecret": func(id string) error { _, err := h.p.CreateSecret(h.ctx, id, nil); return err },
		"RevokeSecret": func(id string) error {
			return h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: id, ID: "previous"})
		},
		"RotateSecret":     func(id string) error { _, err := h.p.RotateSecret(h.ctx, id, nil); return err },
		"RegenerateSecret": func(id string) error { _, err := h.p.RegenerateSecret(h.ctx, id); return err },
		"FinishRotation": func(id string) error {
			return h.p.FinishRotation(h.ctx, &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: id, Old: unified.CredentialRef{ClientID: id, ID: "previous"}, OldValidUntil: sim.Epoch})
		},
	}
	secretIDCalls := map[string]func(id string) error{
		"GetSecret": func(id string) error {
			_, err := h.p.GetSecret(h.ctx, unified.CredentialRef{ClientID: "app1", ID: id})
			return err
		},
		"RevokeSecret": func(id string) error { return h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: "app1", ID: id}) },
	}
	for idName, id := range bad {
		for op, call := range calls {
			t.Run(op+"/client ID "+idName, func(t *testing.T) {
				e := requireCode(t, call(id), unified.InvalidArgument, op)
				require.Contains(t, e.Message, "client ID")
			})
		}
		for op, call := range secretIDCalls {
			t.Run(op+"/secret ID "+idName, func(t *testing.T) {
				e := requireCode(t, call(id), unified.InvalidArgument, op)
				require.Contains(t, e.Message, "secret ID")
			})
		}
	}
	require.Empty(t, h.wire.seen(), "no request for a malformed ID")
}

func TestUnimplementedSecretOperations(t *testing.T) {
	h := newHarness(t, nil)
	clientID, _ := h.Server.CreateApp("billing")
	_, err := h.p.ListSecrets(h.ctx, clientID)
	e := requireCode(t, err, unified.Unimplemented, "ListSecrets")
	require.Contains(t, e.Message, "cannot list")
	_, err = h.p.GetSecret(h.ctx, unified.CredentialRef{ClientID: clientID, ID: "current"})
	e = requireCode(t, err, unified.Unimplemented, "GetSecret")
	require.Contains(t, e.Message, "never shows a secret")
	_, err = h.p.CreateSecret(h.ctx, clientID, &unified.CreateSecretOptions{Value: unified.NewSecret("N3w-Secret!")})
	e = requireCode(t, err, unified.Unimplemented, "CreateSecret")
	require.Contains(t, e.Message, "use RotateSecret")
	require.ErrorIs(t, err, unified.ErrUnimplemented)
	require.Empty(t, h.wire.seen())
}

// The vendor types As reaches, for providertest.
func (h *harness) CredentialTarget() any { return new(gen.ClientSecretOwnerRotationRequest) }
func (h *harness) ErrorTarget() any      { return new(*gen.CspErrorResponse) }
