package sim

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func faultServer(t *testing.T, f *Faults) (*httptest.Server, *atomic.Int32) {
	srv, handled := unclosedFaultServer(f)
	t.Cleanup(srv.Close)
	return srv, handled
}

// unclosedFaultServer is faultServer for a test that closes the server
// itself.
func unclosedFaultServer(f *Faults) (*httptest.Server, *atomic.Int32) {
	var handled atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		_, _ = io.WriteString(w, "ok")
	})
	writeErr := func(w http.ResponseWriter, _ *http.Request, status int, retry time.Duration) {
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())))
		w.WriteHeader(status)
	}
	return httptest.NewServer(InjectFaults(h, f, writeErr)), &handled
}

func TestScriptedFaults(t *testing.T) {
	cases := []struct {
		kind       FaultKind
		status     int
		dropped    bool
		handledHit int32
	}{
		{FaultRateLimit, http.StatusTooManyRequests, false, 0},
		{FaultInternal, http.StatusInternalServerError, false, 0},
		{FaultDrop, 0, true, 0},
		{FaultDropAfter, 0, true, 1},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			f := NewFaults(0, 1)
			f.Script(Fault{Kind: c.kind, Method: http.MethodPost, PathContains: "/secrets"})
			srv, handled := faultServer(t, f)

			resp, err := http.Get(srv.URL + "/secrets")
			require.NoError(t, err, "a GET does not match a POST fault")
			resp.Body.Close()
			require.Equal(t, int32(1), handled.Load())

			resp, err = http.Post(srv.URL+"/secrets", "text/plain", nil)
			if c.dropped {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				resp.Body.Close()
				require.Equal(t, c.status, resp.StatusCode)
			}
			require.Equal(t, 1+c.handledHit, handled.Load(), "handled only when the fault comes after")
			require.Equal(t, 1, f.Injected()[c.kind])

			resp, err = http.Post(srv.URL+"/secrets", "text/plain", nil)
			require.NoError(t, err, "a scripted fault is used once")
			resp.Body.Close()
		})
	}
}

// TestSlowFaultWaitsForTheClient: a slow fault holds the answer until the
// client gives up, with or without a request body, and then lets the
// request go, so that closing the server does not wait for it.
func TestSlowFaultWaitsForTheClient(t *testing.T) {
	cases := []struct {
		method string
		body   string
	}{
		{http.MethodGet, ""},
		{http.MethodPost, `{"client_secret":"the-new-secret"}`},
		{http.MethodPut, strings.Repeat("x", 64<<10)},
	}
	for _, c := range cases {
		t.Run(c.method, func(t *testing.T) {
			f := NewFaults(0, 1)
			f.Script(Fault{Kind: FaultSlow, Method: c.method})
			// Closed here, not in a cleanup: a request the fault still
			// holds would block Close for good.
			srv, handled := unclosedFaultServer(f)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			req, err := http.NewRequestWithContext(ctx, c.method, srv.URL, body)
			require.NoError(t, err)
			client := &http.Client{Transport: &http.Transport{}}
			_, err = client.Do(req) //nolint:bodyclose // the request must time out: there is no answer
			require.ErrorIs(t, err, context.DeadlineExceeded)
			require.Zero(t, handled.Load())
			require.Equal(t, 1, f.Injected()[FaultSlow])

			closed := make(chan struct{})
			go func() {
				srv.Close()
				close(closed)
			}()
			select {
			case <-closed:
			case <-time.After(2 * time.Second):
				t.Fatalf("%s with a %d-byte body: the slow fault still held the request after the client gave up", c.method, len(c.body))
			}
		})
	}
}

func TestRandomFaultRate(t *testing.T) {
	f := NewFaults(0.3, 42, FaultInternal)
	srv, _ := faultServer(t, f)
	failed := 0
	for range 200 {
		resp, err := http.Get(srv.URL)
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusInternalServerError {
			failed++
		}
	}
	require.InDelta(t, 60, failed, 20, "about 30%% of 200 requests fail")
	require.Equal(t, failed, f.Injected()[FaultInternal])
	var nilFaults *Faults
	require.Equal(t, FaultNone, nilFaults.next(httptest.NewRequest(http.MethodGet, "/", nil)))
}
