package unified

import (
	"context"
	"sync"
)

// BulkStatus is the outcome of one client in a bulk operation.
type BulkStatus string

// The bulk outcomes.
const (
	BulkDone    BulkStatus = "done"
	BulkFailed  BulkStatus = "failed"
	BulkSkipped BulkStatus = "skipped" // not attempted: a duplicate, or the context ended first
)

// BulkResult is what happened to one client.
type BulkResult struct {
	ClientID string
	Status   BulkStatus
	// Rotation is the rotation begun (RotateSecrets) or finished; on a
	// failed begin it may be partial, to resume with RotateOptions.Resume.
	Rotation *Rotation
	Err      error
}

// BulkOptions tune RotateSecrets and FinishRotations; nil means defaults.
type BulkOptions struct {
	// Concurrency is how many clients are worked on at once (default 4).
	// The provider's transport paces the requests themselves by the
	// vendor's rate-limit signals, so a higher value does not overrun it.
	Concurrency int
	// Rotate is passed to every RotateSecret.
	Rotate *RotateOptions
	// Progress, if set, is called after each client with how many are
	// done out of total; calls never overlap.
	Progress func(done, total int)
}

// RotateSecrets begins a rotation for every client, concurrently. One
// client's failure never stops or affects the others; the results are in
// the order of clientIDs.
func RotateSecrets(ctx context.Context, p CredentialProvider, clientIDs []string, opts *BulkOptions) []BulkResult {
	var rotate *RotateOptions
	if opts != nil {
		rotate = opts.Rotate
	}
	return runBulk(ctx, clientIDs, opts, func(ctx context.Context, i int) BulkResult {
		rot, err := p.RotateSecret(ctx, clientIDs[i], rotate)
		return BulkResult{Rotation: rot, Err: err}
	})
}

// FinishRotations finishes every rotation, concurrently, in the same way.
func FinishRotations(ctx context.Context, p CredentialProvider, rotations []*Rotation, opts *BulkOptions) []BulkResult {
	ids := make([]string, len(rotations))
	for i, r := range rotations {
		if r != nil {
			ids[i] = r.ClientID
		}
	}
	return runBulk(ctx, ids, opts, func(ctx context.Context, i int) BulkResult {
		return BulkResult{Rotation: rotations[i], Err: p.FinishRotation(ctx, rotations[i])}
	})
}

// runBulk runs one job per client with bounded concurrency.
func runBulk(ctx context.Context, clientIDs []string, opts *BulkOptions, job func(context.Context, int) BulkResult) []BulkResult {
	o := BulkOptions{Concurrency: 4}
	if opts != nil {
		o = *opts
		o.Concurrency = max(o.Concurrency, 1)
	}
	results := make([]BulkResult, len(clientIDs))
	seen := map[string]bool{}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		done     int
		slots    = make(chan struct{}, o.Concurrency)
		progress = func() {
			mu.Lock()
			defer mu.Unlock()
			done++
			if o.Progress != nil {
				o.Progress(done, len(clientIDs))
			}
		}
	)
	for i, id := range clientIDs {
		results[i].ClientID = id
		if seen[id] || ctx.Err() != nil {
			results[i].Status, results[i].Err = BulkSkipped, ctx.Err()
			progress()
			continue
		}
		seen[id] = true
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			results[i].Status, results[i].Err = BulkSkipped, ctx.Err()
			progress()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r := job(ctx, i)
			r.ClientID, r.Status = id, BulkDone
			if r.Err != nil {
				r.Status = BulkFailed
			}
			results[i] = r
			progress()
		}()
	}
	wg.Wait()
	return results
}
