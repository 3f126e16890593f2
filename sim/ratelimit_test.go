package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLimiterWindows(t *testing.T) {
	clock := NewManualClock(Epoch)
	l := NewLimiter(RateLimit{Limit: 2, Window: time.Minute}, clock)

	v := l.Take("a")
	require.Equal(t, Verdict{Allowed: true, Limit: 2, Remaining: 1, Reset: Epoch.Add(time.Minute)}, v)
	require.True(t, l.Take("a").Allowed)
	refused := l.Take("a")
	require.False(t, refused.Allowed)
	require.Zero(t, refused.Remaining)
	require.True(t, l.Take("b").Allowed, "buckets are independent")

	clock.Advance(time.Minute)
	again := l.Take("a")
	require.True(t, again.Allowed, "a new window starts when the old one ends")
	require.Equal(t, Epoch.Add(2*time.Minute), again.Reset)
}

func TestLimiterZeroLimitAllowsAll(t *testing.T) {
	l := NewLimiter(RateLimit{}, NewManualClock(Epoch))
	for range 1000 {
		require.True(t, l.Take("x").Allowed)
	}
}
