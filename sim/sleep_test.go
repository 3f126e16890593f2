package sim

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestFakeSleepMovesTheClock(t *testing.T) {
	c := NewManualClock(Epoch)
	f := &FakeSleep{Clock: c}
	require.NoError(t, f.Sleep(context.Background(), time.Second))
	require.NoError(t, f.Sleep(context.Background(), 2*time.Second))
	require.Equal(t, Epoch.Add(3*time.Second), c.Now())
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second}, f.Recorded())
	require.Equal(t, 2, f.Waits())
	require.Equal(t, 3*time.Second, f.Total())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, (&FakeSleep{}).Sleep(ctx, time.Hour), context.Canceled, "the zero value works and honours the context")
}
