package ory

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/ory/internal/hydratest"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
	"github.com/credkit/credkit/unified/providertest"
)

// TestMain stops the package's shared Hydra after the tests.
func TestMain(m *testing.M) { os.Exit(hydratest.Main(m)) }

// harness is the providertest.Harness of the shared suite: providers on
// the real Hydra, through the fault-injecting proxy and a transport that
// holds every exchange to specs/ory.yaml, strictly.
type harness struct {
	*orytest.Harness
	checked *conformance.Transport
}

// orySpec loads specs/ory.yaml once.
var orySpec = sync.OnceValues(func() (*conformance.Spec, error) {
	return conformance.LoadSpecFile("../../specs/ory.yaml")
})

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{Harness: orytest.NewHarness(t)}
	spec, err := orySpec()
	require.NoError(t, err)
	checker := conformance.NewChecker([]*conformance.Spec{spec}, &conformance.Options{Strict: true})
	h.checked = conformancetest.Transport(t, nil, &conformancetest.Options{Checker: checker})
	return h
}

// noSleep stands in for the retries' waits: the tests take no real
// sleeps.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// provider is a provider on the harness's Hydra; o's MaxRetries and
// PageSize apply.
func (h *harness) provider(t testing.TB, o *Options) *driver.Provider {
	t.Helper()
	opts := Options{HTTPTransport: h.checked, Sleep: noSleep, GenerateKey: orytest.NewKey}
	if o != nil {
		opts.MaxRetries, opts.PageSize, opts.MaxPages, opts.MaxItems = o.MaxRetries, o.PageSize, o.MaxPages, o.MaxItems
		opts.GenerateSecret = o.GenerateSecret
	}
	a, err := newAdapter(Config{AdminURL: h.URL}, &opts)
	require.NoError(t, err)
	p := driver.NewProvider(a)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func (h *harness) NewProvider(t *testing.T) unified.CredentialProvider { return h.provider(t, nil) }
func (h *harness) NewClient(t *testing.T) (string, string)             { return h.Harness.NewClient(t) }
func (h *harness) NewSecretClient(t *testing.T) (string, string)       { return h.Harness.NewSecretClient(t) }
func (h *harness) RotateOptions() *unified.RotateOptions               { return nil }
func (h *harness) CredentialTarget() any                               { return new(gen.JsonWebKey) }
func (h *harness) ErrorTarget() any                                    { return new(*gen.ErrorOAuth2) }

func TestProviderSuite(t *testing.T) {
	providertest.Run(t, newHarness(t))
}

var (
	_ providertest.Harness       = (*harness)(nil)
	_ providertest.AsTargets     = (*harness)(nil)
	_ providertest.SecretClients = (*harness)(nil)
)
