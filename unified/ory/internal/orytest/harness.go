// Package orytest connects credkit's shared provider suite
// (unified/providertest) and the Ory driver's own tests to a real Hydra:
// clients made on the admin API, secrets and keys proven at the token
// endpoint, and a fault-injecting proxy in front of the admin API so that
// every rotation step can fail as the suite scripts it.
//
// # Errors
//
// The harness reports failures through the testing value it is given; its
// helpers return booleans or values, never errors to reach with As.
package orytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified/ory/internal/hydratest"
)

// Harness is a real Hydra (the package's shared one) behind a proxy that
// counts the requests it passes and fails those a scripted sim.Fault
// matches. Point a provider at URL.
type Harness struct {
	// Server is the Hydra behind the proxy.
	Server *hydratest.Server
	// URL is the proxy's, in front of Server.AdminURL.
	URL string

	faults   *sim.Faults
	requests atomic.Int64
	http     *http.Client
}

// NewHarness puts a proxy in front of the package's shared Hydra until
// the test ends; it skips the test when there is no Hydra binary (fails
// it under CI).
func NewHarness(t testing.TB) *Harness {
	t.Helper()
	srv := hydratest.Shared(t)
	admin, err := url.Parse(srv.AdminURL)
	if err != nil {
		t.Fatal(err)
	}
	h := &Harness{Server: srv, faults: sim.NewFaults(0, 1), http: &http.Client{Timeout: 30 * time.Second}}
	faulty := sim.InjectFaults(httputil.NewSingleHostReverseProxy(admin), h.faults, writeError)
	ps := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1) // failed ones too
		faulty.ServeHTTP(w, r)
	}))
	t.Cleanup(ps.Close)
	h.URL = ps.URL
	return h
}

// writeError answers a fault as Hydra answers errors; a 429 says when to
// come back in Retry-After, as Ory Network's gateway does.
func writeError(w http.ResponseWriter, _ *http.Request, status int, retryAfter time.Duration) {
	w.Header().Set("Content-Type", "application/json")
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gen.ErrorOAuth2{Error: ptr(http.StatusText(status)), ErrorDescription: ptr("injected by orytest")})
}

// Fault scripts a fault for the next request it matches.
func (h *Harness) Fault(f sim.Fault) { h.faults.Script(f) }

// Requests counts the requests the proxy has passed or failed.
func (h *Harness) Requests() int { return int(h.requests.Load()) }

// RotationSteps: a key rotation reads the client and patches its set to
// begin, and again to finish.
func (h *Harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/admin/clients/"},
		{Method: http.MethodPatch, PathContains: "/admin/clients/"},
	}
}

// NewClient creates a private_key_jwt client whose set holds one key
// (kid: its thumbprint), and returns it with that key's private half
// (PKCS#8 PEM), the client's "secret".
func (h *Harness) NewClient(t testing.TB) (clientID, secret string) {
	t.Helper()
	key, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	n, e := b64(key.N.Bytes()), "AQAB"
	c := h.create(t, gen.OAuth2Client{
		ClientName: ptr("credkit key client"), GrantTypes: &[]string{"client_credentials"},
		TokenEndpointAuthMethod: ptr("private_key_jwt"), TokenEndpointAuthSigningAlg: ptr("RS256"),
		Jwks: &gen.JsonWebKeySet{Keys: &[]gen.JsonWebKey{{Kty: "RSA", Use: "sig", Alg: "RS256", Kid: jwk.RSAThumbprint(&key.PublicKey), N: &n, E: &e}}},
	})
	return *c.ClientId, PrivatePEM(key)
}

// NewSecretClient creates a client_secret_basic client, and returns it
// with its secret.
func (h *Harness) NewSecretClient(t testing.TB) (clientID, secret string) {
	t.Helper()
	c := h.create(t, gen.OAuth2Client{ClientName: ptr("credkit secret client"), GrantTypes: &[]string{"client_credentials"}})
	return *c.ClientId, *c.ClientSecret
}

// CreateClient creates a client as given, directly on the admin API (not
// through the proxy, whose requests the suite counts).
func (h *Harness) CreateClient(t testing.TB, c gen.OAuth2Client) string {
	t.Helper()
	return *h.create(t, c).ClientId
}

// create posts a client to the admin API directly.
func (h *Harness) create(t testing.TB, c gen.OAuth2Client) gen.OAuth2Client {
	t.Helper()
	body, _ := json.Marshal(c) //nolint:gosec // G117: a client for the test Hydra, whose secret, if any, the admin API takes by design
	resp, err := h.http.Post(h.Server.AdminURL+"/admin/clients", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gen.OAuth2Client
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated || out.ClientId == nil {
		t.Fatalf("creating a client: HTTP %d, %v", resp.StatusCode, err)
	}
	return out
}

// Client reads a client directly from the admin API.
func (h *Harness) Client(clientID string) (gen.OAuth2Client, error) {
	var out gen.OAuth2Client
	resp, err := h.http.Get(h.Server.AdminURL + "/admin/clients/" + url.PathEscape(clientID))
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return out, fmt.Errorf("reading client %s: HTTP %d", clientID, resp.StatusCode)
	}
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

// SecretWorks reports whether secret (a PEM private key, or a client
// secret) gets clientID a token now.
func (h *Harness) SecretWorks(clientID, secret string) bool {
	return TokenWorks(h.http, h.Server.PublicURL, clientID, secret)
}

// SecretCount is how many keys the client's set holds, or 1 for a
// client without keys (its secret); -1 when it cannot be read.
func (h *Harness) SecretCount(clientID string) int {
	c, err := h.Client(clientID)
	switch {
	case err != nil:
		return -1
	case c.Jwks == nil || c.Jwks.Keys == nil || len(*c.Jwks.Keys) == 0:
		return 1
	}
	return len(*c.Jwks.Keys)
}

func ptr[T any](v T) *T { return &v }
