package reliability

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// listing is the paged listing of each vendor a looping server meets:
// Okta's refresh tokens, the others' clients.
func listing(p *unified.Provider, app string) (string, func(context.Context) (int, error)) {
	if m := p; p.Capabilities().RefreshTokens {
		return "ListRefreshTokens", func(ctx context.Context) (n int, err error) {
			for _, err := range m.ListRefreshTokens(ctx, app, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}
	}
	l := p
	return "ListClients", func(ctx context.Context) (n int, err error) {
		for _, err := range l.ListClients(ctx) {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
}

// TestEndlessPagingEnds: Okta's Link rel="next" and CSP's nextLink that
// point back at their page, Auth0's page numbers answered with the same
// page again, listings that advance forever, or empty pages claiming more
// end with an Internal error naming the operation, after a bounded number
// of requests: at the default page cap and at a set one. SailPoint's
// listing is one request, whatever the server.
func TestEndlessPagingEnds(t *testing.T) {
	cases := []struct {
		mode   sim.Hostility
		limits hostileLimits
		// max is the most API requests (token requests aside) allowed;
		// auth0Max, when set, Auth0's.
		max, auth0Max int
		message       string
	}{
		// Auth0's pages go by number: a page sent again shows only in
		// the second answer.
		{sim.LoopSelf, hostileLimits{}, 1, 2, ""},
		{sim.LoopEmpty, hostileLimits{}, 1, 0, "empty"},
		{sim.LoopAdvance, hostileLimits{maxPages: 5}, 5, 0, "more than 5 pages"},
		{sim.LoopAdvance, hostileLimits{maxItems: 250}, 13, 3, "more than 250 items"}, // Okta: 20 a page, CSP and Auth0: 100
		{sim.LoopAdvance, hostileLimits{}, 1000, 0, "Options.M"},
	}
	for _, vendor := range vendors {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/%s/pages=%d,items=%d", vendor, c.mode, c.limits.maxPages, c.limits.maxItems), func(t *testing.T) {
				e := newHostileEnv(t, vendor, c.mode)
				p := e.provider(t, c.limits)
				op, list := listing(p, e.app)
				var peak peakHeap
				stop := peak.watch()
				n, err := list(context.Background())
				stop()
				sent := int(e.hostile.Requests()) - e.tokenRequests()
				if vendor == unified.SailPoint {
					require.NoError(t, err, "SailPoint does not page")
					require.Equal(t, 1, sent)
					return
				}
				var ue *unified.Error
				require.ErrorAs(t, err, &ue)
				require.Equal(t, unified.Internal, ue.Code, err.Error())
				require.Equal(t, op, ue.Op)
				require.Contains(t, err.Error(), c.message)
				limit := c.max
				if vendor == unified.Auth0 && c.auth0Max > 0 {
					limit = c.auth0Max
				}
				require.LessOrEqual(t, sent, limit)
				t.Logf("paging: %s %s %s (MaxPages %d, MaxItems %d): %d requests, %d items, peak heap +%d KiB: %v",
					vendor, op, c.mode, c.limits.maxPages, c.limits.maxItems, sent, n, peak.max()/1024, err)
			})
		}
	}
}

// TestContextStopsEndlessPaging: a listing of a server that pages forever
// ends when its context does, within one request.
func TestContextStopsEndlessPaging(t *testing.T) {
	for _, vendor := range []unified.Vendor{unified.Okta, unified.VMwareCSP, unified.Auth0} {
		t.Run(string(vendor), func(t *testing.T) {
			e := newHostileEnv(t, vendor, sim.LoopAdvance)
			p := e.provider(t, hostileLimits{maxPages: 1 << 30, maxItems: 1 << 30})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, list := listing(p, e.app)
			var yielded int
			var err error
			if m := p; p.Capabilities().RefreshTokens {
				for _, err = range m.ListRefreshTokens(ctx, e.app, nil) {
					if yielded++; yielded == 50 {
						cancel()
					}
					if err != nil {
						break
					}
				}
			} else {
				for _, err = range p.ListClients(ctx) {
					if yielded++; yielded == 250 {
						cancel()
					}
					if err != nil {
						break
					}
				}
			}
			_ = list
			require.Error(t, err)
			require.ErrorIs(t, err, context.Canceled)
			require.LessOrEqual(t, int(e.hostile.Requests())-e.tokenRequests(), 3)
		})
	}
}

// TestAbsurdRateLimitHeadersWaitWithinTheCap: every method of every
// provider, answered 429 with a reset far in the future or in
// milliseconds, a Retry-After past 64 bits, negative, or in the year 9999,
// never waits at once, never overflows, and never waits longer than the
// transport's longest single wait (unified.Timeouts.MaxWait, 65s by
// default): a delay past it (a far reset, a huge Retry-After, the year
// 9999) is not waited at all — the call sends one request and returns the
// 429 at once, as RateLimited with the vendor's delay (capped at 5
// minutes), for the caller to decide; a delay within it (a near reset in
// milliseconds, the backoff a negative Retry-After falls back to) is
// waited, and the call gives up after MaxRetries. A deadline shorter than
// the delay stops at once too.
func TestAbsurdRateLimitHeadersWaitWithinTheCap(t *testing.T) {
	for _, vendor := range vendors {
		for _, mode := range []sim.Hostility{sim.ResetFar, sim.ResetMillis, sim.RetryAfterHuge, sim.RetryAfterNegative, sim.RetryAfterDate} {
			t.Run(fmt.Sprintf("%s/%s", vendor, mode), func(t *testing.T) {
				e := newHostileEnv(t, vendor, mode)
				p := e.provider(t, hostileLimits{})
				far := mode == sim.ResetFar || mode == sim.RetryAfterHuge || mode == sim.RetryAfterDate
				calls := hostileCalls(p, e.app)
				maxSent := 0
				for _, op := range sortedNames(calls) {
					before := int(e.hostile.Requests()) - e.tokenRequests()
					err := calls[op](context.Background())
					sent := int(e.hostile.Requests()) - e.tokenRequests() - before
					maxSent = max(maxSent, sent)
					if sent == 0 {
						continue // answered without the vendor (Unimplemented, or SailPoint's and CSP's secrets)
					}
					var ue *unified.Error
					require.ErrorAs(t, err, &ue, op)
					require.Equal(t, unified.RateLimited, ue.Code, "%s: %v", op, err)
					require.Positive(t, ue.RetryAfter, op)
					require.LessOrEqual(t, ue.RetryAfter, maxDelay, op)
					if far {
						require.Equal(t, 1, sent, "%s: a delay past MaxWait is not waited: the 429 comes back at once", op)
					} else {
						require.LessOrEqual(t, sent, 5, "%s: MaxRetries (4) + 1", op)
					}
				}
				waits := e.sleeps.Recorded()
				if far {
					require.Empty(t, waits, "no wait longer than MaxWait is taken")
				} else {
					require.NotEmpty(t, waits)
				}
				for _, d := range waits {
					require.Positive(t, d)
					require.LessOrEqual(t, d, maxWait)
				}
				// A deadline shorter than a capped delay: one request, at once.
				before := e.hostile.Requests()
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				_, err := p.ListSecrets(ctx, e.app)
				if vendor == unified.Okta || mode == sim.ResetFar || mode == sim.RetryAfterHuge || mode == sim.RetryAfterDate {
					if sent := e.hostile.Requests() - before; sent > 0 {
						require.Equal(t, unified.RateLimited, unified.CodeOf(err), "%v", err)
						require.LessOrEqual(t, sent, int64(1))
					}
				}
				t.Logf("rate limit: %s %s: %d waits, longest %v, at most %d requests per call", vendor, mode, len(waits), longest(waits), maxSent)
			})
		}
	}
}

func longest(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// TestAbsurdNumbersAreRangeChecked: a server whose every answer carries
// rate-limit headers out of range (limit 2^63−1, remaining −2^63, reset
// 2^64−1) and whose bodies say expires_in 2^63−1 and createdAt 2^63−1:
// every method ends, each sends a bounded number of requests, the access
// token is fetched once (a lifetime that overflowed would expire it at
// once and fetch it for every request), and CSP's absurd createdAt is no
// date rather than a wrapped one.
func TestAbsurdNumbersAreRangeChecked(t *testing.T) {
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) {
			e := newHostileEnv(t, vendor, sim.AbsurdNumbers)
			p := e.provider(t, hostileLimits{})
			calls := hostileCalls(p, e.app)
			for _, op := range sortedNames(calls) {
				before := e.hostile.Requests()
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_ = calls[op](ctx)
				cancel()
				require.LessOrEqual(t, e.hostile.Requests()-before, int64(8), op)
			}
			for _, d := range e.sleeps.Recorded() {
				require.LessOrEqual(t, d, maxDelay)
			}
			if vendor != unified.Okta {
				require.Equal(t, 1, e.tokenRequests(), "one access token for every call")
			}
			if vendor == unified.VMwareCSP {
				for c, err := range p.ListClients(context.Background()) {
					require.NoError(t, err)
					require.True(t, c.Created.IsZero(), "createdAt 2^63-1 ms is no date: %v", c.Created)
				}
			}
		})
	}
}

// stormMaxPages is the page cap of the storm's providers (Options.MaxPages),
// which keeps the endless listings short; TestEndlessPagingEnds measures
// the default cap of 1000.
const stormMaxPages = 100

// TestHostileStorm runs many clients at once against each hostile
// simulator, each calling every method of its provider (each call under a
// 10 s deadline, as a CLI command would be), and measures what each client
// costs before it gives up: requests sent, memory allocated, and the
// peak growth of the live heap of the whole storm.
func TestHostileStorm(t *testing.T) {
	clients := 8 // 16 under CREDKIT_STRESS=1 (make stress), 4 with -short
	switch {
	case stress():
		clients = 16
	case testing.Short():
		clients = 4
	}
	for _, vendor := range vendors {
		for _, mode := range sim.Hostilities {
			t.Run(fmt.Sprintf("%s/%s", vendor, mode), func(t *testing.T) {
				e := newHostileEnv(t, vendor, mode)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				var peak peakHeap
				stop := peak.watch()
				var wg sync.WaitGroup
				calls := 0
				for range clients {
					p := e.provider(t, hostileLimits{maxPages: stormMaxPages})
					cs := hostileCalls(p, e.app)
					calls = len(cs)
					wg.Add(1)
					go func() {
						defer wg.Done()
						for _, op := range sortedNames(cs) {
							ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
							_ = cs[op](ctx)
							cancel()
						}
					}()
				}
				wg.Wait()
				stop()
				runtime.ReadMemStats(&after)
				runtime.GC()
				var settled runtime.MemStats
				runtime.ReadMemStats(&settled)
				total := e.hostile.Requests()
				perClient := total / int64(clients)
				// Every call gives up after at most 5 attempts, a listing
				// at the page cap; a token request per call at most.
				bound := int64(calls*5 + stormMaxPages + calls)
				require.LessOrEqual(t, perClient, bound)
				allocPerClient := (after.TotalAlloc - before.TotalAlloc) / uint64(clients)
				require.Less(t, peak.max(), int64(256<<20), "peak heap growth")
				require.Less(t, int64(settled.HeapAlloc)-int64(before.HeapAlloc), int64(16<<20), "kept after the storm")
				t.Logf("hostile storm: %s %s: %d clients × %d calls: %d requests per client (bound %d), %d KiB allocated per client, peak heap +%d KiB",
					vendor, mode, clients, calls, perClient, bound, allocPerClient/1024, peak.max()/1024)
			})
		}
	}
}

// peakHeap samples the live heap while a test runs and keeps its largest
// growth over the start.
type peakHeap struct {
	peak atomic.Int64
}

func heapBytes() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// watch starts sampling every millisecond; the function it returns stops
// it.
func (p *peakHeap) watch() func() {
	start := heapBytes()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if d := heapBytes() - start; d > p.peak.Load() {
				p.peak.Store(d)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-stopped }
}

func (p *peakHeap) max() int64 { return p.peak.Load() }
