package transport

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
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
	fs := &sim.FakeSleep{}
	sleep := func(ctx context.Context, d time.Duration) error {
		windows.Add(1)
		return fs.Sleep(ctx, d)
	}
	client := &http.Client{Transport: New(Options{RateLimitDelay: OktaDelay, Sleep: sleep})}
	for range 3 {
		resp, err := client.Get(srv.URL + "/api/v1/apps/0oa1abcdef/credentials/secrets")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "the third request waited instead of being refused")
	}
	require.Len(t, fs.Recorded(), 1)
	require.InDelta(t, time.Minute.Seconds(), fs.Recorded()[0].Seconds(), 1, "it waited for the window to reset")
	require.Equal(t, int32(1), used.Load(), "the third request opened a new window")
}

func TestPacerSendsAtOnceWhenTheDeadlineIsShorter(t *testing.T) {
	srv, _ := windowServer(t, 1, new(atomic.Int32))
	fs := &sim.FakeSleep{}
	client := &http.Client{Transport: New(Options{RateLimitDelay: OktaDelay, Sleep: fs.Sleep})}
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
	require.Empty(t, fs.Recorded())
}

func TestPacerHoldsOthersAfterA429(t *testing.T) {
	delay := func(*http.Response, int) time.Duration { return 5 * time.Second }
	t.Run("a 429 the caller gets back holds the next request", func(t *testing.T) {
		srv, _ := scripted(t, 429, 200)
		fs := &sim.FakeSleep{}
		client := &http.Client{Transport: New(Options{MaxRetries: -1, RateLimitDelay: delay, Sleep: fs.Sleep})}
		resp, err := client.Get(srv.URL + "/a")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		resp, err = client.Get(srv.URL + "/b")
		require.NoError(t, err)
		resp.Body.Close()
		require.Len(t, fs.Recorded(), 1, "the other request waited out the hold")
		require.InDelta(t, 5, fs.Recorded()[0].Seconds(), 0.5)
	})
	t.Run("a retry that succeeds lifts the hold", func(t *testing.T) {
		srv, _ := scripted(t, 429, 200)
		fs := &sim.FakeSleep{}
		client := &http.Client{Transport: New(Options{RateLimitDelay: delay, Sleep: fs.Sleep})}
		for _, path := range []string{"/a", "/b"} {
			resp, err := client.Get(srv.URL + path)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
		}
		require.Equal(t, []time.Duration{5 * time.Second}, fs.Recorded(), "only the refused request waited, once")
	})
}

func TestBucketKey(t *testing.T) {
	cases := map[string]string{
		"/api/v1/apps/0oas92c5r8A1EQacI5d7/credentials/secrets/ocss9288npzaKNsaK5d7": "GET /api/v1/apps/{id}/credentials/secrets/{id}",
		"/api/v1/apps/0oa1/tokens":                           "GET /api/v1/apps/0oa1/tokens",
		"/v3/oauth-clients/ef38f94347e94562b5bb8424a56397d8": "GET /v3/oauth-clients/{id}",
		"/csp/gateway/am/api/orgs/3f2a/oauth-apps":           "GET /csp/gateway/am/api/orgs/3f2a/oauth-apps",
		"/api/v1/apps/my-app-42/credentials/keys/generate":   "GET /api/v1/apps/{id}/credentials/keys/generate",
		"/api/v1/apps/0oas92c5r8A1EQacI5d7/":                 "GET /api/v1/apps/{id}/",
		"/0oas92c5r8A1EQacI5d7":                              "GET /{id}",
		"/":                                                  "GET /",
		"":                                                   "GET ",
		"//x//":                                              "GET //x//",
	}
	for path, want := range cases {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		require.Equal(t, want, bucketKey(req), path)
		require.Equal(t, want, oldBucketKey(req), "as strings.Split and Join made it: %s", path)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/apps/0oas92c5r8A1EQacI5d7/credentials/secrets", nil)
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() { bucketKey(req) }), "one allocation")
}

func TestPacerKeyOf(t *testing.T) {
	p := newPacer(http.DefaultTransport, sleep, OktaDelay)
	long := "/api/v1/apps/" + strings.Repeat("a", 200) + "/tokens" // longer than keyOf's buffer
	for _, path := range []string{"/api/v1/apps/0oas92c5r8A1EQacI5d7/credentials/secrets", long, "/"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		first := p.bucketOf(req)
		require.Equal(t, bucketKey(req), first.key, path)
		require.Same(t, first, p.buckets[first.key], path)
		require.Same(t, first, p.bucketOf(req), "one bucket per key: %s", path)
		require.Equal(t, 0.0, testing.AllocsPerRun(100, func() { p.bucketOf(req) }), "a known bucket costs nothing: %s", path)
	}
	require.Len(t, p.buckets, 3)
}

func TestResponseTimeParsesEachDateOnce(t *testing.T) {
	answer := func(date string) *http.Response {
		return &http.Response{Header: http.Header{"Date": {date}}}
	}
	tests := []struct {
		date string
		want time.Time
	}{
		{"Wed, 02 Dec 2026 10:00:00 GMT", time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)},
		{"Wed, 02 Dec 2026 10:00:00 GMT", time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}, // cached
		{"Wed, 02 Dec 2026 10:00:01 GMT", time.Date(2026, 12, 2, 10, 0, 1, 0, time.UTC)}, // a new second
		{"Wednesday, 02-Dec-26 10:00:02 GMT", time.Date(2026, 12, 2, 10, 0, 2, 0, time.UTC)},
	}
	for _, tt := range tests {
		require.True(t, tt.want.Equal(responseTime(answer(tt.date))), tt.date)
	}
	resp := answer("Wed, 02 Dec 2026 10:00:03 GMT")
	responseTime(resp)
	require.Equal(t, 0.0, testing.AllocsPerRun(100, func() { responseTime(resp) }), "a Date seen last is not parsed again")
	for _, bad := range []string{"", "yesterday"} {
		before := time.Now()
		require.False(t, responseTime(answer(bad)).Before(before), "no usable Date: now (%q)", bad)
	}
}

// sleep moves the clock d past now and records d; if gate is set, it
// first hands the call to the test and waits to be released.
type clockSleep struct {
	clock *sim.ManualClock
	gate  chan sleepCall
	mu    sync.Mutex
	waits map[string][]time.Duration // by the name in the context
}

type sleepCall struct {
	name    string
	d       time.Duration
	release chan struct{}
}

type nameKey struct{}

func (s *clockSleep) sleep(ctx context.Context, d time.Duration) error {
	name, _ := ctx.Value(nameKey{}).(string)
	start := s.clock.Now()
	s.mu.Lock()
	s.waits[name] = append(s.waits[name], d)
	s.mu.Unlock()
	if s.gate != nil {
		release := make(chan struct{})
		s.gate <- sleepCall{name, d, release}
		<-release
	}
	s.clock.AdvanceTo(start.Add(d))
	return ctx.Err()
}

// pacerOnClock is a pacer whose clock and sleeps are fake; it sends
// nothing itself (the tests call admit and observe).
func pacerOnClock(gated bool) (*pacer, *sim.ManualClock, *clockSleep) {
	clock := sim.NewManualClock(epoch)
	s := &clockSleep{clock: clock, waits: map[string][]time.Duration{}}
	if gated {
		s.gate = make(chan sleepCall)
	}
	p := newPacer(nil, s.sleep, func(*http.Response, int) time.Duration { return 5 * time.Second })
	p.now = clock.Now
	return p, clock, s
}

// oktaAnswer is an answer as Okta sends it at the clock's time, in minute
// windows counted from epoch.
func oktaAnswer(clock *sim.ManualClock, status, limit, remaining int) *http.Response {
	now := clock.Now()
	end := epoch.Add((now.Sub(epoch)/time.Minute + 1) * time.Minute)
	h := http.Header{}
	h.Set("Date", now.Format(http.TimeFormat))
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(end.Unix(), 10))
	return &http.Response{StatusCode: status, Header: h}
}

// TestPacerCountsTheWindow drives the pacer's accounting step by step on
// a fake clock: each step sends a request into a bucket (and says how long
// it must wait first) or answers one.
func TestPacerCountsTheWindow(t *testing.T) {
	const x, y = "GET /x", "GET /y"
	type step struct {
		send      string          // a request into this bucket...
		wantWaits []time.Duration // ...that waits this long first (nil: at once)
		answer    string          // or an answer from this bucket...
		remaining int             // ...with this X-Rate-Limit-Remaining
		status    int             // ...and this status (0: 200)
		bare      bool            // ...without rate limit headers
		advance   time.Duration   // or the clock moves
	}
	send := func(key string, waits ...time.Duration) step { return step{send: key, wantWaits: waits} }
	answer := func(key string, remaining int) step { return step{answer: key, remaining: remaining} }
	cases := []struct {
		name  string
		limit int
		steps []step
	}{
		{"answers out of order: a request the vendor counted is not counted twice", 5, []step{
			send(x), send(x), send(x), send(x),
			answer(x, 1), // the fourth request's answer comes first: the vendor counted all four
			send(x),      // one place is left
			send(x, time.Minute),
		}},
		{"answers in order: the requests in flight still count", 3, []step{
			send(x), send(x), answer(x, 2), send(x), send(x, time.Minute),
		}},
		{"another client's requests count", 3, []step{
			send(x), answer(x, 0), send(x, time.Minute),
		}},
		{"the end of the window brings the full limit back", 2, []step{
			send(x), send(x), answer(x, 1), answer(x, 0),
			send(x, time.Minute), answer(x, 1), send(x), send(x, time.Minute),
		}},
		{"a hold after a 429 elsewhere is not the end of this window", 2, []step{
			send(x), send(x), answer(x, 1), answer(x, 0),
			send(y), {answer: y, status: http.StatusTooManyRequests},
			send(x, 5*time.Second, 55*time.Second), // the hold, then what is left of x's window
		}},
		{"the clock passing the window's end opens the next", 2, []step{
			send(x), send(x), answer(x, 1), answer(x, 0),
			{advance: time.Minute}, send(x), send(x), answer(x, 0), send(x, time.Minute),
		}},
		{"a window that ended with room: those sent after its end fill the next", 3, []step{
			send(x), answer(x, 2), {advance: time.Minute},
			send(x), send(x), send(x), answer(x, 0), send(x, time.Minute),
		}},
		{"a window that ended with room: the one in flight counts in the next", 3, []step{
			send(x), send(x), answer(x, 1), {advance: time.Minute},
			send(x), send(x), answer(x, 0), send(x, time.Minute),
		}},
		{"a window of unknown end and nothing in flight to tell it: send", 1, []step{
			send(x), answer(x, 0), {advance: time.Minute}, send(x), {answer: x, bare: true}, send(x),
		}},
		{"a hold after a 429 does not fill a window with room", 3, []step{
			send(x), answer(x, 2),
			send(y), {answer: y, status: http.StatusTooManyRequests},
			send(x, 5*time.Second), send(x), send(x, 55*time.Second),
		}},
	}
	for _, c := range cases {
		for _, spelling := range []string{"X-Rate-Limit-", "X-RateLimit-"} { // Okta's, Auth0's
			t.Run(c.name+"/"+spelling, func(t *testing.T) {
				p, clock, s := pacerOnClock(false)
				owners := map[string]*requestState{}
				for i, st := range c.steps {
					if st.advance > 0 {
						clock.Advance(st.advance)
						continue
					}
					if st.send != "" {
						name := strconv.Itoa(i)
						owners[st.send] = &requestState{}
						require.NoError(t, p.admit(context.WithValue(context.Background(), nameKey{}, name), bucketNamed(p, st.send), owners[st.send]))
						require.Equal(t, st.wantWaits, s.waits[name], "step %d: the waits of a request into %s", i, st.send)
						continue
					}
					resp := oktaAnswer(clock, cmp.Or(st.status, http.StatusOK), c.limit, st.remaining)
					for _, name := range []string{"Limit", "Remaining", "Reset"} {
						v := resp.Header.Get("X-Rate-Limit-" + name)
						resp.Header.Del("X-Rate-Limit-" + name)
						resp.Header.Set(spelling+name, v)
					}
					if st.bare {
						resp.Header = http.Header{}
					}
					p.observe(bucketNamed(p, st.answer), owners[st.answer], resp)
				}
			})
		}
	}
}

// TestPacerLateAnswerOfTheSameWindow: an answer that arrives late (its
// Date seconds before the local clock reads it) names the same reset time
// as the window known; it is that window, not a new one, so its higher
// remaining count does not add room the vendor has not got.
func TestPacerLateAnswerOfTheSameWindow(t *testing.T) {
	for _, late := range []time.Duration{0, 1500 * time.Millisecond, 2 * time.Second, 30 * time.Second} {
		t.Run(late.String(), func(t *testing.T) {
			p, clock, s := pacerOnClock(false)
			b := bucketNamed(p, "GET /x")
			st := &requestState{}
			for range 4 {
				require.NoError(t, p.admit(context.Background(), b, st))
			}
			fourth, first := oktaAnswer(clock, http.StatusOK, 5, 1), oktaAnswer(clock, http.StatusOK, 5, 4)
			p.observe(b, st, fourth) // the vendor counted all four
			clock.Advance(late)
			p.observe(b, st, first) // an answer from before the fourth, read late
			require.NoError(t, p.admit(context.WithValue(context.Background(), nameKey{}, "fifth"), b, st))
			require.Empty(t, s.waits["fifth"], "one place is left")
			require.NoError(t, p.admit(context.WithValue(context.Background(), nameKey{}, "sixth"), b, st))
			require.Equal(t, []time.Duration{time.Minute - late}, s.waits["sixth"], "then the window is full")
		})
	}
}

// TestPacerLateWakerChecksTheWindow: two requests wait for the end of a
// full window; the first to wake opens the next one, and with another
// request fills it; the second, waking late, must not take the window for
// new: it waits for the end of that one.
func TestPacerLateWakerChecksTheWindow(t *testing.T) {
	p, clock, s := pacerOnClock(true)
	key := bucketNamed(p, "GET /x")
	bg := context.Background()
	for range 2 {
		require.NoError(t, p.admit(bg, key, &requestState{}))
	}
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 1))
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 0))

	waiting := func(name string) (<-chan sleepCall, chan error) {
		done := make(chan error, 1)
		go func() { done <- p.admit(context.WithValue(bg, nameKey{}, name), key, &requestState{}) }()
		return s.gate, done
	}
	gate, lateDone := waiting("late")
	late := <-gate
	require.Equal(t, "late", late.name)
	_, firstDone := waiting("first")
	first := <-gate
	require.Equal(t, "first", first.name)
	require.Equal(t, time.Minute, first.d)

	close(first.release) // the first wakes at the end of the window and opens the next
	require.NoError(t, <-firstDone)
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 1))
	require.NoError(t, p.admit(bg, key, &requestState{}), "one place was left in the new window")

	close(late.release) // the late one wakes into a full window
	select {
	case again := <-gate:
		require.Equal(t, "late", again.name)
		require.Equal(t, time.Minute, again.d, "it waits for the end of the window the others filled")
		close(again.release)
		require.NoError(t, <-lateDone)
	case err := <-lateDone:
		t.Fatalf("the late waker was let into the window the others had filled (admit: %v)", err)
	}
}

// TestPacerWaitsForTheFirstAnswerOfAFullWindow: once the clock passes a
// window's end, the pacer opens the next without knowing its end; when the
// requests in flight have filled it, the next request waits for their
// first answer, which tells how long the window lasts, then for its end.
func TestPacerWaitsForTheFirstAnswerOfAFullWindow(t *testing.T) {
	p, clock, s := pacerOnClock(false)
	key := bucketNamed(p, "GET /x")
	bg := context.Background()
	for range 2 {
		require.NoError(t, p.admit(bg, key, &requestState{}))
	}
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 1))
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 0))
	clock.Advance(time.Minute + time.Second)
	for range 2 {
		require.NoError(t, p.admit(bg, key, &requestState{}), "a new window")
	}
	done := make(chan error, 1)
	go func() { done <- p.admit(context.WithValue(bg, nameKey{}, "third"), key, &requestState{}) }()
	for waiting := false; !waiting; {
		select {
		case err := <-done:
			t.Fatalf("the third request was sent into the full window (admit: %v)", err)
		default:
		}
		p.mu.Lock()
		waiting = key.answer != nil
		p.mu.Unlock()
		runtime.Gosched()
	}
	p.observe(key, nil, oktaAnswer(clock, 200, 2, 1))
	require.NoError(t, <-done)
	s.mu.Lock()
	defer s.mu.Unlock()
	require.Equal(t, []time.Duration{59 * time.Second}, s.waits["third"], "then it waited for the end the answer told")
}

// oldBucketKey is how bucketKey used to fold a path.
func oldBucketKey(req *http.Request) string {
	segs := strings.Split(req.URL.Path, "/")
	for i, s := range segs {
		if looksLikeID(s) {
			segs[i] = "{id}"
		}
	}
	return req.Method + " " + strings.Join(segs, "/")
}

// bucketNamed is p's bucket of key, made on first use, as bucketOf makes
// a request's.
func bucketNamed(p *pacer, key string) *bucket {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.buckets[key] == nil {
		p.buckets[key] = &bucket{key: key}
	}
	return p.buckets[key]
}

// cannedAnswer answers every request with the same response, as Okta
// answers within one window.
type cannedAnswer struct{ resp *http.Response }

func (c cannedAnswer) RoundTrip(*http.Request) (*http.Response, error) { return c.resp, nil }

// BenchmarkPacerRoundTrip is what the pacer adds to one request that has
// room in its window: its bucket, its admission and reading the answer's
// rate limit headers.
func BenchmarkPacerRoundTrip(b *testing.B) {
	reset := time.Now().Add(time.Hour)
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{
		"Date":                   {reset.Add(-time.Hour).UTC().Format(http.TimeFormat)},
		"X-Rate-Limit-Limit":     {"1000000000"},
		"X-Rate-Limit-Remaining": {"999999999"},
		"X-Rate-Limit-Reset":     {strconv.FormatInt(reset.Unix(), 10)},
		"Content-Type":           {"application/json"},
	}}
	p := newPacer(cannedAnswer{resp}, sleep, OktaDelay)
	req := httptest.NewRequestWithContext(ForOneRequest(context.Background()), http.MethodGet, "https://o.example/api/v1/apps/0oas92c5r8A1EQacI5d7/tokens?limit=20", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.RoundTrip(req); err != nil { //nolint:bodyclose // a canned answer with an empty body, shared by every iteration
			b.Fatal(err)
		}
	}
}
