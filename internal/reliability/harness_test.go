package reliability

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
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
	build      func(o buildOptions) (unified.CredentialProvider, error)
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
}

// provider builds the default provider of e, failing the test on error.
func (e *env) provider(t testing.TB) unified.CredentialProvider {
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

func (w *wire) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.n.Add(1)
		w.mu.Lock()
		w.reqs = append(w.reqs, seenRequest{r.Method, r.URL.EscapedPath(), r.URL.RawQuery})
		w.mu.Unlock()
		next.ServeHTTP(rw, r)
	})
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

// newEnv starts vendor's simulator on loopback.
func newEnv(t testing.TB, vendor unified.Vendor, o envOptions) *env {
	t.Helper()
	e := &env{vendor: vendor, wire: &wire{}, sleeps: &sim.FakeSleep{}}
	var handler http.Handler
	switch vendor {
	case unified.Okta:
		token := o.credential
		if token == "" {
			token = simokta.DefaultAPIToken
		}
		s := simokta.New(&simokta.Options{APIToken: token, Faults: o.faults})
		handler, e.credential, e.maxSecrets = s, token, 2
		e.newClient = func() (string, string) { id := s.CreateApp("app", ""); return id, s.Secrets(id)[0].Value }
		e.works = s.SecretWorks
		e.count = func(id string) int { return len(s.Secrets(id)) }
		e.build = func(b buildOptions) (unified.CredentialProvider, error) {
			return okta.New(okta.Config{OrgURL: e.srv.URL, APIToken: e.cred(b)}, &okta.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.SailPoint:
		secret := o.credential
		if secret == "" {
			secret = defaultSecret
		}
		s := simsp.New(&simsp.Options{AdminClientID: sailPointAdminID, AdminClientSecret: secret, Faults: o.faults})
		handler, e.credential, e.maxSecrets = s, secret, 1
		e.rotate = &unified.RotateOptions{AllowNewClientID: true}
		e.newClient = func() (string, string) { return s.CreateClient("client", nil) }
		e.clientIDs = s.ClientIDs
		e.works = s.SecretWorks
		e.count = func(id string) int {
			if _, ok := s.Client(id); ok {
				return 1
			}
			return 0
		}
		e.build = func(b buildOptions) (unified.CredentialProvider, error) {
			return sailpoint.New(sailpoint.Config{BaseURL: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: e.cred(b)},
				&sailpoint.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.VMwareCSP:
		token := o.credential
		if token == "" {
			token = simcsp.DefaultAPIToken
		}
		s := simcsp.New(&simcsp.Options{APITokens: []string{token}, Faults: o.faults})
		handler, e.credential, e.maxSecrets, e.orgID = s, token, 2, s.OrgID()
		e.newClient = func() (string, string) { return s.CreateApp("app") }
		e.works = s.SecretWorks
		e.count = func(id string) int {
			st, n := s.Secrets(id), 0
			for _, v := range []string{st.Current, st.Previous} {
				if v != "" {
					n++
				}
			}
			return n
		}
		e.build = func(b buildOptions) (unified.CredentialProvider, error) {
			return vmwarecsp.New(vmwarecsp.Config{URL: e.srv.URL, OrgID: s.OrgID(), APIToken: e.cred(b)},
				&vmwarecsp.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep})
		}
	case unified.Auth0:
		secret := o.credential
		if secret == "" {
			secret = defaultSecret
		}
		s := simauth0.New(&simauth0.Options{AdminClientID: sailPointAdminID, AdminClientSecret: secret, Faults: o.faults})
		handler, e.credential, e.maxSecrets = s, secret, simauth0.MaxCredentials
		// Its clients authenticate with private_key_jwt: their "secret"
		// is a PEM private key, and their keys rotate with overlap.
		e.newClient = func() (string, string) {
			key, err := simauth0.NewKey()
			require.NoError(t, err)
			id, _ := s.CreateKeyClient("client", &key.PublicKey)
			return id, simauth0.PrivatePEM(key)
		}
		e.works = s.CredentialWorks
		e.count = s.CredentialCount
		e.build = func(b buildOptions) (unified.CredentialProvider, error) {
			return auth0.New(auth0.Config{Domain: e.srv.URL, ClientID: sailPointAdminID, ClientSecret: e.cred(b), Audience: s.Audience()},
				&auth0.Options{HTTPTransport: e.transport(b), Sleep: e.sleeps.Sleep, GenerateKey: simauth0.NewKey})
		}
	default:
		t.Fatalf("no simulator for %s", vendor)
	}
	e.srv = httptest.NewUnstartedServer(e.wire.wrap(handler))
	e.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes and dropped connections are the point
	e.srv.Config.ConnState = o.connState
	if o.tls {
		e.srv.StartTLS()
	} else {
		e.srv.Start()
	}
	t.Cleanup(e.srv.Close)
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
