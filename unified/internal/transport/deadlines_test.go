package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// silentListener accepts connections on loopback and never writes a
// byte: not a TLS handshake, not an HTTP answer.
func silentListener(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		require.NoError(t, ln.Close())
		<-done
		for _, c := range conns {
			// The server side of a connection the client may have closed
			// first: an error here says nothing about the test.
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

// TestTLSHandshakeDeadline: a server that accepts and never speaks TLS
// fails the attempt on the base credkit makes, naming net/http's own
// TLSHandshakeTimeout.
func TestTLSHandshakeDeadline(t *testing.T) {
	addr := silentListener(t)
	rt := New(Options{MaxRetries: -1, Timeouts: unified.Timeouts{TLSHandshake: 100 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // the test's bound
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+addr+"/api/v1/apps", nil)
	_, err := Doer(rt).Do(req)
	require.Error(t, err)
	te, ok := IsTimeout(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, "no TLS handshake within 100ms", te.Error())
	require.NoError(t, ctx.Err(), "the deadline ended it, not the test's bound")
}

// TestHeaderDeadlineOnACallersTransport: a transport of the caller's is
// not configured; the header deadline is the stack's own timer, which
// cancels a copy of the request (the caller's is left as it was).
func TestHeaderDeadlineOnACallersTransport(t *testing.T) {
	addr := silentListener(t)
	theirs := &http.Transport{} // no ResponseHeaderTimeout of its own
	t.Cleanup(theirs.CloseIdleConnections)
	var sent atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) { sent.Add(1); return theirs.RoundTrip(r) })
	rt := New(Options{Base: base, ErrorDelay: func(int) time.Duration { return 0 }, MaxRetries: 1, Timeouts: unified.Timeouts{ResponseHeader: 50 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		sent.Store(0)
		req, _ := http.NewRequestWithContext(ctx, method, "http://"+addr+"/api/v1/apps", nil)
		_, err := Doer(rt).Do(req)
		te, ok := IsTimeout(err)
		require.True(t, ok, "%v", err)
		require.Equal(t, "no response headers within 50ms", te.Error())
		var ne net.Error
		require.True(t, errors.As(err, &ne) && ne.Timeout(), "a net.Error timeout, as net/http's own")
		require.Same(t, ctx, req.Context(), "the caller's request is left as it was")
		want := int32(2) // a GET is retried once (MaxRetries 1)
		if method == http.MethodPost {
			want = 1 // a POST never
		}
		require.Equal(t, want, sent.Load(), method)
	}
	require.NoError(t, ctx.Err())
}

// TestDeadlineErrorsOfTheOwnBaseAreNamed: net/http's errors for its own
// deadlines become TimeoutErrors that say which, and others pass as they
// are.
func TestDeadlineErrorsOfTheOwnBaseAreNamed(t *testing.T) {
	d := newDeadlines(newOwnedBase(resolve(unified.Timeouts{Connect: 3 * time.Second})), resolve(unified.Timeouts{})).(*deadlines)
	cases := []struct {
		err  error
		want string
	}{
		{&net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, "no connection within 3s"},
		{errors.New("net/http: TLS handshake timeout"), "no TLS handshake within 10s"},
		{errors.New("net/http: timeout awaiting response headers"), "no response headers within 30s"},
		{errors.New("http2: timeout awaiting response headers"), "no response headers within 30s"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, ""},
		{errors.New("EOF"), ""},
	}
	for _, c := range cases {
		got := d.name(c.err)
		if c.want == "" {
			require.Same(t, c.err, got)
			continue
		}
		require.EqualError(t, got, c.want)
	}
}

// TestRetryWaitsAreBounded: one wait longer than MaxWait is not taken
// (the 429 comes back at once, with its delay), and the waits of one
// request stop before their total passes MaxRetryWait.
func TestRetryWaitsAreBounded(t *testing.T) {
	retryAfter := func(secs int) DelayFunc {
		return func(*http.Response, int) time.Duration { return time.Duration(secs) * time.Second }
	}
	cases := []struct {
		name       string
		script     []int
		method     string
		delay      DelayFunc
		errorDelay time.Duration
		timeouts   unified.Timeouts
		wantStatus int
		wantCalls  int32
		wantWaits  []time.Duration
	}{
		{"a 429 of 70s is past the default MaxWait: returned at once", []int{429, 200}, http.MethodGet, retryAfter(70), 0,
			unified.Timeouts{}, 429, 1, nil},
		{"a 429 of 50s twice, then the 2m total would pass", []int{429}, http.MethodPost, retryAfter(50), 0,
			unified.Timeouts{}, 429, 3, []time.Duration{50 * time.Second, 50 * time.Second}},
		{"no MaxWait, no total: waited as the vendor asks", []int{429, 429, 200}, http.MethodGet, retryAfter(70), 0,
			unified.Timeouts{MaxWait: -1, MaxRetryWait: -1}, 200, 3, []time.Duration{70 * time.Second, 70 * time.Second}},
		{"5xx waits count too", []int{503}, http.MethodGet, retryAfter(1), 40 * time.Second,
			unified.Timeouts{MaxRetryWait: 100 * time.Second}, 503, 3, []time.Duration{40 * time.Second, 40 * time.Second}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, calls := scripted(t, c.script...)
			fs := &sim.FakeSleep{}
			rt := New(Options{MaxRetries: 10, RateLimitDelay: c.delay, ErrorDelay: func(int) time.Duration { return c.errorDelay }, Sleep: fs.Sleep, Timeouts: c.timeouts})
			req, _ := http.NewRequest(c.method, srv.URL+"/x", nil)
			resp, err := Doer(rt).Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, c.wantStatus, resp.StatusCode)
			require.Equal(t, c.wantCalls, calls.Load())
			require.Equal(t, c.wantWaits, fs.Recorded())
			if c.wantStatus == 429 {
				d, ok := RateLimitWait(resp)
				require.True(t, ok)
				require.Equal(t, c.delay(resp, 0), d, "the caller gets the vendor's delay")
			}
		})
	}
}

// TestPacerWaitsAreBounded: the pacer does not hold a request for a
// window longer than MaxWait (nor past the request's total): it sends it,
// and the vendor's 429 and its delay come back at once.
func TestPacerWaitsAreBounded(t *testing.T) {
	var used atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(used.Add(1))
		w.Header().Set("Date", epoch.Format(http.TimeFormat))
		w.Header().Set("X-Rate-Limit-Limit", "1")
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(epoch.Add(10*time.Minute).Unix(), 10)) // capped at 5m
		if n > 1 {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	t.Cleanup(srv.Close)
	fs := &sim.FakeSleep{}
	client := Client(New(Options{RateLimitDelay: OktaDelay, Sleep: fs.Sleep}))
	for _, want := range []int{http.StatusOK, http.StatusTooManyRequests} {
		resp, err := client.Get(srv.URL + "/api/v1/apps")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode)
	}
	require.Empty(t, fs.Recorded(), "neither the pacer nor the retry waited 5 minutes")
	require.Equal(t, int32(2), used.Load())
}

// TestWatchdogScan: the watchdog's verdicts at given instants, without a
// clock: progress seen at a tick restarts the idle count from that tick
// (never earlier than the last byte, so never early), a body with no
// progress for its idle limit is taken out, and so is one past its total
// however steadily it reads; the list emptied, the goroutine would end.
func TestWatchdogScan(t *testing.T) {
	t0 := time.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	w := &watchdog{tick: 25 * time.Millisecond}
	steady := &attempt{idle: 100 * time.Millisecond, total: 300 * time.Millisecond, start: t0}
	stalled := &attempt{idle: 100 * time.Millisecond, total: 300 * time.Millisecond, start: t0}
	w.mu.Lock()
	w.running = true // as watch leaves it; no goroutine in this test
	w.mu.Unlock()
	for _, a := range []*attempt{steady, stalled} {
		a.seenAt, a.inBody = a.start, true
		w.mu.Lock()
		a.prev, a.next, a.watched = nil, w.head, true
		if w.head != nil {
			w.head.prev = a
		}
		w.head = a
		w.mu.Unlock()
	}
	verdicts := func(now time.Time) (map[*attempt]string, bool) {
		out, more := w.scan(now, nil)
		got := map[*attempt]string{}
		for _, e := range out {
			got[e.a] = e.err.Error()
		}
		return got, more
	}
	steady.read.Add(1)
	got, more := verdicts(at(50))
	require.Empty(t, got)
	require.True(t, more)
	steady.read.Add(1)
	got, _ = verdicts(at(100)) // stalled: 100ms without a byte
	require.Equal(t, map[*attempt]string{stalled: "the response body stalled: no byte within 100ms"}, got)
	for ms := 150; ms < 300; ms += 50 {
		steady.read.Add(1)
		got, more = verdicts(at(ms))
		require.Empty(t, got, "%dms: a byte every 50ms is progress", ms)
		require.True(t, more)
	}
	steady.read.Add(1)
	got, more = verdicts(at(300))
	require.Equal(t, map[*attempt]string{steady: "the response body took longer than 300ms"}, got)
	require.False(t, more, "nothing left to watch: the goroutine ends")
	require.False(t, w.running)
}

// TestWatchdogHeaderDeadline: an attempt awaiting its headers is reported
// once its deadline passes, once only, and stays in the list (its
// RoundTrip takes it out, or moves it on to its body).
func TestWatchdogHeaderDeadline(t *testing.T) {
	t0 := time.Now()
	w := &watchdog{tick: 10 * time.Millisecond}
	a := &attempt{headers: 50 * time.Millisecond, start: t0}
	w.mu.Lock()
	a.prev, a.next, a.watched, w.head, w.running = nil, nil, true, a, true
	w.mu.Unlock()
	out, more := w.scan(t0.Add(40*time.Millisecond), nil)
	require.Empty(t, out)
	require.True(t, more)
	out, more = w.scan(t0.Add(50*time.Millisecond), nil)
	require.Len(t, out, 1)
	require.Equal(t, "no response headers within 50ms", out[0].err.Error())
	require.True(t, more)
	out, _ = w.scan(t0.Add(60*time.Millisecond), nil)
	require.Empty(t, out, "reported once")
	w.unwatch(a)
	_, more = w.scan(t0.Add(70*time.Millisecond), nil)
	require.False(t, more)
}
