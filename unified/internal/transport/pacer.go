package transport

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pacer holds requests back before a vendor would refuse them. It learns
// each bucket's window from Okta's X-Rate-Limit-Limit, -Remaining and
// -Reset answer headers (a bucket is a method and a path with its IDs
// folded, like Okta's per-endpoint limits), counts the requests in flight
// against what remains, and makes a request wait for the window to reset
// when nothing is left. A 429 holds every bucket until its delay passes,
// since vendors such as SailPoint limit a token across all endpoints.
type pacer struct {
	next  http.RoundTripper
	sleep SleepFunc
	now   func() time.Time
	delay DelayFunc

	mu        sync.Mutex
	buckets   map[string]*bucket
	holdAll   time.Time
	holdOwner *requestState // the refused request, whose retry waits itself
}

type bucket struct {
	limit, remaining, inflight int
	reset                      time.Time // local time the window ends
}

func newPacer(next http.RoundTripper, sleep SleepFunc, delay DelayFunc) *pacer {
	return &pacer{next: next, sleep: sleep, now: time.Now, delay: delay, buckets: map[string]*bucket{}}
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	key, st := bucketKey(req), stateOf(req.Context())
	if err := p.admit(req.Context(), key, st); err != nil {
		return nil, err
	}
	resp, err := p.next.RoundTrip(req)
	p.observe(key, st, resp)
	return resp, err
}

// admit counts the request into key's bucket, first waiting for the
// window to reset when the bucket has nothing left.
func (p *pacer) admit(ctx context.Context, key string, st *requestState) error {
	wait := p.reserve(key, st)
	if wait <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		// Too long to wait: send it, so the vendor's 429 and its delay
		// reach the caller at once.
		p.countIn(key)
		return nil
	}
	if err := p.sleep(ctx, wait); err != nil {
		return err
	}
	p.afterWait(key)
	return nil
}

func (p *pacer) countIn(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buckets[key].inflight++
}

// afterWait counts a request in once the window it waited for is over
// (the wait may be a test's fake sleep, so the clock is not asked).
func (p *pacer) afterWait(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdAll = time.Time{}
	b := p.buckets[key]
	if b.limit > 0 && b.remaining-b.inflight <= 0 {
		b.remaining, b.reset = b.limit, time.Time{}
	}
	b.inflight++
}

// reserve takes a place in key's bucket, or says how long to wait for one.
func (p *pacer) reserve(key string, st *requestState) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	b := p.buckets[key]
	if b == nil {
		b = &bucket{}
		p.buckets[key] = b
	}
	if now.Before(p.holdAll) && st != p.holdOwner {
		return p.holdAll.Sub(now)
	}
	if b.limit > 0 && !now.Before(b.reset) {
		b.remaining, b.reset = b.limit, time.Time{}
	}
	if b.limit > 0 && b.remaining-b.inflight <= 0 {
		if b.reset.IsZero() {
			return 0 // a new window of unknown end: its first answer will tell
		}
		return b.reset.Sub(now)
	}
	b.inflight++
	return 0
}

// observe updates the bucket from an answer.
func (p *pacer) observe(key string, st *requestState, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.buckets[key]
	if b.inflight > 0 {
		b.inflight--
	}
	if resp == nil {
		return
	}
	now := p.now()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		p.holdAll, p.holdOwner = now.Add(p.delay(resp, 0)), st
	case st == p.holdOwner:
		p.holdAll, p.holdOwner = time.Time{}, nil // the vendor accepts again
	}
	limit, err1 := strconv.Atoi(resp.Header.Get("X-Rate-Limit-Limit"))
	remaining, err2 := strconv.Atoi(resp.Header.Get("X-Rate-Limit-Remaining"))
	wait, ok := OktaReset(resp)
	if err1 != nil || err2 != nil || !ok || limit <= 0 {
		return
	}
	reset := now.Add(wait - time.Second) // OktaReset adds a second of margin for retries
	if reset.After(b.reset.Add(time.Second)) || b.limit == 0 {
		b.limit, b.remaining, b.reset = limit, remaining, reset // a newer window
		return
	}
	b.remaining = min(b.remaining, remaining)
}

// bucketKey is the method and the path with its ID-like segments folded.
func bucketKey(req *http.Request) string {
	segs := strings.Split(req.URL.Path, "/")
	for i, s := range segs {
		if looksLikeID(s) {
			segs[i] = "{id}"
		}
	}
	return req.Method + " " + strings.Join(segs, "/")
}

// looksLikeID: vendor IDs are long, or mix letters and digits; path words
// ("credentials", "oauth-clients", "v1") are neither.
func looksLikeID(s string) bool {
	if len(s) >= 20 {
		return true
	}
	var letters, digits bool
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		}
	}
	return len(s) >= 6 && letters && digits
}
