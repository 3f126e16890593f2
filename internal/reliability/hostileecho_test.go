package reliability

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// echoModes are the hostilities that send our credentials back.
var echoModes = []sim.Hostility{sim.EchoJSON, sim.EchoHTML, sim.EchoSuccess, sim.EchoToken}

// TestEchoedCredentialsNeverLeak runs every method of every provider
// against servers that echo the request's credentials — in the vendor's
// JSON error, in a proxy's HTML page, in a 200 that does not decode, in
// the token endpoint's OAuth error — in clear, JSON-escaped, HTML-escaped,
// URL-encoded and base64 (both alphabets, every offset, inside Basic).
// Every value and error, printed every way and logged, holds none of them:
// not the configured credentials, not a secret the caller sent, not an
// access token the provider obtained.
func TestEchoedCredentialsNeverLeak(t *testing.T) {
	totalHits, totalEchoed, outputs := 0, 0, 0
	for _, vendor := range vendors {
		for _, mode := range echoModes {
			for _, cc := range []bool{false, true} {
				if cc && vendor != unified.VMwareCSP {
					continue // only CSP authenticates either way
				}
				name := fmt.Sprintf("%s/%s", vendor, mode)
				if cc {
					name += "/client-credentials"
				}
				t.Run(name, func(t *testing.T) {
					e := newHostileEnv(t, vendor, mode)
					p := e.provider(t, hostileLimits{clientCredentials: cc})
					h := newHaystack()
					h.value("provider", p)
					calls := hostileCalls(p, e.app)
					for _, op := range sortedNames(calls) {
						ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
						err := calls[op](ctx)
						cancel()
						h.result(op, nil, err)
						switch {
						case mode == sim.EchoToken && vendor == unified.Okta:
							// An API token needs no token endpoint: nothing echoes.
						case mode == sim.EchoSuccess && returnsNothing(op):
							// A 2xx to a call that returns nothing is its success.
						default:
							require.Error(t, err, "%s against %s", op, mode)
						}
					}
					secrets := append(append([]string(nil), ourSecrets...), e.obtained()...)
					hits := 0
					h.mu.Lock()
					for label, out := range h.outputs {
						if n := countLeaks(out, secrets); n > 0 {
							hits += n
							t.Errorf("%s holds a credential: %s", label, out)
						}
					}
					hits += countLeaks(h.logJSON.String()+h.logText.String(), secrets)
					outputs += len(h.outputs)
					h.mu.Unlock()
					require.Zero(t, hits)
					totalHits += hits
					totalEchoed += e.echoed(t, mode, secrets)
				})
			}
		}
	}
	t.Logf("echo: %d outputs of %d vendors × %d echoing modes, %d credential forms echoed by the servers, %d hits", outputs, len(vendors), len(echoModes), totalEchoed, totalHits)
}

// echoed proves the server really echoes: one raw request with the
// provider's credential, read without credkit, holds its forms.
func (e *hostileEnv) echoed(t *testing.T, mode sim.Hostility, secrets []string) int {
	t.Helper()
	path, auth := "/api/v1/apps/x/credentials/secrets", "SSWS "+oktaToken
	switch e.vendor {
	case unified.SailPoint:
		path, auth = "/v3/oauth-clients", "Bearer "+sailPointSecret
		if mode == sim.EchoToken {
			path = "/oauth/token"
		}
	case unified.VMwareCSP:
		path, auth = "/csp/gateway/am/api/orgs/"+e.orgID+"/oauth-apps", "Basic "+basic("app", cspSecret)
		if mode == sim.EchoToken {
			path = "/csp/gateway/am/api/auth/authorize"
		}
	case unified.Auth0:
		path, auth = "/api/v2/clients", "Bearer "+auth0Secret
		if mode == sim.EchoToken {
			path = "/oauth/token"
		}
	}
	if mode == sim.EchoToken && e.vendor == unified.Okta {
		path = "/oauth2/v1/token"
	}
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader("client_secret="+cspSecret))
	require.NoError(t, err)
	req.Header.Set("Authorization", auth)
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	n := countLeaks(string(body), secrets)
	require.Positive(t, n, "the %s server does not echo: %s", mode, body)
	return n
}

// returnsNothing: op returns no value, so any 2xx answer is its success.
func returnsNothing(op string) bool {
	return strings.HasPrefix(op, "Delete") || strings.HasPrefix(op, "Revoke") || op == "FinishRotation"
}
