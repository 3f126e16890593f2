package okta_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

func TestRateLimitEveryOperation(t *testing.T) {
	h := newHarness(t, &oktasim.Options{RateLimit: sim.RateLimit{Limit: 2, Window: time.Minute}})
	app := h.sim.CreateApp("limited", "")
	tg := target{app: app, sub: "x", targetApp: app}
	reset := strconv.FormatInt(sim.Epoch.Add(time.Minute).Unix(), 10)
	for _, o := range allOps() {
		t.Run(o.id, func(t *testing.T) {
			// Each endpoint has its own bucket: two requests pass, whatever
			// their outcome, and the third is refused until the window ends.
			for _, remaining := range []string{"1", "0"} {
				hdr := callHeaders(t, h, o, tg)
				require.NotEqual(t, http.StatusTooManyRequests, hdr.status)
				require.Equal(t, "2", hdr.Get("X-Rate-Limit-Limit"))
				require.Equal(t, remaining, hdr.Get("X-Rate-Limit-Remaining"))
				require.Equal(t, reset, hdr.Get("X-Rate-Limit-Reset"))
			}
			status, body, err := o.call(h.ctx, h.api, tg)
			require.NoError(t, err)
			requireError(t, status, body, http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit")
		})
	}
	h.clock.Advance(time.Minute)
	for _, o := range allOps() {
		status, body, err := o.call(h.ctx, h.api, tg)
		require.NoError(t, err)
		require.NotEqual(t, http.StatusTooManyRequests, status, "%s after the window: %s", o.id, body)
	}
}

func TestRateLimitHeadersOn429(t *testing.T) {
	h := newHarness(t, &oktasim.Options{RateLimit: sim.RateLimit{Limit: 1, Window: 30 * time.Second}})
	app := h.sim.CreateApp("limited", "")
	_, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
	require.NoError(t, err)
	h.clock.Advance(10 * time.Second)
	r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, r.StatusCode())
	require.NotNil(t, r.Headers429)
	require.Equal(t, 1, *r.Headers429.XRateLimitLimit)
	require.Equal(t, 0, *r.Headers429.XRateLimitRemaining)
	require.Equal(t, int(sim.Epoch.Add(30*time.Second).Unix()), *r.Headers429.XRateLimitReset)
	date, err := http.ParseTime(r.HTTPResponse.Header.Get("Date"))
	require.NoError(t, err)
	// Okta's SDK waits X-Rate-Limit-Reset - Date + 1 seconds.
	require.Equal(t, 20*time.Second, time.Unix(int64(*r.Headers429.XRateLimitReset), 0).Sub(date))
}

func TestNoRateLimitNoHeaders(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("unlimited", "")
	for range 50 {
		r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode())
		require.Empty(t, r.HTTPResponse.Header.Get("X-Rate-Limit-Limit"))
	}
}

// answer is a status and the response headers.
type answer struct {
	status int
	http.Header
}

// callHeaders calls o and returns the answer's status and headers.
func callHeaders(t *testing.T, h *harness, o op, tg target) answer {
	t.Helper()
	var got answer
	capture := &captureTransport{base: h.tr, seen: func(r *http.Response) { got = answer{r.StatusCode, r.Header} }}
	_, _, err := o.call(h.ctx, newClient(t, h.url, capture), tg)
	require.NoError(t, err)
	return got
}

// captureTransport shows every response to seen.
type captureTransport struct {
	base http.RoundTripper
	seen func(*http.Response)
}

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err == nil {
		c.seen(resp)
	}
	return resp, err
}
