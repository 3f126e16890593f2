package auth0

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"sync"
	"testing"

	"github.com/credkit/credkit/sim"
)

// Harness is an Auth0 simulator on a loopback server for tests: of
// credkit's Auth0 provider, of its reliability suites and CLI, and of a
// user's own rotation code. Point a provider at URL with
// Server.AdminCredentials, Audience: Server.Audience(), Transport and
// Sleep.Sleep.
//
// Its clients (NewClient) authenticate with private_key_jwt, whose keys
// rotate with overlap: a client's "secret" is the PEM private key of an
// enabled credential, and SecretWorks asks whether that key would
// authenticate the client. NewSecretClient makes a client-secret client
// instead.
type Harness struct {
	*sim.Harness
	// Server is the simulator, for setting a scene and reading its state.
	Server *Server
}

// NewHarness starts a simulator with opts (nil for defaults; its Clock
// and Faults are the harness's) until the test ends.
func NewHarness(t testing.TB, opts *Options) *Harness {
	t.Helper()
	h := &Harness{}
	h.Harness = sim.NewHarness(t, func(clock *sim.ManualClock, faults *sim.Faults) http.Handler {
		var o Options
		if opts != nil {
			o = *opts
		}
		o.Clock, o.Faults = clock, faults
		h.Server = New(&o)
		return h.Server
	})
	return h
}

// NewClient creates a private_key_jwt client with one enabled key, and
// returns it with that key's private half (PKCS#8 PEM).
func (h *Harness) NewClient(t testing.TB) (clientID, secret string) {
	t.Helper()
	key := TestKey(t)
	id, _ := h.Server.CreateKeyClient("client", &key.PublicKey)
	return id, PrivatePEM(key)
}

// NewSecretClient creates a client that authenticates with its secret.
func (h *Harness) NewSecretClient(testing.TB) (clientID, secret string) {
	return h.Server.CreateClient("secret-client")
}

// SecretWorks reports whether secret authenticates the client now: a
// PEM private key whose public half the client enables, or the client's
// secret.
func (h *Harness) SecretWorks(clientID, secret string) bool {
	return h.Server.CredentialWorks(clientID, secret)
}

// SecretCount is how many credentials the client holds.
func (h *Harness) SecretCount(clientID string) int { return h.Server.CredentialCount(clientID) }

// ClientIDs are the clients the simulator holds.
func (h *Harness) ClientIDs() []string { return h.Server.ClientIDs() }

// RotationSteps: begin reads the client, lists its credentials, creates
// the new one and enables both; finish reads the client, disables the old
// key and deletes it.
func (h *Harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/api/v2/clients/"},
		{Method: http.MethodGet, PathContains: "/credentials"},
		{Method: http.MethodPost, PathContains: "/credentials"},
		{Method: http.MethodPatch, PathContains: "/api/v2/clients/"},
		{Method: http.MethodDelete, PathContains: "/credentials/"},
	}
}

// keyPoolSize is how many RSA keys the harness makes per process and
// hands out in turn: making one takes about a tenth of a second, and tests
// need hundreds. Two keys in a row always differ; a client holds two keys
// at most, and a provider that draws a key the client holds draws again.
const keyPoolSize = 8

var keyPool struct {
	sync.Mutex
	keys []*rsa.PrivateKey
	next int
}

// TestKey returns the next key of the process's pool of 2048-bit RSA keys.
func TestKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key, err := NewKey()
	if err != nil {
		t.Fatalf("making an RSA key: %v", err)
	}
	return key
}

// NewKey returns the next key of the pool, for a provider's
// Options.GenerateKey in tests. The keys protect nothing.
func NewKey() (*rsa.PrivateKey, error) {
	keyPool.Lock()
	defer keyPool.Unlock()
	i := keyPool.next % keyPoolSize
	keyPool.next++
	if i == len(keyPool.keys) {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		keyPool.keys = append(keyPool.keys, key)
	}
	return keyPool.keys[i], nil
}

// PrivatePEM is key as a PKCS#8 PEM.
func PrivatePEM(key *rsa.PrivateKey) string {
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// parseKey reads a PKCS#8 PEM RSA private key; nil for anything else.
func parseKey(s string) *rsa.PrivateKey {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil
	}
	key, _ := k.(*rsa.PrivateKey)
	return key
}
