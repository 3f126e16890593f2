package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// windowServer answers like Okta with a limit of limit requests per
// minute-long window that started at epoch, and 429 past it. A new window
// starts whenever *windows moves (a fake sleep moves it).
func windowServer(t *testing.T, limit int, windows *atomic.Int32) (*httptest.Server, *atomic.Int32) {
	var used atomic.Int32
	var seen int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if now := windows.Load(); now != seen {
			seen = now
			used.Store(0)
		}
		n := int(used.Add(1))
		w.Header().Set("Date", epoch.Format(http.TimeFormat))
		w.Header().Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
		w.Header().Set("X-Rate-Limit-Remaining", strconv.Itoa(max(0, limit-n)))
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(epoch.Add(time.Minute).Unix(), 10))
		if n > limit {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &used
}

func TestPacerWaitsBeforeTheVendorRefuses(t *testing.T) {
	var windows atomic.Int32
	srv, used := windowServer(t, 2, &windows)
	fs := &fakeSleep{}
	sleep := func(ctx context.Context, d time.Duration) error {
		windows.Add(1)
		return fs.sleep(ctx, d)
	}
	client := &http.Client{Transport: New(Options{RateLimitDelay: OktaDelay, Sleep: sleep})}
	for range 3 {
		resp, err := client.Get(srv.URL + "/api/v1/apps/0oa1abcdef/credentials/secrets")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "the third request waited instead of being refused")
	}
	require.Len(t, fs.waits, 1)
	require.InDelta(t, time.Minute.Seconds(), fs.waits[0].Seconds(), 1, "it waited for the window to reset")
	require.Equal(t, int32(1), used.Load(), "the third request opened a new window")
}

func TestPacerSendsAtOnceWhenTheDeadlineIsShorter(t *testing.T) {
	srv, _ := windowServer(t, 1, new(atomic.Int32))
	fs := &fakeSleep{}
	client := &http.Client{Transport: New(Options{RateLimitDelay: OktaDelay, Sleep: fs.sleep})}
	resp, err := client.Get(srv.URL + "/x")
	require.NoError(t, err)
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/x", nil)
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Empty(t, fs.waits)
}

func TestPacerHoldsOthersAfterA429(t *testing.T) {
	delay := func(*http.Response, int) time.Duration { return 5 * time.Second }
	t.Run("a 429 the caller gets back holds the next request", func(t *testing.T) {
		srv, _ := scripted(t, 429, 200)
		fs := &fakeSleep{}
		client := &http.Client{Transport: New(Options{MaxRetries: -1, RateLimitDelay: delay, Sleep: fs.sleep})}
		resp, err := client.Get(srv.URL + "/a")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		resp, err = client.Get(srv.URL + "/b")
		require.NoError(t, err)
		resp.Body.Close()
		require.Len(t, fs.waits, 1, "the other request waited out the hold")
		require.InDelta(t, 5, fs.waits[0].Seconds(), 0.5)
	})
	t.Run("a retry that succeeds lifts the hold", func(t *testing.T) {
		srv, _ := scripted(t, 429, 200)
		fs := &fakeSleep{}
		client := &http.Client{Transport: New(Options{RateLimitDelay: delay, Sleep: fs.sleep})}
		for _, path := range []string{"/a", "/b"} {
			resp, err := client.Get(srv.URL + path)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
		}
		require.Equal(t, []time.Duration{5 * time.Second}, fs.waits, "only the refused request waited, once")
	})
}

func TestBucketKey(t *testing.T) {
	cases := map[string]string{
		"/api/v1/apps/0oas92c5r8A1EQacI5d7/credentials/secrets/ocss9288npzaKNsaK5d7": "GET /api/v1/apps/{id}/credentials/secrets/{id}",
		"/api/v1/apps/0oa1/tokens":                           "GET /api/v1/apps/0oa1/tokens",
		"/v3/oauth-clients/ef38f94347e94562b5bb8424a56397d8": "GET /v3/oauth-clients/{id}",
		"/csp/gateway/am/api/orgs/3f2a/oauth-apps":           "GET /csp/gateway/am/api/orgs/3f2a/oauth-apps",
		"/api/v1/apps/my-app-42/credentials/keys/generate":   "GET /api/v1/apps/{id}/credentials/keys/generate",
	}
	for path, want := range cases {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		require.Equal(t, want, bucketKey(req), path)
	}
}
