package auth0

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	gen "github.com/credkit/credkit/gen/auth0"
	a0sim "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/providertest"
)

// harness is the providertest.Harness of the shared suite: providers on a
// fresh simulator, through a transport that holds every exchange to
// specs/auth0.yaml and specs/auth0_authentication.yaml.
type harness struct {
	*a0sim.Harness
	checked *conformance.Transport
}

// auth0Specs loads the Management API and token endpoint specs once.
var auth0Specs = sync.OnceValues(func() ([]*conformance.Spec, error) {
	var out []*conformance.Spec
	for _, name := range []string{"auth0", "auth0_authentication"} {
		s, err := conformance.LoadSpecFile("../../specs/" + name + ".yaml")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
})

func newHarness(t *testing.T, opts *a0sim.Options) *harness {
	t.Helper()
	h := &harness{Harness: a0sim.NewHarness(t, opts)}
	specs, err := auth0Specs()
	require.NoError(t, err)
	h.checked = conformancetest.Transport(t, h.Transport(), &conformancetest.Options{Checker: conformance.NewChecker(specs, nil)})
	return h
}

// provider is a provider on the simulator, as its admin client.
func (h *harness) provider(t testing.TB, o *Options) *unified.Provider {
	t.Helper()
	id, secret := h.Server.AdminCredentials()
	opts := Options{HTTPTransport: h.checked, Sleep: h.Sleep.Sleep, GenerateKey: a0sim.NewKey}
	if o != nil {
		opts.MaxRetries = o.MaxRetries
	}
	a, err := newAdapter(Config{Domain: h.URL, ClientID: id, ClientSecret: secret, Audience: h.Server.Audience()}, &opts)
	require.NoError(t, err)
	p := driver.NewProvider(a)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func (h *harness) NewProvider(t *testing.T) *unified.Provider { return h.provider(t, nil) }
func (h *harness) NewClient(t *testing.T) (string, string)    { return h.Harness.NewClient(t) }
func (h *harness) RotateOptions() *unified.RotateOptions      { return nil }
func (h *harness) CredentialTarget() any                      { return new(gen.ClientCredential) }
func (h *harness) ErrorTarget() any                           { return new(*gen.Error) }

// ImmediateClient makes a client-secret client, for the suite's
// immediate-rotation refusal.
func (h *harness) NewSecretClient(t *testing.T) (string, string) { return h.Harness.NewSecretClient(t) }

func TestProviderSuite(t *testing.T) {
	providertest.Run(t, newHarness(t, nil))
}

var (
	_ providertest.Harness   = (*harness)(nil)
	_ providertest.AsTargets = (*harness)(nil)
)

func TestNewChecksTheConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		err  string
	}{
		{"bare domain", Config{Domain: "acme.eu.auth0.com", ClientID: "id", ClientSecret: "s"}, ""},
		{"https URL", Config{Domain: "https://acme.eu.auth0.com/", Token: "t"}, ""},
		{"loopback simulator", Config{Domain: "http://127.0.0.1:8080", Token: "t"}, ""},
		{"no domain", Config{Token: "t"}, "no Domain"},
		{"plain http elsewhere", Config{Domain: "http://acme.eu.auth0.com", Token: "t"}, "must use https"},
		{"a path", Config{Domain: "acme.eu.auth0.com/api/v2", Token: "t"}, "without a path"},
		{"a query", Config{Domain: "https://acme.eu.auth0.com?x=1", Token: "t"}, "query"},
		{"no credentials", Config{Domain: "acme.eu.auth0.com"}, "no credentials"},
		{"half the credentials", Config{Domain: "acme.eu.auth0.com", ClientID: "id"}, "no credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(tc.cfg, nil)
			if tc.err == "" {
				require.NoError(t, err)
				require.Equal(t, unified.Auth0, p.Vendor())
				return
			}
			require.ErrorIs(t, err, unified.ErrInvalidArgument)
			require.ErrorIs(t, err, unified.ReasonInvalidConfig)
			require.ErrorContains(t, err, tc.err)
			require.NotContains(t, err.Error(), "s\"", "no secret in the error")
		})
	}
}

func TestCapabilities(t *testing.T) {
	p, err := New(Config{Domain: "acme.eu.auth0.com", Token: "t"}, nil)
	require.NoError(t, err)
	require.Equal(t, unified.Capabilities{RotateInPlace: true, RotateImmediately: true, MaxSecrets: 2,
		JSONWebKeys: true, ListClients: true, RegenerateSecret: true, CheckRotation: true}, p.Capabilities())
}

func TestTokenRequest(t *testing.T) {
	h := newHarness(t, nil)
	id, secret := h.Server.AdminCredentials()
	for _, tc := range []struct {
		name, secret, audience string
		code                   error
	}{
		{"the tenant's audience", secret, h.Server.Audience(), nil},
		{"another audience", secret, "https://elsewhere.example/api/v2/", unified.ErrPermissionDenied},
		{"a wrong secret", "wrong-secret", h.Server.Audience(), unified.ErrUnauthenticated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Config{Domain: h.URL, ClientID: id, ClientSecret: tc.secret, Audience: tc.audience}, &Options{HTTPTransport: h.checked})
			require.NoError(t, err)
			for _, err = range p.ListClients(context.Background()) {
				break
			}
			if tc.code == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.code)
			require.NotContains(t, err.Error(), tc.secret)
		})
	}
}
