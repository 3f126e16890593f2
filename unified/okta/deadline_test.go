package okta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// hostileToken is the API token of the deadline tests: no error may
// quote it.
const hostileToken = "00hostileDeadlineTokenDoNotLeak"

// hostileServer answers every request with behave, counting the requests
// by method. Its handlers end when the test does (stop), so that a stalled
// one never holds the server's Close.
func hostileServer(t *testing.T, behave func(w http.ResponseWriter, r *http.Request, stop <-chan struct{})) (*httptest.Server, func(method string) int) {
	var mu sync.Mutex
	counts := map[string]int{}
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		counts[r.Method]++
		mu.Unlock()
		behave(w, r, stop)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) }) // runs first: the handlers return
	return srv, func(method string) int {
		mu.Lock()
		defer mu.Unlock()
		return counts[method]
	}
}

// wait blocks until the client goes away or the test ends.
func wait(r *http.Request, stop <-chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-stop:
	}
}

// trickle sends the headers of a long JSON body, then one byte every
// every until the client goes away.
func trickle(every time.Duration) func(http.ResponseWriter, *http.Request, <-chan struct{}) {
	return func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	}
}

// tooMany answers 429 with the given headers (the Date is now).
func tooMany(header map[string]string) func(http.ResponseWriter, *http.Request, <-chan struct{}) {
	return func(w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`))
	}
}

// TestHostileServersEndWithAClearError: an Okta provider (New, with small
// deadlines in its Options) against loopback servers that stall or
// refuse in every way: each call ends with a *unified.Error that says
// what happened (which deadline passed, or the vendor's delay), quotes no
// credential, never sends a POST twice, and waits no longer than
// MaxWait. Both on the transport credkit makes and on a caller's (whose
// header deadline is credkit's own timer rather than net/http's).
func TestHostileServersEndWithAClearError(t *testing.T) {
	const short = 100 * time.Millisecond
	timeouts := unified.Timeouts{ResponseHeader: short, BodyIdle: short, Body: 3 * short, MaxWait: 65 * time.Second}
	inAnHour := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	cases := []struct {
		name   string
		behave func(http.ResponseWriter, *http.Request, <-chan struct{})
		code   unified.Code
		says   string // in the error's text
		// getAttempts is how many GETs are sent (MaxRetries is 1); a POST
		// is sent once, except after a 429 (postAttempts).
		getAttempts, postAttempts int
		retryAfter                time.Duration // RateLimited: at least this
		waits                     bool          // some wait was taken (and none longer than MaxWait)
		bodyIdle                  time.Duration // instead of short
	}{
		{name: "accepts and never answers", behave: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) { wait(r, stop) },
			code: unified.Unavailable, says: "no response headers within 100ms", getAttempts: 2, postAttempts: 1, waits: true},
		{name: "headers, then never the body", behave: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			wait(r, stop)
		}, code: unified.Unavailable, says: "the response body stalled: no byte within 100ms", getAttempts: 1, postAttempts: 1},
		{name: "trickles slower than the idle limit", behave: trickle(3 * short),
			code: unified.Unavailable, says: "the response body stalled: no byte within 100ms", getAttempts: 1, postAttempts: 1},
		// A byte every 20ms is progress: the idle limit (2s here, so that
		// a busy machine's scheduling never looks like a stall) is not
		// passed, the body deadline is.
		{name: "trickles steadily past the body deadline", behave: trickle(short / 5), bodyIdle: 2 * time.Second,
			code: unified.Unavailable, says: "the response body took longer than 300ms", getAttempts: 1, postAttempts: 1},
		{name: "closes mid-body", behave: func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`[{"id":"ocs1",`))
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close() // the close is the behaviour under test, not its error
		}, code: unified.Unavailable, says: "unexpected EOF", getAttempts: 1, postAttempts: 1},
		{name: "429, reset an hour away", behave: tooMany(map[string]string{"X-Rate-Limit-Reset": inAnHour}),
			code: unified.RateLimited, says: "retry after 5m0s", getAttempts: 1, postAttempts: 1, retryAfter: 5 * time.Minute},
		{name: "429, Retry-After a day", behave: tooMany(map[string]string{"Retry-After": "86400"}),
			code: unified.RateLimited, says: "retry after 5m0s", getAttempts: 1, postAttempts: 1, retryAfter: 5 * time.Minute},
		{name: "429, Retry-After past 64 bits", behave: tooMany(map[string]string{"Retry-After": "99999999999999999999999"}),
			code: unified.RateLimited, says: "retry after 5m0s", getAttempts: 1, postAttempts: 1, retryAfter: 5 * time.Minute},
		// A 429 is a refusal (nothing was created): retried whatever the
		// method, after the backoff a useless Retry-After falls back to.
		{name: "429, Retry-After negative", behave: tooMany(map[string]string{"Retry-After": "-5"}),
			code: unified.RateLimited, says: "retry after", getAttempts: 2, postAttempts: 2, retryAfter: time.Nanosecond, waits: true},
		{name: "429, Retry-After garbage", behave: tooMany(map[string]string{"Retry-After": "soon, maybe"}),
			code: unified.RateLimited, says: "retry after", getAttempts: 2, postAttempts: 2, retryAfter: time.Nanosecond, waits: true},
	}
	for _, base := range []string{"credkit's transport", "a caller's transport"} {
		for _, c := range cases {
			t.Run(base+"/"+c.name, func(t *testing.T) {
				srv, sent := hostileServer(t, c.behave)
				fs := &sim.FakeSleep{}
				opts := &Options{MaxRetries: 1, Sleep: fs.Sleep, Timeouts: timeouts}
				if c.bodyIdle != 0 {
					opts.Timeouts.BodyIdle = c.bodyIdle
				}
				if base == "a caller's transport" {
					opts.HTTPTransport = srv.Client().Transport
				}
				p, err := New(Config{OrgURL: srv.URL, APIToken: hostileToken}, opts)
				require.NoError(t, err)
				defer func() { require.NoError(t, p.Close()) }()
				// The test's own bound: far above the deadlines, far below
				// "for as long as the caller waits".
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()

				calls := []struct {
					method string
					call   func() error
					want   int
				}{
					{http.MethodGet, func() error { _, err := p.ListSecrets(ctx, "0oa1hostile"); return err }, c.getAttempts},
					{http.MethodPost, func() error { _, err := p.CreateSecret(ctx, "0oa1hostile", nil); return err }, c.postAttempts},
				}
				for _, call := range calls {
					before := sent(call.method)
					err := call.call()
					var ue *unified.Error
					require.ErrorAs(t, err, &ue, call.method)
					require.Equal(t, c.code, ue.Code, "%s: %v", call.method, err)
					require.Contains(t, err.Error(), c.says, call.method)
					require.NotContains(t, err.Error(), hostileToken)
					require.NoError(t, ctx.Err(), "%s: the deadlines ended it, not the test's bound", call.method)
					require.Equal(t, call.want, sent(call.method)-before, "%s: attempts", call.method)
					if c.code == unified.RateLimited {
						require.GreaterOrEqual(t, ue.RetryAfter, c.retryAfter, call.method)
					}
				}
				waits := fs.Recorded()
				if c.waits {
					require.NotEmpty(t, waits)
				} else {
					require.Empty(t, waits, "a delay longer than MaxWait is not waited")
				}
				for _, d := range waits {
					require.LessOrEqual(t, d, timeouts.MaxWait)
				}
			})
		}
	}
}
