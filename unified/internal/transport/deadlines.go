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
// http.Transport does), and the reading of its body, both idle and in
// total, by cancelling the attempt's context; and it turns a deadline's
// error into a TimeoutError that names it.
type deadlines struct {
	next  http.RoundTripper
	owned bool // next is an ownedBase: dial, TLS and headers are net/http's
	l     limits
}

func newDeadlines(base http.RoundTripper, l limits) http.RoundTripper {
	ob, owned := base.(*ownedBase)
	if owned {
		l.connect, l.tls, l.headers = ob.l.connect, ob.l.tls, ob.l.headers // the ones it was built with
	} else {
		l.connect, l.tls = 0, 0 // a transport of the caller's: its own settings
	}
	return &deadlines{next: base, owned: owned, l: l}
}

func (d *deadlines) RoundTrip(req *http.Request) (*http.Response, error) {
	var a *attempt
	if !d.owned && d.l.headers > 0 {
		// A transport of the caller's: the header deadline cancels the
		// attempt's own context (a copy of the request carries it).
		ctx, cancel := context.WithCancelCause(req.Context())
		a = &attempt{cancel: cancel, headers: d.l.headers, idle: d.l.idle, total: d.l.body}
		a.timer = time.AfterFunc(a.headers, a.fire)
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
	if !a.startBody(resp.Body) {
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
// One timer serves both phases: it fires at the header deadline, then at
// the earlier of the body's idle and total deadlines, and re-arms itself
// while the body makes progress.
type attempt struct {
	cancel  context.CancelCauseFunc // nil: end a stalled body by closing it
	timer   *time.Timer
	headers time.Duration
	idle    time.Duration
	total   time.Duration

	body  io.ReadCloser
	start time.Time    // the body's start
	last  atomic.Int64 // nanoseconds from start to the latest progress

	mu    sync.Mutex
	phase int // 0: awaiting headers, 1: reading the body, 2: over
	err   *TimeoutError
}

func (a *attempt) fire() {
	if a.expire() && a.cancel == nil {
		a.body.Close() // unblocks the Read that waits
	}
}

// expire is fire's decision, under the lock: true when a deadline passed.
func (a *attempt) expire() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch a.phase {
	case 0:
		a.err = &TimeoutError{What: whatHeaders, After: a.headers}
	case 1:
		elapsed := time.Since(a.start)
		next := time.Duration(-1)
		if a.total > 0 {
			if elapsed >= a.total {
				a.err = &TimeoutError{What: whatBody, After: a.total}
				break
			}
			next = a.total - elapsed
		}
		if a.idle > 0 {
			stalled := elapsed - time.Duration(a.last.Load())
			if stalled >= a.idle {
				a.err = &TimeoutError{What: whatBodyIdle, After: a.idle}
				break
			}
			if next < 0 || a.idle-stalled < next {
				next = a.idle - stalled
			}
		}
		if a.err == nil {
			a.timer.Reset(next)
			return false
		}
	default:
		return false
	}
	a.phase = 2
	if a.cancel != nil {
		a.cancel(a.err)
	}
	return true
}

// finish ends an attempt that got no answer: its deadline's error if that
// is why.
func (a *attempt) finish() *TimeoutError {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer != nil {
		a.timer.Stop()
	}
	a.phase = 2
	a.cancel(nil) // finish is called only with a context of its own
	return a.err
}

// startBody moves the attempt to reading body; false if the header
// deadline passed first.
func (a *attempt) startBody(body io.ReadCloser) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.phase == 2 {
		return false
	}
	a.body, a.phase = body, 1
	first := a.idle
	if a.total > 0 && (first <= 0 || a.total < first) {
		first = a.total
	}
	if first <= 0 {
		if a.timer != nil {
			a.timer.Stop()
		}
		return true
	}
	a.start = time.Now()
	if a.timer == nil {
		a.timer = time.AfterFunc(first, a.fire)
	} else {
		a.timer.Reset(first)
	}
	return true
}

func (a *attempt) Read(p []byte) (int, error) {
	n, err := a.body.Read(p)
	if n > 0 && a.idle > 0 {
		a.last.Store(int64(time.Since(a.start)))
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
	if a.timer != nil {
		a.timer.Stop()
	}
	a.phase = 2
	a.mu.Unlock()
	err := a.body.Close()
	if a.cancel != nil {
		a.cancel(nil)
	}
	return err
}
