package sim

import (
	"sync"
	"time"
)

// Clock tells a simulator the time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real time.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// ManualClock is a clock that moves only when told to, for deterministic
// recordings and for tests of expiry and rate-limit windows without sleeping.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// Epoch is the default start of a ManualClock: a fixed instant, so that
// recordings do not depend on when they were made.
var Epoch = time.Date(2026, 1, 6, 19, 50, 58, 0, time.UTC)

// NewManualClock returns a clock standing at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
