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
