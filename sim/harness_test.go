package sim

import (
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHarnessCountsAndFaults(t *testing.T) {
	var gotClock *ManualClock
	h := NewHarness(t, func(c *ManualClock, _ *Faults) http.Handler {
		gotClock = c
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	})
	require.Same(t, h.Clock, gotClock)
	require.Same(t, h.Clock, h.Sleep.Clock)
	c := &http.Client{Transport: h.Transport()}
	for range 3 {
		resp, err := c.Get(h.URL + "/x")
		require.NoError(t, err)
		resp.Body.Close()
	}
	require.Equal(t, 3, h.Requests())
}

// ServeOptions: the harness serves over TLS that only its Transport
// trusts, shows connections and requests to the test, and uses the
// clock and faults it is given.
func TestServedHarness(t *testing.T) {
	clock, faults := NewManualClock(Epoch), NewFaults(0, 1)
	var conns atomic.Int32
	var paths []string
	h := NewServedHarness(t, &ServeOptions{
		Clock: clock, Faults: faults, TLS: true,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		},
		Observe: func(r *http.Request) { paths = append(paths, r.URL.EscapedPath()) },
		Wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Wrapped", "yes")
				next.ServeHTTP(w, r)
			})
		},
	}, func(c *ManualClock, f *Faults) http.Handler {
		require.Same(t, clock, c)
		require.Same(t, faults, f)
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	})
	require.True(t, strings.HasPrefix(h.URL, "https://"), h.URL)
	require.Same(t, clock, h.Sleep.Clock)

	_, err := http.Get(h.URL + "/untrusted") //nolint:bodyclose // the request must fail: there is no answer
	require.Error(t, err, "the default client does not trust the test certificate")
	resp, err := (&http.Client{Transport: h.Transport()}).Get(h.URL + "/a%2Fb")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "the simulator answered")
	require.Equal(t, "yes", resp.Header.Get("X-Wrapped"), "through its wrapper")
	require.Equal(t, []string{"/a%2Fb"}, paths)
	require.Equal(t, 1, h.Requests())
	require.Equal(t, int32(2), conns.Load())
}

// Filled takes a simulator's manual clock and faults where the serve
// options leave them unset, and never overrides what they set.
func TestServeOptionsFilled(t *testing.T) {
	mine, theirs := NewManualClock(Epoch), NewManualClock(Epoch)
	f1, f2 := NewFaults(0, 1), NewFaults(1, 1)
	for _, c := range []struct {
		name      string
		o         *ServeOptions
		clock     Clock
		faults    *Faults
		wantClock *ManualClock
		wantFault *Faults
	}{
		{"nil options, nothing given", nil, nil, nil, nil, nil},
		{"nil options, manual clock", nil, theirs, f2, theirs, f2},
		{"system clock is not a manual one", &ServeOptions{}, SystemClock{}, nil, nil, nil},
		{"set options win", &ServeOptions{Clock: mine, Faults: f1, TLS: true}, theirs, f2, mine, f1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.o.Filled(c.clock, c.faults)
			require.Same(t, c.wantClock, got.Clock)
			require.Same(t, c.wantFault, got.Faults)
			if c.o != nil {
				require.Equal(t, c.o.TLS, got.TLS)
				require.NotSame(t, c.o, got, "the options given are not changed")
			}
		})
	}
}
