package transport

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// pacer holds requests back before a vendor would refuse them. It learns
// each bucket's window from Okta's X-Rate-Limit-Limit, -Remaining and
// -Reset answer headers (or Auth0's X-RateLimit-Limit, -Remaining and -Reset) (a bucket is a method and a path with its IDs
// folded, like Okta's per-endpoint limits) and makes a request wait for the
// window to end when nothing is left in it. A 429 holds every bucket until
// its delay passes, since vendors such as SailPoint limit a token across
// all endpoints.
//
// The room left in a window is limit − max(sent, limit − remaining): sent
// counts the requests this pacer let into the window, remaining is the
// vendor's lowest count from the window's answers. Answers come back in any
// order, so a request in flight may already be counted in remaining; taking
// the larger of the two counts never counts it twice, and still counts the
// requests the vendor has not seen yet.
//
// Windows are numbered. A request that waited for the end of window n opens
// window n+1 only if n is still the current one: one that wakes after
// others have opened and used the next window, or one that waited out a
// 429's hold rather than its own window, checks the current window again.
// Numbering rather than the clock decides, because the wait may be a
// test's fake sleep that moves no clock.
type pacer struct {
	next  http.RoundTripper
	sleep SleepFunc
	now   func() time.Time
	delay DelayFunc
	// maxWait and maxTotal bound one wait and a request's total of them
	// (0: no bound): a longer wait is not taken, the request is sent.
	maxWait, maxTotal time.Duration

	mu        sync.Mutex
	buckets   map[string]*bucket
	holdAll   time.Time
	holdOwner *requestState // the refused request, whose retry waits itself
	hold      uint64        // numbers the holds
}

type bucket struct {
	key       string
	limit     int
	remaining int       // the vendor's lowest count in this window
	sent      int       // requests let into this window
	inflight  int       // requests sent and not answered yet
	reset     time.Time // local time the window ends; the last known end while open
	resetText string    // the reset header of the answer that told reset
	// open: the pacer opened this window itself (the last one ended) and
	// no answer has told its end yet.
	open   bool
	window uint64        // numbers the windows
	answer chan struct{} // closed at the next answer, for requests waiting on one
}

func (b *bucket) room() int {
	return b.limit - max(b.sent, b.limit-b.remaining)
}

// openWindow starts the next window with the full limit. The requests in
// flight may arrive in it, so they count as sent.
func (b *bucket) openWindow() {
	b.window++
	b.remaining, b.sent, b.open = b.limit, b.inflight, true
}

func newPacer(next http.RoundTripper, sleep SleepFunc, delay DelayFunc) *pacer {
	return &pacer{next: next, sleep: sleep, now: time.Now, delay: delay, buckets: map[string]*bucket{}}
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	b, st := p.bucketOf(req), stateOf(req.Context())
	if err := p.admit(req.Context(), b, st); err != nil {
		return nil, err
	}
	resp, err := p.next.RoundTrip(req)
	p.observe(b, st, resp)
	return resp, err
}

// waitFor is what reserve asks a request to wait for.
type waitFor struct {
	d      time.Duration
	answer chan struct{} // non-nil: wait for the bucket's next answer
	// What the wait is for: the end of hold number hold, or of window
	// number window; a wait of neither only asks to look again.
	hold, window uint64
	forHold      bool
	forWindow    bool
}

// admit counts the request into bucket b, first waiting as long as
// the bucket has no room.
func (p *pacer) admit(ctx context.Context, b *bucket, st *requestState) error {
	var waited waitFor
	for {
		w, ok := p.reserve(b, st, waited)
		if ok {
			return nil
		}
		if w.answer != nil {
			select {
			case <-w.answer:
			case <-ctx.Done():
				return ctx.Err()
			}
		} else {
			if p.tooLong(ctx, st, w.d) {
				// Too long to wait: send it, so the vendor's 429 and its
				// delay reach the caller at once.
				p.countIn(b)
				return nil
			}
			if err := p.sleep(ctx, w.d); err != nil {
				return err
			}
			st.waited += w.d
		}
		waited = w
	}
}

// tooLong: waiting d would pass the context's deadline, the longest
// single wait, or the request's total of waits.
func (p *pacer) tooLong(ctx context.Context, st *requestState, d time.Duration) bool {
	if p.maxWait > 0 && d > p.maxWait || p.maxTotal > 0 && st.waited+d > p.maxTotal {
		return true
	}
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

func (p *pacer) countIn(b *bucket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b.sent++
	b.inflight++
}

// reserve takes a place in bucket b, or says what to wait for first.
// waited is what the request has just waited for, if anything.
//
// The clock is read only where the answer depends on it (a time.Now costs
// as much as the rest of reserve): under a hold, and in a window without
// room. A window that has ended but still has room takes the request as
// before; the first request it has no room for opens the next window, in
// which every request in flight counts, so no more are sent than if the
// first request after the end had opened it.
func (p *pacer) reserve(b *bucket, st *requestState, waited waitFor) (waitFor, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if waited.forHold && waited.hold == p.hold {
		p.holdAll, p.holdOwner = time.Time{}, nil // the hold it waited out is over
	}
	var now time.Time
	if !p.holdAll.IsZero() && st != p.holdOwner {
		if now = p.now(); now.Before(p.holdAll) {
			return waitFor{d: p.holdAll.Sub(now), hold: p.hold, forHold: true}, false
		}
	}
	if b.limit > 0 {
		if waited.forWindow && waited.window == b.window {
			b.openWindow() // the window it waited for is over, and nobody has opened the next
		}
		if b.room() <= 0 {
			if now.IsZero() {
				now = p.now()
			}
			if !b.open && !now.Before(b.reset) {
				b.openWindow()
			}
		}
		if b.room() <= 0 {
			switch {
			case now.Before(b.reset):
				return waitFor{d: b.reset.Sub(now), window: b.window, forWindow: true}, false
			case b.inflight > 0:
				// A window of unknown end, already full: its first answer
				// will tell how long it lasts.
				if b.answer == nil {
					b.answer = make(chan struct{})
				}
				return waitFor{answer: b.answer}, false
			}
			// Nothing in flight will tell: send, and let its answer say.
		}
	}
	b.sent++
	b.inflight++
	return waitFor{}, true
}

// observe updates the bucket from an answer.
func (p *pacer) observe(b *bucket, st *requestState, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b.inflight > 0 {
		b.inflight--
	}
	if b.answer != nil {
		close(b.answer)
		b.answer = nil
	}
	if resp == nil {
		return
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		p.holdAll, p.holdOwner = p.now().Add(p.delay(resp, 0)), st
		p.hold++
	case st == p.holdOwner:
		p.holdAll, p.holdOwner = time.Time{}, nil // the vendor accepts again
	}
	limit, remaining, ok := RateLimitCounts(resp.Header)
	if !ok {
		return
	}
	resetText := rateLimitHeader(resp.Header, resetHeader)
	if b.limit > 0 && resetText == b.resetText {
		// The window whose end is known, named by the same reset time:
		// only the counts change, and neither the clock nor the reset
		// time need reading (they cost as much as the rest of observe).
		if !b.open {
			b.limit, b.remaining = limit, min(b.remaining, remaining)
		}
		return
	}
	wait, ok := OktaReset(resp)
	if !ok {
		return
	}
	reset := p.now().Add(wait - time.Second) // OktaReset adds a second of margin for retries
	switch {
	case b.limit == 0 || reset.After(b.reset.Add(time.Second)):
		// A window that ends later than the one known: the one the pacer
		// opened, or one it did not see begin, in which this request and
		// those in flight count.
		if !b.open {
			b.window++
			b.sent = b.inflight + 1
		}
		b.limit, b.remaining, b.reset, b.open = limit, remaining, reset, false
		b.resetText = resetText
	case b.open:
		// An answer from the window before the one the pacer opened (or,
		// on a fake clock, one that cannot tell them apart): the pacer
		// counts what it sends until the new window's end is known.
	default:
		b.limit, b.remaining = limit, min(b.remaining, remaining)
	}
}

// bucketOf is the bucket of bucketKey(req), made on first use, without an
// allocation once it exists: the key is folded into a buffer on the stack
// and looked up, and only a new bucket's key becomes a string. Buckets
// are never removed, so the request keeps its bucket to the end.
func (p *pacer) bucketOf(req *http.Request) *bucket {
	var buf [128]byte
	key := appendBucketKey(buf[:0], req.Method, req.URL.Path)
	p.mu.Lock()
	defer p.mu.Unlock()
	if b := p.buckets[string(key)]; b != nil { // no allocation: Go looks up string(bytes) in place
		return b
	}
	b := &bucket{key: string(key)}
	p.buckets[b.key] = b
	return b
}

// bucketKey is the method and the path with its ID-like segments folded.
func bucketKey(req *http.Request) string {
	var buf [128]byte
	return string(appendBucketKey(buf[:0], req.Method, req.URL.Path))
}

func appendBucketKey(b []byte, method, path string) []byte {
	b = append(append(b, method...), ' ')
	for i := 0; ; {
		end := strings.IndexByte(path[i:], '/')
		if end < 0 {
			end = len(path)
		} else {
			end += i
		}
		if seg := path[i:end]; looksLikeID(seg) {
			b = append(b, "{id}"...)
		} else {
			b = append(b, seg...)
		}
		if end == len(path) {
			return b
		}
		b = append(b, '/')
		i = end + 1
	}
}

// looksLikeID: vendor IDs are long, or mix letters and digits; path words
// ("credentials", "oauth-clients", "v1") are neither.
func looksLikeID(s string) bool {
	if len(s) >= 20 {
		return true
	}
	if len(s) < 6 {
		return false
	}
	var letters, digits bool
	for i := 0; i < len(s); i++ { // bytes: a non-ASCII byte is neither
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		}
	}
	return letters && digits
}
