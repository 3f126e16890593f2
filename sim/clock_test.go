package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestManualClock(t *testing.T) {
	c := NewManualClock(Epoch)
	require.Equal(t, Epoch, c.Now())
	c.Advance(90 * time.Second)
	require.Equal(t, Epoch.Add(90*time.Second), c.Now())
	require.WithinDuration(t, time.Now(), SystemClock{}.Now(), time.Minute)
}

// AdvanceTo moves the clock only forward.
func TestManualClockAdvanceTo(t *testing.T) {
	for _, c := range []struct {
		name string
		to   time.Time
		want time.Time
	}{
		{"later", Epoch.Add(time.Hour), Epoch.Add(time.Hour)},
		{"now", Epoch, Epoch},
		{"earlier", Epoch.Add(-time.Hour), Epoch},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := NewManualClock(Epoch)
			clock.AdvanceTo(c.to)
			require.Equal(t, c.want, clock.Now())
		})
	}
}
