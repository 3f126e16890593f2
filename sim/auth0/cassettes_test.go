package auth0

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
)

// simCassettes are the cassettes the scenarios record (not the real
// traffic under realworld/).
func simCassettes(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(cassetteDir + "*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths, "record them with CREDKIT_RECORD=1 go test ./sim/auth0 -run Scenario")
	return paths
}

// TestCassettesConform replays every Auth0 cassette through a strict
// checker that knows the token endpoint too: every interaction passes, and
// together they cover every operation × documented status of both Auth0
// specs.
func TestCassettesConform(t *testing.T) {
	c := checker(t)
	covered := map[string]bool{}
	for _, p := range simCassettes(t) {
		cas, err := conformance.LoadCassette(p)
		require.NoError(t, err)
		for i, in := range cas.Interactions {
			r := c.Check(p, i, in)
			require.Equal(t, conformance.Pass, r.Outcome, "%s#%d %s %s -> %d: %v", p, i, r.Method, r.URL, r.Status, r.Problems)
			covered[r.OperationID+" "+r.Response] = true
		}
	}
	specs, err := loadSpecs()
	require.NoError(t, err)
	var missing []string
	cells := 0
	for _, s := range specs {
		if !strings.HasPrefix(s.Name, "auth0") {
			continue
		}
		for _, item := range s.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				for code := range op.Responses.Map() {
					cells++
					if !covered[op.OperationID+" "+code] {
						missing = append(missing, op.OperationID+" "+code)
					}
				}
			}
		}
	}
	require.Empty(t, missing, "operation × status cells no Auth0 cassette covers")
	require.Equal(t, 78, cells, "72 Management API cells and 6 of the token endpoint")
}

// TestAuth0CassettesAuthenticate backs ERRATA A1: the specs accept a
// Management API request without a token because the real recordings
// have none, so the recorded scenarios must show it themselves. Every
// Management interaction carries a bearer token, except the 401s that
// test its absence.
func TestAuth0CassettesAuthenticate(t *testing.T) {
	withToken, without := 0, 0
	for _, p := range simCassettes(t) {
		cas, err := conformance.LoadCassette(p)
		require.NoError(t, err)
		for i, in := range cas.Interactions {
			if strings.HasSuffix(in.Request.URL, tokenPath) {
				continue
			}
			authz := http.Header(in.Request.Headers).Get("Authorization")
			if authz == "" {
				require.Equal(t, http.StatusUnauthorized, in.Response.Code, "%s#%d %s %s has no token", p, i, in.Request.Method, in.Request.URL)
				without++
				continue
			}
			require.Equal(t, "Bearer REDACTED", authz, "%s#%d", p, i)
			withToken++
		}
	}
	require.Positive(t, withToken)
	require.Equal(t, len(scenarioCalls), without, "one 401 without a token per operation")
}

// TestCassettesHoldNoSecrets looks for anything live in the cassettes: the
// recording admin secret, generated client secrets and tokens (the
// simulator's are 64 and 48 characters of base 62), bearer tokens, PEM
// private keys, the loopback address.
func TestCassettesHoldNoSecrets(t *testing.T) {
	live := []*regexp.Regexp{
		regexp.MustCompile(`Bearer [^R\s]`),
		regexp.MustCompile(`"(access_token|client_secret)":"[^R]`),
		regexp.MustCompile(`client_secret=[^R]`),
		regexp.MustCompile(`\b[0-9A-Za-z]{48}\b`),
		regexp.MustCompile(`PRIVATE KEY-----`),
	}
	for _, p := range simCassettes(t) {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		// Public keys are not secret, and their base64 lines look like tokens.
		data = publicKeyPEM.ReplaceAll(data, nil)
		require.NotContains(t, string(data), scenarioAdminSecret, p)
		require.NotContains(t, string(data), "127.0.0.1", p)
		for _, re := range live {
			require.Nil(t, re.Find(data), "%s holds %s", p, re)
		}
	}
}

var publicKeyPEM = regexp.MustCompile(`-----BEGIN PUBLIC KEY-----[^-]*-----END PUBLIC KEY-----`)

// TestSecretPatternsCatchLiveValues shows the scan can fail: each pattern
// finds the live value it is for.
func TestSecretPatternsCatchLiveValues(t *testing.T) {
	s := New(nil)
	id, secret := s.AdminCredentials()
	require.Len(t, secret, 64)
	require.Regexp(t, `\b[0-9A-Za-z]{48}\b`, `"access_token":"`+s.tokens.Next("", 48)+`"`)
	require.Regexp(t, `client_secret=[^R]`, "client_id="+id+"&client_secret="+secret)
}
