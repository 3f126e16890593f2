package sim

import (
	"net/http"
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
