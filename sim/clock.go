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

// AdvanceTo moves the clock forward to t; a t not after now leaves it
// where it is (a clock never goes back). Sleeps that run at once use it:
// a wait that began at start ends at start+d, however many waits overlap.
func (c *ManualClock) AdvanceTo(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
}
