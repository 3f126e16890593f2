package reliability

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// tokenPaths are the token endpoints of the vendors that fetch access
// tokens; a scripted server answers them with a valid token.
var tokenPaths = []string{"/oauth/token", "/csp/gateway/am/api/auth/api-tokens/authorize", "/csp/gateway/am/api/auth/authorize"}

func isTokenRequest(r *http.Request) bool {
	for _, p := range tokenPaths {
		if r.URL.Path == p {
			return true
		}
	}
	return false
}

// scripted starts a loopback server that answers token requests with a
// valid token and every other request with api.
func scripted(t testing.TB, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isTokenRequest(r) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"at-scripted","token_type":"bearer","expires_in":1799}`)
			return
		}
		api(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// providerAt builds vendor's provider for baseURL over rt (nil: the
// vendor's default transport), authenticating with credential, its
// retries waited on a fake clock.
func providerAt(t testing.TB, vendor unified.Vendor, baseURL string, rt http.RoundTripper, credential string) *unified.Provider {
	t.Helper()
	p, err := newProviderAt(vendor, baseURL, rt, credential)
	require.NoError(t, err)
	return p
}

// newProviderAt is providerAt, returning New's error.
func newProviderAt(vendor unified.Vendor, baseURL string, rt http.RoundTripper, credential string) (*unified.Provider, error) {
	sleep := (&sim.FakeSleep{}).Sleep
	switch vendor {
	case unified.Okta:
		return okta.New(okta.Config{OrgURL: baseURL, APIToken: credential}, &okta.Options{HTTPTransport: rt, Sleep: sleep})
	case unified.SailPoint:
		return sailpoint.New(sailpoint.Config{BaseURL: baseURL, ClientID: sailPointAdminID, ClientSecret: credential}, &sailpoint.Options{HTTPTransport: rt, Sleep: sleep})
	case unified.VMwareCSP:
		return vmwarecsp.New(vmwarecsp.Config{URL: baseURL, OrgID: "org1", APIToken: credential}, &vmwarecsp.Options{HTTPTransport: rt, Sleep: sleep})
	case unified.Auth0:
		return auth0.New(auth0.Config{Domain: baseURL, ClientID: sailPointAdminID, ClientSecret: credential}, &auth0.Options{HTTPTransport: rt, Sleep: sleep})
	}
	return nil, fmt.Errorf("no provider for %s", vendor)
}

// reader is one read operation of a provider that sends a GET and decodes
// a list: Okta's ListSecrets, the others' ListClients.
func reader(p *unified.Provider) (op string, call func(context.Context) error) {
	if l := p; p.Capabilities().ListClients {
		return "ListClients", func(ctx context.Context) error {
			for _, err := range l.ListClients(ctx) {
				if err != nil {
					return err
				}
			}
			return nil
		}
	}
	return "ListSecrets", func(ctx context.Context) error { _, err := p.ListSecrets(ctx, "0oa1valid"); return err }
}

// requireNoPanic runs f, turning a panic into a test failure that names
// label (so one panicking operation does not hide the others).
func requireNoPanic(t *testing.T, label string, f func()) (panicked any) {
	t.Helper()
	func() {
		defer func() { panicked = recover() }()
		f()
	}()
	return panicked
}
