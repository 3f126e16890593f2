package okta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/sim"
	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/transport"
	"github.com/credkit/credkit/unified/providertest"
)

// harness runs the provider against the Okta simulator, through a
// transport that holds every exchange to specs/okta.yaml.
type harness struct {
	sim      *simokta.Server
	srv      *httptest.Server
	faults   *sim.Faults
	requests atomic.Int32
	checked  *conformance.Transport
	sleeps   *fakeSleep
}

func newHarness(t *testing.T, opts *simokta.Options) *harness {
	t.Helper()
	h := &harness{faults: sim.NewFaults(0, 1), sleeps: &fakeSleep{}}
	o := simokta.Options{}
	if opts != nil {
		o = *opts
	}
	o.Faults = h.faults
	h.sim = simokta.New(&o)
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		h.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(h.srv.Close)
	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	h.checked = &conformance.Transport{Base: h.srv.Client().Transport, Checker: conformance.NewChecker(specs, nil)}
	t.Cleanup(func() { require.Empty(t, h.checked.Failures(), "the simulator's answers match specs/okta.yaml") })
	return h
}

func (h *harness) NewProvider(t *testing.T) unified.CredentialProvider { return h.provider(t) }

func (h *harness) provider(t *testing.T) *driver.Provider {
	p, err := newProvider(Config{OrgURL: h.srv.URL, APIToken: simokta.DefaultAPIToken}, &Options{HTTPTransport: h.checked, Sleep: h.sleeps.sleep})
	require.NoError(t, err)
	return p
}

func (h *harness) NewClient(t *testing.T) (string, string) {
	id := h.sim.CreateApp("app", "")
	return id, h.sim.Secrets(id)[0].Value
}

func (h *harness) SecretWorks(client, secret string) bool { return h.sim.SecretWorks(client, secret) }
func (h *harness) SecretCount(client string) int          { return len(h.sim.Secrets(client)) }
func (h *harness) Fault(f sim.Fault)                      { h.faults.Script(f) }
func (h *harness) Requests() int                          { return int(h.requests.Load()) }
func (h *harness) RotateOptions() *unified.RotateOptions  { return nil }

func (h *harness) RotationSteps() []sim.Fault {
	return []sim.Fault{
		{Method: http.MethodGet, PathContains: "/credentials/secrets"},
		{Method: http.MethodPost, PathContains: "/credentials/secrets"},
		{Method: http.MethodPost, PathContains: "/lifecycle/deactivate"},
		{Method: http.MethodDelete, PathContains: "/credentials/secrets/"},
	}
}

// fakeSleep records retry waits instead of sleeping.
type fakeSleep struct {
	waits atomic.Int64
	total atomic.Int64
}

func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	f.waits.Add(1)
	f.total.Add(int64(d))
	return ctx.Err()
}

func TestProviderSuite(t *testing.T) {
	h := newHarness(t, nil)
	providertest.Run(t, h)
	injected := h.faults.Injected()
	for _, kind := range providertest.FaultKinds {
		require.Equal(t, len(h.RotationSteps()), injected[kind], "every scripted %s fault hit its step", kind)
	}
	require.Positive(t, h.sleeps.waits.Load(), "429s were waited out on the fake clock")
}

func TestNewChecksItsConfig(t *testing.T) {
	src := transport.StaticToken("Bearer", "t")
	cases := map[string]struct {
		cfg     Config
		problem string
	}{
		"https org":            {Config{OrgURL: "https://example.okta.com", APIToken: "t"}, ""},
		"loopback http":        {Config{OrgURL: "http://127.0.0.1:8080", APIToken: "t"}, ""},
		"oauth token source":   {Config{OrgURL: "https://example.okta.com/", TokenSource: src}, ""},
		"plain http to a host": {Config{OrgURL: "http://example.okta.com", APIToken: "t"}, "must use https"},
		"relative URL":         {Config{OrgURL: "example.okta.com", APIToken: "t"}, "absolute URL"},
		"no credentials":       {Config{OrgURL: "https://example.okta.com"}, "no credentials"},
		"both credentials":     {Config{OrgURL: "https://example.okta.com", APIToken: "t", TokenSource: src}, "not both"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := New(c.cfg, nil)
			if c.problem == "" {
				require.NoError(t, err)
				require.Equal(t, unified.Okta, p.Vendor())
				return
			}
			require.ErrorIs(t, err, unified.ErrInvalidArgument)
			require.ErrorIs(t, err, unified.ReasonInvalidConfig)
			require.ErrorContains(t, err, c.problem)
			require.NotContains(t, err.Error(), "\"t\"")
		})
	}
}
