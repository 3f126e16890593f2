package reliability

import (
	"cmp"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

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

// vendors are the providers every cross-vendor test runs against.
var vendors = []unified.Vendor{unified.Okta, unified.SailPoint, unified.VMwareCSP, unified.Auth0}

// envOptions tune newEnv; the zero value is a plain simulator over
// loopback http.
type envOptions struct {
	// faults is handed to the simulator; nil injects nothing.
	faults *sim.Faults
	// credential replaces the simulator's default API token (Okta, CSP)
	// or admin client secret (SailPoint).
	credential string
	// tls serves the simulator over https with httptest's own CA.
	tls bool
	// connState, if set, watches the server's connections.
	connState func(net.Conn, http.ConnState)
	// secretClients makes Auth0's clients authenticate with a client
	// secret, which rotates at once (RotateOptions.AllowImmediateRotation),
	// instead of private_key_jwt.
	secretClients bool
}

// env is one vendor's simulator behind a loopback server, and what the
// tests need to drive a provider over it and to read the simulator's state.
type env struct {
	vendor unified.Vendor
	srv    *httptest.Server
	wire   *wire
	// credential is what providers authenticate with by default.
	credential string
	// build makes a provider for the simulator, with retries waited on a
	// fake clock.
	build      func(o buildOptions) (*unified.Provider, error)
	newClient  func() (id, secret string)
	works      func(id, secret string) bool
	count      func(id string) int
	maxSecrets int
	// orgID is the CSP organization; empty elsewhere.
	orgID string
	// clientIDs lists every client the simulator holds, where rotation
	// replaces clients (SailPoint); nil elsewhere.
	clientIDs func() []string
	// rotate are the options every rotation needs (SailPoint's consent).
	rotate *unified.RotateOptions
	sleeps *sim.FakeSleep
	// made counts the clients newClient made.
	made int
}

// provider builds the default provider of e, failing the test on error.
func (e *env) provider(t testing.TB) *unified.Provider {
	t.Helper()
	p, err := e.build(buildOptions{})
	require.NoError(t, err)
	return p
}

// buildOptions say how env.build makes a provider.
type buildOptions struct {
	// credential replaces env.credential.
	credential string
	// transport carries the requests; nil means the test server's own
	// client transport (which trusts its certificate).
	transport http.RoundTripper
	// vendorDefault leaves Options.HTTPTransport nil: the provider's own
	// default, which verifies TLS against the system roots.
	vendorDefault bool
}

// wire counts the requests that reach the server and keeps their escaped
// paths, as the server received them.
type wire struct {
	mu   sync.Mutex
	reqs []seenRequest
	n    atomic.Int64
}

// seenRequest is a request as the server received it.
type seenRequest struct {
	Method, EscapedPath, RawQuery string
}

// observe records r; it is the harness's ServeOptions.Observe.
func (w *wire) observe(r *http.Request) {
	w.n.Add(1)
	w.mu.Lock()
	w.reqs = append(w.reqs, seenRequest{r.Method, r.URL.EscapedPath(), r.URL.RawQuery})
	w.mu.Unlock()
}

func (w *wire) count() int64 { return w.n.Load() }

// since returns the requests received after the first n.
func (w *wire) since(n int) []seenRequest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]seenRequest(nil), w.reqs[n:]...)
}

func (w *wire) len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.reqs)
}

// Credentials of the simulators when envOptions.credential is empty.
const (
	sailPointAdminID = "0123456789abcdef0123456789abcdef"
	defaultSecret    = "sim-sailpoint-admin-secret-0000"
)

// newEnv starts vendor's simulator on loopback, through its package's
// harness.
func newEnv(t testing.TB, vendor unified.Vendor, o envOptions) *env {
	t.Helper()
	e := &env{vendor: vendor, wire: &wire{}}
	serve := &sim.ServeOptions{Faults: o.faults, TLS: o.tls, ConnState: o.connState, Observe: e.wire.observe}
	var h *sim.Harness
	switch vendor {
	case unified.Okta:
		token := cmp.Or(o.credential, simokta.DefaultAPIToken)
		vh := simokta.NewServedHarness(t, &simokta.Options{APIToken: token}, serve)
		h, e.credential, e.maxSecrets = vh.Harness, token, 2
		e.newClient, e.works, e.count = func() (string, string) { return vh.NewClient(t) }, vh.SecretWorks, vh.SecretCount
		e.build = func(b buildOptions) (*unified.Provider, error) {
			return okta.New(okta.Config{OrgURL: e.srv.URL, APIToken: e.cred(b)}, &okta.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.SailPoint:
		secret := cmp.Or(o.credential, defaultSecret)
		vh := simsp.NewServedHarness(t, &simsp.Options{AdminClientID: sailPointAdminID, AdminClientSecret: secret}, serve)
		h, e.credential, e.maxSecrets = vh.Harness, secret, 1
		e.rotate = &unified.RotateOptions{AllowNewClientID: true}
		// Names differ, as a tenant's usually do: a journal's roll-back
		// finds a lost replacement by its old client's name.
		e.newClient = func() (string, string) {
			e.made++
			return vh.Server.CreateClient(fmt.Sprintf("client-%d", e.made), nil)
		}
		e.works, e.count = vh.SecretWorks, vh.SecretCount
		e.clientIDs = vh.ClientIDs
		e.build = func(b buildOptions) (*unified.Provider, error) {
			return sailpoint.New(sailpoint.Config{BaseURL: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: e.cred(b)},
				&sailpoint.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.VMwareCSP:
		token := cmp.Or(o.credential, simcsp.DefaultAPIToken)
		vh := simcsp.NewServedHarness(t, &simcsp.Options{APITokens: []string{token}}, serve)
		h, e.credential, e.maxSecrets, e.orgID = vh.Harness, token, 2, vh.Server.OrgID()
		e.newClient, e.works, e.count = func() (string, string) { return vh.NewClient(t) }, vh.SecretWorks, vh.SecretCount
		e.build = func(b buildOptions) (*unified.Provider, error) {
			return vmwarecsp.New(vmwarecsp.Config{URL: e.srv.URL, OrgID: e.orgID, APIToken: e.cred(b)},
				&vmwarecsp.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.Auth0:
		secret := cmp.Or(o.credential, defaultSecret)
		vh := simauth0.NewServedHarness(t, &simauth0.Options{AdminClientID: sailPointAdminID, AdminClientSecret: secret}, serve)
		h, e.credential, e.maxSecrets = vh.Harness, secret, simauth0.MaxCredentials
		// Its clients authenticate with private_key_jwt: their "secret"
		// is a PEM private key, and their keys rotate with overlap.
		e.newClient, e.works, e.count = func() (string, string) { return vh.NewClient(t) }, vh.SecretWorks, vh.SecretCount
		if o.secretClients {
			// One secret each, replaced at once, with consent.
			e.newClient, e.maxSecrets = func() (string, string) { return vh.NewSecretClient(t) }, 1
			e.count = func(id string) int {
				if slices.Contains(vh.ClientIDs(), id) {
					return 1
				}
				return 0
			}
			e.rotate = &unified.RotateOptions{AllowImmediateRotation: true}
		}
		e.build = func(b buildOptions) (*unified.Provider, error) {
			return auth0.New(auth0.Config{Domain: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: e.cred(b), Audience: vh.Server.Audience()},
				&auth0.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep, GenerateKey: simauth0.NewKey})
		}
	default:
		t.Fatalf("no simulator for %s", vendor)
	}
	e.srv, e.sleeps = h.HTTPServer, h.Sleep
	return e
}

// transport is the transport b asks for.
func (e *env) transport(b buildOptions) http.RoundTripper {
	switch {
	case b.vendorDefault:
		return nil
	case b.transport != nil:
		return b.transport
	}
	return e.srv.Client().Transport
}

// cred is the credential b asks for.
func (e *env) cred(b buildOptions) string {
	if b.credential != "" {
		return b.credential
	}
	return e.credential
}
