package ory

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

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
func (h *harness) provider(t testing.TB, o *Options) *unified.Provider {
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

func (h *harness) NewProvider(t *testing.T) *unified.Provider    { return h.provider(t, nil) }
func (h *harness) NewClient(t *testing.T) (string, string)       { return h.Harness.NewClient(t) }
func (h *harness) NewSecretClient(t *testing.T) (string, string) { return h.Harness.NewSecretClient(t) }
func (h *harness) RotateOptions() *unified.RotateOptions         { return nil }
func (h *harness) CredentialTarget() any                         { return new(gen.JsonWebKey) }
func (h *harness) ErrorTarget() any                              { return new(*gen.ErrorOAuth2) }

func TestProviderSuite(t *testing.T) {
	providertest.Run(t, newHarness(t))
}

var (
	_ providertest.Harness       = (*harness)(nil)
	_ providertest.AsTargets     = (*harness)(nil)
	_ providertest.SecretClients = (*harness)(nil)
)

func TestNewRefusesBadSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
		opts *Options
		want string
	}{
		{"no admin URL", Config{}, nil, "ORY_SDK_URL"},
		{"plain http to another host", Config{AdminURL: "http://hydra.example:4445"}, nil, "https"},
		{"a URL with a query", Config{AdminURL: "https://x.projects.oryapis.com/?a=b"}, nil, "query"},
		{"a page too large", Config{AdminURL: "http://127.0.0.1:4445"}, &Options{PageSize: 501}, "PageSize"},
		{"a negative cap", Config{AdminURL: "http://127.0.0.1:4445"}, &Options{MaxPages: -1}, "MaxPages"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, tt.opts)
			require.ErrorIs(t, err, unified.ErrInvalidArgument)
			require.ErrorContains(t, err, tt.want)
		})
	}
	p, err := New(Config{AdminURL: "https://playground.projects.oryapis.com", APIKey: "ory_pat_x"}, nil)
	require.NoError(t, err, "Ory Network's URL and an API key")
	require.Equal(t, Vendor, p.Vendor())
	require.True(t, p.Capabilities().RotateImmediately)
	require.NoError(t, p.Close())
}

// TestTheAPIKeyIsSentAndNeverShown: the key goes as a bearer token, and a
// server that echoes it finds it redacted from the error.
func TestTheAPIKeyIsSentAndNeverShown(t *testing.T) {
	const key = "ory_pat_s3cr3t-key-value"
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":"invalid_token","error_description":"the key %s is unknown (%s)"}`, key, base64.StdEncoding.EncodeToString([]byte(key)))
	}))
	t.Cleanup(srv.Close)
	p, err := New(Config{AdminURL: srv.URL, APIKey: key}, &Options{Sleep: noSleep})
	require.NoError(t, err)
	_, err = p.RotateSecret(context.Background(), "c1", nil)
	require.Equal(t, "Bearer "+key, got)
	require.ErrorIs(t, err, unified.ErrUnauthenticated)
	require.NotContains(t, err.Error(), key)
	require.NotContains(t, err.Error(), base64.StdEncoding.EncodeToString([]byte(key)))
	require.NotContains(t, fmt.Sprintf("%+v %#v", err, err), key)
}

// canned answers every request with one recorded Hydra answer, so that a
// benchmark measures credkit, not a server or a network.
type canned struct {
	header http.Header
	body   string
}

func (c canned) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: c.header.Clone(), Body: io.NopCloser(strings.NewReader(c.body)), Request: req}, nil
}

// recordedAnswer is the answer of interaction i of a cassette of
// cassettes/ory, as Hydra sent it (redacted).
func recordedAnswer(b *testing.B, name string, i int) canned {
	b.Helper()
	c, err := cassette.Load(cassetteDir + "/" + name)
	if err != nil {
		b.Fatal(err)
	}
	resp := c.Interactions[i].Response
	return canned{header: resp.Headers, body: resp.Body}
}

func benchProvider(b *testing.B, rt http.RoundTripper) *unified.Provider {
	b.Helper()
	a, err := newAdapter(Config{AdminURL: "https://hydra-admin.example.test"}, &Options{HTTPTransport: rt})
	if err != nil {
		b.Fatal(err)
	}
	return driver.NewProvider(a)
}
