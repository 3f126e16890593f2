package okta

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	gen "github.com/credkit/credkit/gen/okta"
	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/transport"
	"github.com/credkit/credkit/unified/providertest"
)

// harness runs the provider against the Okta simulator's harness,
// through a transport that holds every exchange to specs/okta.yaml. It is
// the providertest.Harness of the shared suite.
type harness struct {
	*simokta.Harness
	checked *conformance.Transport
}

func newHarness(t *testing.T, opts *simokta.Options) *harness {
	t.Helper()
	sh := simokta.NewHarness(t, opts)
	h := &harness{Harness: sh}
	h.checked = conformancetest.Transport(t, sh.Transport(), nil)
	return h
}

func (h *harness) NewProvider(t *testing.T) *unified.Provider { return h.provider(t) }

func (h *harness) provider(t *testing.T) *unified.Provider {
	p, err := newProvider(Config{OrgURL: h.URL, APIToken: simokta.DefaultAPIToken}, &Options{HTTPTransport: h.checked, Sleep: h.Sleep.Sleep})
	require.NoError(t, err)
	return p
}

func (h *harness) NewClient(t *testing.T) (string, string) { return h.Harness.NewClient(t) }
func (h *harness) RotateOptions() *unified.RotateOptions   { return nil }

func TestProviderSuite(t *testing.T) {
	h := newHarness(t, nil)
	providertest.Run(t, h)
	injected := h.Faults.Injected()
	for _, kind := range providertest.FaultKinds {
		require.Equal(t, len(h.RotationSteps()), injected[kind], "every scripted %s fault hit its step", kind)
	}
	require.Positive(t, h.Sleep.Waits(), "429s were waited out on the fake clock")
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

// The vendor types As reaches, for providertest.
func (h *harness) CredentialTarget() any { return new(gen.OAuth2ClientSecret) }
func (h *harness) ErrorTarget() any      { return new(*gen.Error) }
