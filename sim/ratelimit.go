package sim

import (
	"sync"
	"time"
)

// RateLimit is a fixed-window request ceiling: at most Limit requests per
// Window in each bucket. A zero Limit means no limit.
type RateLimit struct {
	Limit  int
	Window time.Duration
}

// Verdict is what a rate limiter says about one request.
type Verdict struct {
	Allowed   bool
	Limit     int
	Remaining int
	Reset     time.Time // when the current window ends
}

// Limiter counts requests per bucket against a RateLimit, on a Clock.
type Limiter struct {
	mu      sync.Mutex
	limit   RateLimit
	clock   Clock
	windows map[string]*window
}

type window struct {
	start time.Time
	used  int
}

// NewLimiter returns a limiter; a zero limit allows everything.
func NewLimiter(limit RateLimit, clock Clock) *Limiter {
	if limit.Window <= 0 {
		limit.Window = time.Minute
	}
	return &Limiter{limit: limit, clock: clock, windows: map[string]*window{}}
}

// Take counts one request against bucket and says whether it is allowed.
func (l *Limiter) Take(bucket string) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	w := l.windows[bucket]
	if w == nil || !now.Before(w.start.Add(l.limit.Window)) {
		w = &window{start: now}
		l.windows[bucket] = w
	}
	v := Verdict{Allowed: true, Limit: l.limit.Limit, Reset: w.start.Add(l.limit.Window)}
	if l.limit.Limit <= 0 {
		return v
	}
	if w.used >= l.limit.Limit {
		v.Allowed = false
		return v
	}
	w.used++
	v.Remaining = l.limit.Limit - w.used
	return v
}
