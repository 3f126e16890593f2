package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/credkit/credkit/unified"
)

// The defaults of unified.Timeouts (see its documentation for why).
const (
	DefaultConnectTimeout        = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultBodyIdleTimeout       = 30 * time.Second
	DefaultBodyTimeout           = 2 * time.Minute
	DefaultMaxWait               = 65 * time.Second
	DefaultMaxRetryWait          = 2 * time.Minute
)

// resolved is a timeout with its default: 0 is def, a negative value none (0).
func resolved(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// limits are the Timeouts with their defaults; 0 means none.
type limits struct {
	connect, tls, headers, idle, body, maxWait, maxRetryWait time.Duration
}

func resolve(t unified.Timeouts) limits {
	return limits{
		connect:      resolved(t.Connect, DefaultConnectTimeout),
		tls:          resolved(t.TLSHandshake, DefaultTLSHandshakeTimeout),
		headers:      resolved(t.ResponseHeader, DefaultResponseHeaderTimeout),
		idle:         resolved(t.BodyIdle, DefaultBodyIdleTimeout),
		body:         resolved(t.Body, DefaultBodyTimeout),
		maxWait:      resolved(t.MaxWait, DefaultMaxWait),
		maxRetryWait: resolved(t.MaxRetryWait, DefaultMaxRetryWait),
	}
}

// TimeoutError is the error of an attempt (or a response body) that passed
// one of its deadlines. It says which one, and nothing of the request.
type TimeoutError struct {
	What  string // "connection", "TLS handshake", "response headers", …
	After time.Duration
}

func (e *TimeoutError) Error() string {
	switch e.What {
	case whatBodyIdle:
		return "the response body stalled: no byte within " + e.After.String()
	case whatBody:
		return "the response body took longer than " + e.After.String()
	}
	return "no " + e.What + " within " + e.After.String()
}

// Timeout: a TimeoutError is a net.Error timeout, as net/http's own are.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary is false: the same server may well stall again.
func (e *TimeoutError) Temporary() bool { return false }

const (
	whatConnect  = "connection"
	whatTLS      = "TLS handshake"
	whatHeaders  = "response headers"
	whatBodyIdle = "body idle"
	whatBody     = "whole body"
)

// IsTimeout reports whether err comes from one of the transport's
// deadlines, and which.
func IsTimeout(err error) (*TimeoutError, bool) {
	var te *TimeoutError
	ok := errors.As(err, &te)
	return te, ok
}

// ownedBase is the http.Transport OwnBase (or New, with no Base) makes:
// its dial, TLS handshake and response-header deadlines are net/http's
// own settings, and the deadlines layer only names their errors.
type ownedBase struct {
	t  *http.Transport
	rt http.RoundTripper // t, or a test's canned transport
	l  limits
}

func (o *ownedBase) RoundTrip(req *http.Request) (*http.Response, error) { return o.rt.RoundTrip(req) }

// newOwnedBase clones http.DefaultTransport with l's dial, TLS handshake
// and response-header timeouts.
func newOwnedBase(l limits) *ownedBase {
	t := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: l.connect, KeepAlive: 30 * time.Second}
	t.DialContext = dialer.DialContext
	t.TLSHandshakeTimeout = l.tls
	t.ResponseHeaderTimeout = l.headers
	return &ownedBase{t: t, rt: t, l: l}
}

// deadlines is the layer right above the base: it bounds each attempt's
// wait for response headers (unless the base is an ownedBase, whose
// http.Transport does) with a timer that cancels the attempt's own
// context, and the reading of its body, idle and in total, through its
// watchdog, which cancels that context or, on an ownedBase, closes the
// body (net/http's transports allow that while a Read waits). It turns a
// deadline's error into a TimeoutError that names it.
type deadlines struct {
	next  http.RoundTripper
	owned bool // next is an ownedBase: dial, TLS and headers are net/http's
	l     limits
	wd    watchdog
}

func newDeadlines(base http.RoundTripper, l limits) http.RoundTripper {
	ob, owned := base.(*ownedBase)
	if owned {
		l.connect, l.tls, l.headers = ob.l.connect, ob.l.tls, ob.l.headers // the ones it was built with
	} else {
		l.connect, l.tls = 0, 0 // a transport of the caller's: its own settings
	}
	d := &deadlines{next: base, owned: owned, l: l}
	headers := l.headers
	if owned {
		headers = 0 // net/http's
	}
	d.wd.tick = watchTick(headers, l.idle, l.body)
	return d
}

// watchTick is how often the watchdog looks at what it watches: a quarter
// of the shortest limit (so a limit is met at most a quarter late, never
// early), and not more often than every millisecond.
func watchTick(limits ...time.Duration) time.Duration {
	var shortest time.Duration
	for _, l := range limits {
		if l > 0 && (shortest <= 0 || l < shortest) {
			shortest = l
		}
	}
	return max(shortest/4, time.Millisecond)
}

func (d *deadlines) RoundTrip(req *http.Request) (*http.Response, error) {
	var a *attempt
	if !d.owned && d.l.headers > 0 {
		// A transport of the caller's: the header deadline cancels the
		// attempt's own context (a copy of the request carries it).
		ctx, cancel := context.WithCancelCause(req.Context())
		a = &attempt{cancel: cancel, headers: d.l.headers, idle: d.l.idle, total: d.l.body, start: time.Now()}
		d.wd.watch(a, false)
		req = req.WithContext(ctx)
	}
	resp, err := d.next.RoundTrip(req)
	if err != nil {
		if a != nil {
			if te := a.finish(); te != nil {
				return nil, te
			}
		}
		return nil, d.name(err)
	}
	if a == nil {
		if d.l.idle <= 0 && d.l.body <= 0 || resp.Body == nil || resp.Body == http.NoBody || resp.ContentLength == 0 {
			return resp, nil // no body to bound: nothing to allocate
		}
		// No context of its own: a stalled body is ended by closing it,
		// which net/http's transports allow while a Read waits.
		a = &attempt{idle: d.l.idle, total: d.l.body}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody // as http.Client would: a RoundTripper owes one
	}
	if !a.startBody(resp.Body, &d.wd) {
		// The header deadline passed as the answer came: the attempt's
		// context is cancelled, and so is its body.
		resp.Body.Close()
		return nil, a.err
	}
	resp.Body = a
	return resp, nil
}

// name turns the errors of net/http's own deadlines on an ownedBase into
// TimeoutErrors.
func (d *deadlines) name(err error) error {
	if err == nil || !d.owned {
		return err
	}
	var op *net.OpError
	switch msg := err.Error(); {
	case d.l.connect > 0 && errors.As(err, &op) && op.Op == "dial" && op.Timeout():
		return &TimeoutError{What: whatConnect, After: d.l.connect}
	case d.l.tls > 0 && strings.Contains(msg, "TLS handshake timeout"):
		return &TimeoutError{What: whatTLS, After: d.l.tls}
	case d.l.headers > 0 && strings.Contains(msg, "timeout awaiting response headers"):
		return &TimeoutError{What: whatHeaders, After: d.l.headers}
	}
	return err
}

// attempt is one attempt under its deadlines, and then its response body.
// The layer's watchdog watches its header deadline (on a caller's
// transport) and its body's: an attempt costs no timer of its own.
type attempt struct {
	cancel  context.CancelCauseFunc // nil: end a stalled body by closing it
	headers time.Duration
	idle    time.Duration
	total   time.Duration

	body  io.ReadCloser
	start time.Time    // the attempt's, then the body's start (the watchdog's once watched)
	read  atomic.Int64 // bytes read from the body: its progress

	mu    sync.Mutex
	phase int // 0: awaiting headers, 1: reading the body, 2: over
	err   *TimeoutError

	// The watchdog's, under its lock: the list of watched bodies, and
	// the progress it saw last and when.
	wd         *watchdog // nil: not watched
	prev, next *attempt
	watched    bool
	inBody     bool // false: awaiting headers
	late       bool // the header deadline was reported
	seen       int64
	seenAt     time.Time
}

// expire ends the attempt with err (the watchdog's verdict) if it is
// still in the phase err is about: awaiting headers, or reading the body.
func (a *attempt) expire(err *TimeoutError) {
	want := 1
	if err.What == whatHeaders {
		want = 0
	}
	a.mu.Lock()
	if a.phase != want {
		a.mu.Unlock()
		return
	}
	a.err, a.phase = err, 2
	a.mu.Unlock()
	if a.cancel != nil {
		a.cancel(err)
	} else {
		a.body.Close() // unblocks the Read that waits
	}
}

// finish ends an attempt that got no answer: its deadline's error if that
// is why. Only an attempt with a context of its own (watched from its
// start) gets here.
func (a *attempt) finish() *TimeoutError {
	a.mu.Lock()
	a.phase = 2
	err := a.err
	a.mu.Unlock()
	a.cancel(nil)
	a.wd.unwatch(a)
	return err
}

// startBody moves the attempt to reading body, watched by w; false if the
// header deadline passed first.
func (a *attempt) startBody(body io.ReadCloser, w *watchdog) bool {
	a.mu.Lock()
	if a.phase == 2 {
		a.mu.Unlock()
		if a.wd != nil {
			a.wd.unwatch(a)
		}
		return false
	}
	a.body, a.phase = body, 1
	a.mu.Unlock()
	switch {
	case a.idle <= 0 && a.total <= 0:
		if a.wd != nil {
			a.wd.unwatch(a)
		}
	case a.wd != nil:
		w.toBody(a, time.Now())
	default:
		a.start = time.Now()
		w.watch(a, true)
	}
	return true
}

func (a *attempt) Read(p []byte) (int, error) {
	n, err := a.body.Read(p)
	if n > 0 {
		a.read.Add(int64(n))
	}
	if err != nil {
		// A deadline that passed ended this read (by cancelling or
		// closing): say which, even if the body then claims its end.
		a.mu.Lock()
		te := a.err
		a.mu.Unlock()
		if te != nil {
			return n, te
		}
	}
	return n, err
}

// Close closes the body and releases the attempt's context.
func (a *attempt) Close() error {
	a.mu.Lock()
	a.phase = 2
	a.mu.Unlock()
	err := a.body.Close()
	if a.cancel != nil {
		a.cancel(nil)
	}
	if a.wd != nil {
		a.wd.unwatch(a)
	}
	return err
}

// watchdog watches the bodies being read through one deadlines layer. A
// goroutine, running only while there are some, looks at each every tick
// and ends a body that made no progress for its idle limit, or passed its
// total: a body costs no timer of its own, only a place in a list.
type watchdog struct {
	tick    time.Duration
	mu      sync.Mutex
	head    *attempt
	running bool
}

// watch adds a, whose start is set, awaiting its headers or (inBody)
// reading its body.
func (w *watchdog) watch(a *attempt, inBody bool) {
	w.mu.Lock()
	a.wd, a.inBody = w, inBody
	a.seen, a.seenAt = 0, a.start
	a.prev, a.next, a.watched = nil, w.head, true
	if w.head != nil {
		w.head.prev = a
	}
	w.head = a
	start := !w.running
	w.running = true
	w.mu.Unlock()
	if start {
		go w.run()
	}
}

// toBody: a, watched for its headers, now reads its body from now.
func (w *watchdog) toBody(a *attempt, now time.Time) {
	w.mu.Lock()
	a.inBody, a.start, a.seen, a.seenAt = true, now, 0, now
	w.mu.Unlock()
}

func (w *watchdog) unwatch(a *attempt) {
	w.mu.Lock()
	w.remove(a)
	w.mu.Unlock()
}

// remove takes a out of the list (w.mu held).
func (w *watchdog) remove(a *attempt) {
	if !a.watched {
		return
	}
	if a.prev != nil {
		a.prev.next = a.next
	} else {
		w.head = a.next
	}
	if a.next != nil {
		a.next.prev = a.prev
	}
	a.prev, a.next, a.watched = nil, nil, false
}

type expiry struct {
	a   *attempt
	err *TimeoutError
}

func (w *watchdog) run() {
	t := time.NewTicker(w.tick)
	defer t.Stop()
	var expired []expiry
	for now := range t.C {
		var more bool
		expired, more = w.scan(now, expired[:0])
		for _, e := range expired {
			e.a.expire(e.err) // outside the lock: closing a body may wait
		}
		clear(expired)
		if !more {
			return
		}
	}
}

// scan finds the attempts past a deadline at now, and takes the bodies
// among them out of the list; more is false when the list is empty (the goroutine then ends).
// Progress is noticed at a tick, so a stall is counted from a time no
// earlier than the last byte: a body is never ended early.
func (w *watchdog) scan(now time.Time, out []expiry) ([]expiry, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for a := w.head; a != nil; {
		next := a.next
		if !a.inBody {
			// Awaiting headers: reported once, and left in the list for
			// the attempt to take out (it may yet move to its body).
			if !a.late && now.Sub(a.start) >= a.headers {
				a.late = true
				out = append(out, expiry{a, &TimeoutError{What: whatHeaders, After: a.headers}})
			}
			a = next
			continue
		}
		var err *TimeoutError
		if a.total > 0 && now.Sub(a.start) >= a.total {
			err = &TimeoutError{What: whatBody, After: a.total}
		} else if a.idle > 0 {
			if r := a.read.Load(); r != a.seen {
				a.seen, a.seenAt = r, now
			} else if now.Sub(a.seenAt) >= a.idle {
				err = &TimeoutError{What: whatBodyIdle, After: a.idle}
			}
		}
		if err != nil {
			w.remove(a)
			out = append(out, expiry{a, err})
		}
		a = next
	}
	if w.head == nil {
		w.running = false
		return out, false
	}
	return out, true
}
