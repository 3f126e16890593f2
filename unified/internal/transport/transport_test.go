package transport

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// epoch is when the tests' fake clocks start.
var epoch = sim.Epoch

// scripted answers each request with the next status of script (the last
// one repeats); status 0 drops the connection.
func scripted(t *testing.T, script ...int) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		status := script[min(n, len(script)-1)]
		if status == 0 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close() // a dropped connection is the point
			return
		}
		require.Equal(t, UserAgent, r.Header.Get("User-Agent"))
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Date", epoch.Format(http.TimeFormat))
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(epoch.Add(7*time.Second).Unix(), 10))
		w.Header().Set("X-Body-Seen", string(body))
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		name       string
		method     string
		script     []int
		wantStatus int // 0: a transport error
		wantCalls  int32
		wantWaits  []time.Duration
	}{
		{"GET 500 then 200 is retried", http.MethodGet, []int{500, 200}, 200, 2, []time.Duration{time.Second}},
		{"DELETE 503 is retried", http.MethodDelete, []int{503, 503, 204}, 204, 3, []time.Duration{time.Second, time.Second}},
		{"POST 500 is never retried", http.MethodPost, []int{500, 201}, 500, 1, nil},
		{"PUT 502 is never retried", http.MethodPut, []int{502, 200}, 502, 1, nil},
		{"501 is not retried", http.MethodGet, []int{501, 200}, 501, 1, nil},
		{"POST 429 waits for the reset, then retries", http.MethodPost, []int{429, 201}, 201, 2, []time.Duration{8 * time.Second}},
		{"429 until retries run out returns the 429", http.MethodGet, []int{429}, 429, 3, []time.Duration{8 * time.Second, 8 * time.Second}},
		{"GET after a dropped connection is retried", http.MethodGet, []int{0, 200}, 200, 2, []time.Duration{time.Second}},
		{"POST after a dropped connection is not", http.MethodPost, []int{0, 201}, 0, 1, nil},
		{"4xx is final", http.MethodGet, []int{404, 200}, 404, 1, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, calls := scripted(t, c.script...)
			fs := &sim.FakeSleep{}
			rt := New(Options{MaxRetries: 2, RateLimitDelay: OktaDelay, ErrorDelay: func(int) time.Duration { return time.Second }, Sleep: fs.Sleep})
			req, err := http.NewRequest(c.method, srv.URL, strings.NewReader("payload"))
			require.NoError(t, err)
			resp, err := (&http.Client{Transport: rt}).Do(req)
			if c.wantStatus == 0 {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				require.Equal(t, c.wantStatus, resp.StatusCode)
				require.Equal(t, "payload", resp.Header.Get("X-Body-Seen"), "the body is sent again on every attempt")
				resp.Body.Close()
			}
			require.Equal(t, c.wantCalls, calls.Load())
			require.Equal(t, c.wantWaits, fs.Recorded())
		})
	}
}

func TestDeadlineShorterThanTheWaitReturnsAtOnce(t *testing.T) {
	srv, calls := scripted(t, 429, 200)
	fs := &sim.FakeSleep{}
	rt := New(Options{RateLimitDelay: OktaDelay, Sleep: fs.Sleep})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := (&http.Client{Transport: rt}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the caller gets the 429 and its delay")
	require.Equal(t, int32(1), calls.Load())
	require.Empty(t, fs.Recorded())
	d, ok := OktaReset(resp)
	require.True(t, ok)
	require.Equal(t, 8*time.Second, d)
}

// The 429 a caller gets names the delay the policy compared with the
// deadline, even when that delay is a jittered draw (CSP documents no
// Retry-After): a second draw would name another.
func TestRateLimitWaitIsTheDelayCompared(t *testing.T) {
	srv, calls := scripted(t, 429, 200)
	var drawn []time.Duration // the pacer draws its hold, then the policy its wait
	delay := func(*http.Response, int) time.Duration {
		d := time.Duration(7+len(drawn)*92) * time.Second
		drawn = append(drawn, d)
		return d
	}
	rt := New(Options{RateLimitDelay: delay, Sleep: (&sim.FakeSleep{}).Sleep})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := (&http.Client{Transport: rt}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Equal(t, int32(1), calls.Load(), "the wait is longer than the deadline: not retried")
	d, ok := RateLimitWait(resp)
	require.True(t, ok)
	require.NotEmpty(t, drawn)
	require.Equal(t, drawn[len(drawn)-1], d, "the policy's draw, compared with the deadline, not a later one")

	_, ok = RateLimitWait(&http.Response{StatusCode: http.StatusTooManyRequests, Request: req})
	require.False(t, ok, "an answer the transport did not handle has none")
}

func TestBodyCap(t *testing.T) {
	big := strings.Repeat("x", 2048)
	cases := map[string]bool{"chunked": true, "with length": false}
	for name, chunked := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(big)))
				}
				_, _ = io.WriteString(w, big)
			}))
			defer srv.Close()
			rt := New(Options{MaxBody: 1024})
			resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			require.Error(t, err)
			require.True(t, IsBodyTooLarge(err), "%v", err)
		})
	}
}

func TestDelays(t *testing.T) {
	at := func(h map[string]string) *http.Response {
		resp := &http.Response{Header: http.Header{}}
		for k, v := range h {
			resp.Header.Set(k, v)
		}
		return resp
	}
	date := epoch.Format(http.TimeFormat)
	reset := strconv.FormatInt(epoch.Add(30*time.Second).Unix(), 10)
	require.Equal(t, 31*time.Second, OktaDelay(at(map[string]string{"Date": date, "X-Rate-Limit-Reset": reset}), 0))
	require.Equal(t, 31*time.Second, ResetDelay(at(map[string]string{"Date": date, "X-RateLimit-Reset": reset}), 0), "Auth0's spelling")
	require.Equal(t, 12*time.Second, RetryAfterDelay(at(map[string]string{"Retry-After": "12"}), 0))
	require.Equal(t, 12*time.Second, OktaDelay(at(map[string]string{"Retry-After": "12"}), 0), "Okta falls back to Retry-After")
	require.Equal(t, 20*time.Second, RetryAfterDelay(at(map[string]string{"Date": date, "Retry-After": epoch.Add(20 * time.Second).Format(http.TimeFormat)}), 0))
	require.Equal(t, MaxDelay, RetryAfterDelay(at(map[string]string{"Retry-After": "99999"}), 0))
	for attempt := range 4 {
		d := RetryAfterDelay(at(nil), attempt)
		base := time.Second << attempt
		require.GreaterOrEqual(t, d, base/2)
		require.Less(t, d, base*3/2)
	}
}

// TestRedirectsAreNotFollowed: a 3xx answer to an authorized request
// comes back as it is through Client, and a client that does follow
// redirects gets an error instead of sending the credential and the body
// where the answer points (same host on another port, where net/http
// would keep the Authorization header).
func TestRedirectsAreNotFollowed(t *testing.T) {
	cases := []struct {
		name    string
		client  func(http.RoundTripper) *http.Client
		refused bool
	}{
		{"Client returns the 3xx", Client, false},
		{"a following client is refused", func(rt http.RoundTripper) *http.Client { return &http.Client{Transport: rt} }, true},
	}
	for _, c := range cases {
		for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(c.name+"/"+strconv.Itoa(status), func(t *testing.T) {
				var other atomic.Int32
				elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { other.Add(1) }))
				t.Cleanup(elsewhere.Close)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, elsewhere.URL+r.URL.Path, status)
				}))
				t.Cleanup(srv.Close)
				client := c.client(Authorized(New(Options{}), StaticToken("SSWS", "tok")))
				resp, err := client.Post(srv.URL+"/api", "text/plain", strings.NewReader("secret body"))
				if c.refused {
					require.ErrorIs(t, err, errRedirect)
				} else {
					require.NoError(t, err)
					resp.Body.Close()
					require.Equal(t, status, resp.StatusCode)
					require.Equal(t, elsewhere.URL+"/api", resp.Header.Get("Location"))
				}
				require.Zero(t, other.Load(), "nothing reached where the redirect pointed")
			})
		}
	}
}

func TestStackKeepsTheCallersUserAgentAndHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("x"))
	require.NoError(t, err)
	req.Header["User-Agent"] = []string{"mine/1"}
	req.Header["Accept"] = []string{"a", "b"}
	req.Header["X-Nil"] = nil
	resp, err := Doer(Authorized(New(Options{}), StaticToken("SSWS", "tok"))).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "mine/1", got.Get("User-Agent"))
	require.Equal(t, []string{"a", "b"}, got.Values("Accept"))
	require.Equal(t, "SSWS tok", got.Get("Authorization"))
	require.Equal(t, http.Header{"User-Agent": {"mine/1"}, "Accept": {"a", "b"}, "X-Nil": nil}, req.Header, "the caller's headers are not modified")
}

func TestDoerErrorsAreURLErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()
	req, err := http.NewRequest(http.MethodDelete, addr+"/x", nil)
	require.NoError(t, err)
	_, err = Doer(New(Options{MaxRetries: -1})).Do(req)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	require.Equal(t, "Delete", ue.Op)
	require.Equal(t, addr+"/x", ue.URL)
	_, plain := (&http.Client{Transport: New(Options{MaxRetries: -1})}).Do(req) //nolint:bodyclose // the request must fail: there is no answer
	require.Equal(t, plain.Error(), err.Error(), "as an http.Client says it")
}

// TestForOneRequest: a request built with ForOneRequest's context is sent
// as it is, its own header carrying the credential and the User-Agent;
// any other request is copied and the caller's left as it was.
func TestForOneRequest(t *testing.T) {
	type sent struct {
		req    *http.Request
		header http.Header
	}
	var got []sent
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, sent{r, r.Header.Clone()})
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	// The base credkit makes (OwnBase), whose header deadline is net/http's
	// own: a caller's transport gets a copy carrying the attempt's context
	// (TestHeaderDeadlineOnACallersTransport).
	stack := Authorized(New(Options{Base: owned(base)}), StaticToken("SSWS", "tok"))
	shared := ForOneRequest(context.Background())
	tests := []struct {
		name    string
		ctx     context.Context
		header  http.Header
		inPlace bool
	}{
		{"built with ForOneRequest: sent as it is", ForOneRequest(context.Background()), http.Header{"Accept": {"application/json"}}, true},
		{"no header at all", ForOneRequest(context.Background()), nil, true},
		{"the first request of a context", shared, http.Header{"Accept": {"a"}}, true},
		{"a second request of that context is copied", shared, http.Header{"Accept": {"a"}}, false},
		{"any other context: copied", context.Background(), http.Header{"Accept": {"b"}}, false},
		{"a context derived from ForOneRequest's: copied", context.WithValue(ForOneRequest(context.Background()), otherKey{}, 1), http.Header{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			req, err := http.NewRequestWithContext(tt.ctx, http.MethodGet, "https://example.okta.com/api/v1/apps", nil)
			require.NoError(t, err)
			req.Header = tt.header.Clone()
			before := tt.header.Clone()
			resp, err := Doer(stack).Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Len(t, got, 1)
			require.Equal(t, "SSWS tok", got[0].header.Get("Authorization"))
			require.Equal(t, UserAgent, got[0].header.Get("User-Agent"))
			for name, values := range before {
				require.Equal(t, values, got[0].header[name], name)
			}
			if tt.inPlace {
				require.Same(t, req, got[0].req, "the request itself")
				require.Equal(t, "SSWS tok", req.Header.Get("Authorization"))
			} else {
				require.NotSame(t, req, got[0].req, "a copy")
				require.Equal(t, before, req.Header, "the caller's header is not modified")
			}
			_, ok := stateOf(got[0].req.Context()).Context.(*requestState)
			require.Equal(t, !tt.inPlace && tt.ctx == shared, ok, "a copy's state wraps the used one")
		})
	}
}

// TestForOneRequestRetries: the retry state lives in ForOneRequest's
// context, so the retries of such a request follow the policy.
func TestForOneRequestRetries(t *testing.T) {
	srv, calls := scripted(t, 500, 503, 200)
	fs := &sim.FakeSleep{}
	rt := New(Options{MaxRetries: 3, ErrorDelay: func(attempt int) time.Duration { return time.Duration(attempt+1) * time.Second }, Sleep: fs.Sleep})
	req, err := http.NewRequestWithContext(ForOneRequest(context.Background()), http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	resp, err := Doer(rt).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, int32(3), calls.Load())
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second}, fs.Recorded(), "the attempt count is kept across the retries")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRetriesWithoutABody: a request with no body goes to go-retryablehttp's
// Client without its RoundTripper's wrapper (stack.send), under the same
// policy as any other.
func TestRetriesWithoutABody(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		ctx       context.Context
		script    []int
		status    int // 0: a transport error
		calls     int32
		wantWaits []time.Duration
	}{
		{"GET 500 then 200", http.MethodGet, context.Background(), []int{500, 200}, 200, 2, []time.Duration{time.Second}},
		{"DELETE 503 twice, ForOneRequest", http.MethodDelete, ForOneRequest(context.Background()), []int{503, 503, 204}, 204, 3, []time.Duration{time.Second, time.Second}},
		{"GET 429 until retries run out", http.MethodGet, context.Background(), []int{429}, 429, 3, []time.Duration{8 * time.Second, 8 * time.Second}},
		{"GET after a dropped connection", http.MethodGet, ForOneRequest(context.Background()), []int{0, 200}, 200, 2, []time.Duration{time.Second}},
		{"GET dropped every time: the transport error", http.MethodGet, context.Background(), []int{0}, 0, 3, []time.Duration{time.Second, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := scripted(t, tt.script...)
			fs := &sim.FakeSleep{}
			rt := New(Options{MaxRetries: 2, RateLimitDelay: OktaDelay, ErrorDelay: func(int) time.Duration { return time.Second }, Sleep: fs.Sleep})
			req, err := http.NewRequestWithContext(tt.ctx, tt.method, srv.URL, nil)
			require.NoError(t, err)
			resp, err := Doer(rt).Do(req)
			if tt.status == 0 {
				var ue *url.Error
				require.ErrorAs(t, err, &ue)
				require.NotErrorAs(t, ue.Err, new(*url.Error), "wrapped once, as an http.Client does")
			} else {
				require.NoError(t, err)
				require.Equal(t, tt.status, resp.StatusCode)
				resp.Body.Close()
			}
			require.Equal(t, tt.calls, calls.Load())
			require.Equal(t, tt.wantWaits, fs.Recorded())
		})
	}
}

// TestBodyCapAcrossRetries: every attempt's answer is capped, and the
// answer returned after retries reads its own body, not an earlier
// attempt's (one capped body per request, reused by each attempt).
func TestBodyCapAcrossRetries(t *testing.T) {
	tests := []struct {
		name    string
		answers []string // status:body, one per attempt
		max     int64
		want    string
		tooBig  bool
	}{
		{"the last attempt's body", []string{"503:first attempt", "502:second", "200:third"}, 1024, "third", false},
		{"each attempt capped afresh", []string{"503:" + strings.Repeat("x", 900), "200:" + strings.Repeat("y", 900)}, 1000, strings.Repeat("y", 900), false},
		{"the last attempt over the cap", []string{"503:small", "200:" + strings.Repeat("z", 2000)}, 1000, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				status, body, _ := strings.Cut(tt.answers[min(int(calls.Add(1))-1, len(tt.answers)-1)], ":")
				code, _ := strconv.Atoi(status)
				w.WriteHeader(code)
				w.(http.Flusher).Flush() // chunked, no Content-Length: the cap is met while reading
				_, _ = io.WriteString(w, body)
			}))
			defer srv.Close()
			fs := &sim.FakeSleep{}
			rt := New(Options{MaxBody: tt.max, ErrorDelay: func(int) time.Duration { return 0 }, Sleep: fs.Sleep})
			for _, ctx := range []context.Context{context.Background(), ForOneRequest(context.Background())} {
				calls.Store(0)
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
				require.NoError(t, err)
				resp, err := Doer(rt).Do(req)
				require.NoError(t, err)
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.Equal(t, int32(len(tt.answers)), calls.Load())
				if tt.tooBig {
					require.True(t, IsBodyTooLarge(err), "%v", err)
					continue
				}
				require.NoError(t, err)
				require.Equal(t, tt.want, string(got))
			}
		})
	}
}

// TestSharedHeader: requests of their own with no header share one header,
// the credential and the User-Agent, made again when the token changes;
// concurrent requests only read it (run with -race).
func TestSharedHeader(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		_ = r.Header.Get("Authorization") + r.Header.Get("User-Agent") // a reader, as net/http is
		mu.Lock()
		seen = append(seen, r.Header)
		mu.Unlock()
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	src := &rotatingSource{tokens: []*oauth2.Token{{AccessToken: "one", TokenType: "Bearer"}}}
	doer := Doer(Authorized(New(Options{Base: base}), src))
	send := func(t *testing.T, header http.Header) *http.Request {
		req, err := http.NewRequestWithContext(ForOneRequest(context.Background()), http.MethodGet, "https://example.okta.com/api/v1/apps", nil)
		require.NoError(t, err)
		req.Header = header
		resp, err := doer.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return req
	}
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(t, http.Header{})
		}()
	}
	wg.Wait()
	require.Len(t, seen, 32)
	for _, h := range seen {
		require.Equal(t, http.Header{"Authorization": {"Bearer one"}, "User-Agent": {UserAgent}}, h)
		require.Equal(t, reflect.ValueOf(seen[0]).UnsafePointer(), reflect.ValueOf(h).UnsafePointer(), "one map for all")
	}
	own := send(t, http.Header{"Accept": {"application/json"}})
	require.Equal(t, http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer one"}, "User-Agent": {UserAgent}}, own.Header,
		"a request with a header of its own keeps it")
	require.Len(t, seen[0], 2, "the shared header is not written")

	src.tokens = []*oauth2.Token{{AccessToken: "two", TokenType: "Bearer"}}
	next := send(t, nil)
	require.Equal(t, "Bearer two", next.Header.Get("Authorization"), "a new token, a new shared header")
	require.Equal(t, "Bearer one", seen[0].Get("Authorization"))
}

// closeRecorder is a request body that records being closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// TestSetHeader: below the http.Client, a request of the stack's own
// takes the header its state holds; any other passes as it is, and one
// made from a redirect is refused before it is sent.
func TestSetHeader(t *testing.T) {
	shared := http.Header{"Authorization": {"SSWS tok"}, "User-Agent": {UserAgent}}
	cases := []struct {
		name       string
		state      *requestState // nil: a context of another kind
		header     http.Header
		redirected bool
		want       http.Header // what the base sees; nil: nothing reaches it
	}{
		{"a request without a header takes the shared one", &requestState{header: shared}, noHeader, false, shared},
		{"a request with a header of its own keeps it", &requestState{}, http.Header{"Accept": {"a"}}, false, http.Header{"Accept": {"a"}}},
		{"a request of another context passes as it is", nil, http.Header{"Accept": {"a"}}, false, http.Header{"Accept": {"a"}}},
		{"a request made from a redirect gets no credential", &requestState{header: shared}, noHeader, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var seen http.Header
			base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				seen = r.Header
				return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
			})
			ctx := context.Background()
			if c.state != nil {
				c.state.Context = ctx
				ctx = c.state
			}
			body := &closeRecorder{Reader: strings.NewReader("x")}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://example.okta.com/api/v1/apps", body)
			require.NoError(t, err)
			req.Header = c.header
			if c.redirected {
				req.Response = &http.Response{StatusCode: http.StatusFound}
			}
			_, err = setHeader{next: base}.RoundTrip(req) //nolint:bodyclose // the redirect is refused: there is no answer
			if c.want == nil {
				require.ErrorIs(t, err, errRedirect)
				require.Nil(t, seen, "nothing was sent")
				require.True(t, body.closed, "the body is closed, as a RoundTripper must")
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, seen)
		})
	}
	require.Empty(t, noHeader, "nothing wrote the empty header")
}

// TestStackAllocations: a generated client's GET (ForOneRequest, no
// header) through New's stack: the request, its header and its retry
// state are not copied, and go-retryablehttp's http.Client copies an empty
// header, not the credential's.
func TestStackAllocations(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody}
	canned := roundTripFunc(func(*http.Request) (*http.Response, error) { return resp, nil })
	perRequest := func(base http.RoundTripper) float64 {
		doer := Doer(Authorized(New(Options{Base: base}), StaticToken("SSWS", "tok")))
		return testing.AllocsPerRun(200, func() {
			req, err := http.NewRequestWithContext(ForOneRequest(context.Background()), http.MethodGet, "https://example.okta.com/api/v1/apps/0oa1/tokens", nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := doer.Do(req); err != nil { //nolint:bodyclose // counts allocations; the canned answer has an empty body
				t.Fatal(err)
			}
		})
	}
	// 10 as measured, the request's own included; 12 while the
	// http.Client copied the shared two-key header (a map and its values).
	// On the base credkit makes (OwnBase), the header deadline is
	// net/http's and an empty body needs no timer: the deadlines cost none.
	require.LessOrEqual(t, perRequest(owned(canned)), 10.0, "allocations per request, credkit's own base")
	// A caller's transport: the header deadline's context (and its cancel
	// function), the attempt the watchdog watches, and the copy of the
	// request that carries the context (14 as measured).
	require.LessOrEqual(t, perRequest(canned), 14.0, "allocations per request, a caller's base")
}

// owned is rt as the base OwnBase makes, with the default timeouts: the
// stack leaves the connect, TLS and header deadlines to it.
func owned(rt http.RoundTripper) http.RoundTripper {
	return &ownedBase{rt: rt, l: resolve(unified.Timeouts{})}
}

// BenchmarkStackRoundTrip is one generated client's GET through New's
// whole stack (credential, User-Agent, pacing, retries, body cap) on a
// canned base that answers at once, its small JSON body read to the end
// and closed, as call.Do does: what the stack costs per request without
// the network.
func BenchmarkStackRoundTrip(b *testing.B) {
	const body = `[{"id":"ocs1","status":"ACTIVE","client_secret":"abc","created":"2026-01-01T00:00:00.000Z"}]`
	base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
	})
	for _, bb := range []struct {
		name string
		base http.RoundTripper
	}{{"own", owned(base)}, {"callers", base}} {
		b.Run(bb.name, func(b *testing.B) { benchmarkStack(b, bb.base, body) })
	}
}

func benchmarkStack(b *testing.B, base http.RoundTripper, body string) {
	doer := Doer(Authorized(New(Options{Base: base}), StaticToken("SSWS", "tok")))
	buf := make([]byte, 512)
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ForOneRequest(context.Background()), http.MethodGet, "https://example.okta.com/api/v1/apps/0oa1/credentials/secrets", nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := doer.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				break
			}
		}
		resp.Body.Close()
	}
}

// otherKey is a context key of the tests, for a value of no meaning.
type otherKey struct{}
