package unified

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// countingProvider rotates in memory, failing the clients it is told to,
// and records how many rotations ran at once.
type countingProvider struct {
	CredentialProvider
	failFor          map[string]bool
	running, maxSeen atomic.Int32
	gate             chan struct{}
}

func (p *countingProvider) RotateSecret(ctx context.Context, clientID string, _ *RotateOptions) (*Rotation, error) {
	n := p.running.Add(1)
	defer p.running.Add(-1)
	for {
		m := p.maxSeen.Load()
		if n <= m || p.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	if p.gate != nil {
		<-p.gate
	}
	if p.failFor[clientID] {
		return &Rotation{ClientID: clientID}, &Error{Code: Internal, Vendor: Okta, Op: "RotateSecret"}
	}
	return &Rotation{Vendor: Okta, ClientID: clientID, NewClientID: clientID}, nil
}

func (p *countingProvider) FinishRotation(_ context.Context, r *Rotation) error {
	if p.failFor[r.ClientID] {
		return &Error{Code: Unavailable}
	}
	return nil
}

func TestRotateSecretsIsolatesFailures(t *testing.T) {
	p := &countingProvider{failFor: map[string]bool{"c2": true}}
	var mu sync.Mutex
	var progress []int
	ids := []string{"c1", "c2", "c3", "c1", "c4", "c5", "c6", "c7"}
	results := RotateSecrets(context.Background(), p, ids, &BulkOptions{Concurrency: 3, Progress: func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		require.Equal(t, len(ids), total)
		progress = append(progress, done)
	}})
	require.Len(t, results, len(ids))
	want := []BulkStatus{BulkDone, BulkFailed, BulkDone, BulkSkipped, BulkDone, BulkDone, BulkDone, BulkDone}
	for i, r := range results {
		require.Equal(t, ids[i], r.ClientID, "results keep the input order")
		require.Equal(t, want[i], r.Status, ids[i])
	}
	require.ErrorIs(t, results[1].Err, ErrInternal)
	require.NotNil(t, results[1].Rotation, "a failed begin keeps its partial rotation")
	slices.Sort(progress)
	require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8}, progress, "each client reported once")
	require.LessOrEqual(t, p.maxSeen.Load(), int32(3))

	var rots []*Rotation
	for _, r := range results {
		if r.Status == BulkDone {
			rots = append(rots, r.Rotation)
		}
	}
	rots = append(rots, &Rotation{ClientID: "c2"})
	finished := FinishRotations(context.Background(), p, rots, nil)
	require.Equal(t, BulkDone, finished[0].Status)
	require.Equal(t, BulkFailed, finished[len(finished)-1].Status)
	require.ErrorIs(t, finished[len(finished)-1].Err, ErrUnavailable)
}

func TestRotateSecretsConcurrencyBound(t *testing.T) {
	p := &countingProvider{gate: make(chan struct{})}
	go func() {
		for p.running.Load() < 2 {
			runtime.Gosched()
		}
		close(p.gate)
	}()
	results := RotateSecrets(context.Background(), p, []string{"a", "b", "c", "d", "e"}, &BulkOptions{Concurrency: 2})
	require.Equal(t, int32(2), p.maxSeen.Load())
	for _, r := range results {
		require.Equal(t, BulkDone, r.Status)
	}
}

func TestRotateSecretsSkipsAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := RotateSecrets(ctx, &countingProvider{}, []string{"a", "b"}, nil)
	for _, r := range results {
		require.Equal(t, BulkSkipped, r.Status)
		require.True(t, errors.Is(r.Err, context.Canceled))
	}
}
