package okta

import (
	"net/http"
	"time"

	"github.com/credkit/credkit/sim"
)

// writeFault is the sim.ErrorWriter of injected faults: a 429 like Okta's
// concurrency limit (remaining 0, reset after retryAfter) or a 500.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int, retryAfter time.Duration) {
	now := s.stamp(w)
	if status == http.StatusTooManyRequests {
		setRateHeaders(w.Header(), s.rate.Limit, 0, now.Add(retryAfter))
		s.writeError(w, errRateLimited())
		return
	}
	s.writeError(w, errInternal())
}

// Injected reports how many faults of each kind Options.Faults injected so
// far; empty without faults.
func (s *Server) Injected() map[sim.FaultKind]int {
	if s.faults == nil {
		return map[sim.FaultKind]int{}
	}
	return s.faults.Injected()
}
