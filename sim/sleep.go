package sim

import (
	"context"
	"sync"
	"time"
)

// FakeSleep is the one fake sleep of credkit's tests: it records every
// wait a provider asks for (its Options.Sleep) and, when Clock is set,
// moves that clock by it instead of waiting, so that rate-limit windows
// pass at once. It honours the context. The zero value is ready to use.
type FakeSleep struct {
	// Clock, if set, is advanced by every wait.
	Clock *ManualClock

	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d, advances the clock, and returns the context's error.
func (f *FakeSleep) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	if f.Clock != nil {
		f.Clock.Advance(d)
	}
	return ctx.Err()
}

// Waits is how many waits were asked for.
func (f *FakeSleep) Waits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.waits)
}

// Recorded returns the waits, in order.
func (f *FakeSleep) Recorded() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// Total is the sum of the waits.
func (f *FakeSleep) Total() time.Duration {
	var sum time.Duration
	for _, d := range f.Recorded() {
		sum += d
	}
	return sum
}
