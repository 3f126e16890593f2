package vmwarecsp

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestDateHeaderFollowsTheClock(t *testing.T) {
	e := newEnv(t, nil)
	resp, err := e.c.ListOrgOAuthApps(e.ctx, e.org, nil, e.auth())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "Tue, 06 Jan 2026 19:50:58 GMT", resp.Header.Get("Date"))
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))

	e.clock.Advance(time.Hour)
	resp, err = e.c.ListOrgOAuthApps(e.ctx, "unknown", nil, e.auth())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "Tue, 06 Jan 2026 20:50:58 GMT", resp.Header.Get("Date"))
}

func TestUnknownRoute(t *testing.T) {
	srv := New(nil)
	for _, target := range []string{"/", "/csp/gateway/am/api/orgs/x/clients", "/csp/gateway/am/api/orgs/x/oauth-apps/y/secret/z"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		require.Equal(t, 404, rec.Code, target)
		require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		require.Equal(t, int32(404), errorOf(t, rec.Body.Bytes()).StatusCode)
	}
}

// TestRateLimit covers 429 on every operation: one bucket per operation,
// a Retry-After until the window ends, and a fresh window afterwards.
func TestRateLimit(t *testing.T) {
	for _, op := range allOps {
		t.Run(op.id, func(t *testing.T) {
			e := newEnv(t, &Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}})
			id, _ := e.srv.CreateApp("limited")
			call := func() *http.Response {
				resp, err := e.on(op, e.org, id, e.auth())
				require.NoError(t, err)
				return resp
			}
			require.NotEqual(t, 429, e.status(call(), nil))
			e.clock.Advance(20 * time.Second)
			resp := call()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, 429, resp.StatusCode)
			require.Equal(t, "40", resp.Header.Get("Retry-After"))
			require.Equal(t, "too_many_requests", errorOf(t, body).ErrorCode)
			e.clock.Advance(40 * time.Second)
			require.NotEqual(t, 429, e.status(call(), nil))
		})
	}
}

func TestRateLimitBuckets(t *testing.T) {
	e := newEnv(t, &Options{RateLimit: sim.RateLimit{Limit: 1}})
	a, _ := e.srv.CreateApp("a")
	b, _ := e.srv.CreateApp("b")
	require.Equal(t, 200, e.status(e.c.GetOrgOAuthApp(e.ctx, e.org, a, e.auth())))
	require.Equal(t, 200, e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, e.auth())), "another method or path template")
	require.Equal(t, 404, e.status(e.c.GetOrgOAuthApp(e.ctx, "other", a, e.auth())), "another organization")
	require.Equal(t, 429, e.status(e.c.GetOrgOAuthApp(e.ctx, e.org, b, e.auth())), "the same template for another app")
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", -time.Second: "1", time.Millisecond: "1", time.Second: "1", 1500 * time.Millisecond: "2", time.Minute: "60"} {
		require.Equal(t, want, retryAfterSeconds(d), d)
	}
}

// transcript runs a fixed mix of traffic against a fresh simulator and
// returns every response, byte for byte.
func transcript(t *testing.T, seed uint64) string {
	srv := New(&Options{Seed: seed, RateLimit: sim.RateLimit{Limit: 3}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var out bytes.Buffer
	send := func(method, path, ctype, body, token string) {
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("csp-auth-token", token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		dump, err := httputil.DumpResponse(resp, true)
		require.NoError(t, err)
		resp.Body.Close()
		out.Write(dump)
	}
	apps := "/csp/gateway/am/api/orgs/" + srv.OrgID() + "/oauth-apps"
	send("POST", "/csp/gateway/am/api/auth/api-tokens/authorize", "application/x-www-form-urlencoded", "api_token="+DefaultAPIToken, "")
	token := adminToken(srv)
	for i := range 4 {
		send("POST", apps, "application/json", fmt.Sprintf(`{"allowedScopes":{},"grantTypes":["client_credentials"],"displayName":"a%d","description":""}`, i), token)
	}
	send("GET", apps+"?pageLimit=2", "", "", token)
	send("PUT", apps+"/missing/secret", "application/json", "{}", token)
	send("GET", apps+"/missing", "", "", "forged")
	return out.String()
}

func TestDeterminism(t *testing.T) {
	first := transcript(t, 7)
	require.Equal(t, first, transcript(t, 7), "same seed, same traffic: same bytes")
	require.NotEqual(t, first, transcript(t, 8))
	require.Contains(t, first, "429 Too Many Requests", "the mix reaches the rate limit")
}
