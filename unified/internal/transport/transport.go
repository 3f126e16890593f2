// Package transport is the one HTTP stack of every credkit provider: a
// User-Agent, a cap on response bodies, pacing that holds a request back
// before the vendor's rate limit would refuse it, and retries through
// hashicorp/go-retryablehttp with credkit's policy — a 429 waits for the
// vendor's delay and is retried whatever the method; transport errors and
// 5xx are retried only for GET and DELETE, so a POST that may have created
// something is never repeated; a context deadline shorter than the wait ends
// the retries at once and returns the 429 to the caller.
//
// Nothing waits without a bound (deadlines.go, unified.Timeouts): each
// attempt has connect, TLS handshake and response-header deadlines, each
// response body an idle and a total deadline, and a request's waits
// between attempts are capped one by one (a longer 429 delay is returned,
// not waited) and in total. Every wait also ends with the context.
//
// Authentication is layered on top with golang.org/x/oauth2 token sources
// (see auth.go). TLS is verified: nothing here can weaken it.
package transport

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"

	"github.com/credkit/credkit/internal/capped"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/redact"
)

// DefaultMaxBody is the largest response body a provider reads: 10 MiB.
const DefaultMaxBody = 10 << 20

// UserAgent is sent with every request.
const UserAgent = "credkit/0.1 (+https://github.com/credkit/credkit)"

// DelayFunc says how long to wait before retrying after resp (a 429), for
// the attempt-th retry (0 first).
type DelayFunc func(resp *http.Response, attempt int) time.Duration

// SleepFunc waits for d or until ctx ends, whichever comes first.
type SleepFunc func(ctx context.Context, d time.Duration) error

// Options configure New. Zero fields take defaults.
type Options struct {
	// Base sends the requests; nil means a clone of http.DefaultTransport.
	Base http.RoundTripper
	// MaxRetries is how many times one request may be retried: 0 means the
	// default (4), a negative number means never.
	MaxRetries int
	// RateLimitDelay is the vendor's 429 policy (default: Retry-After, then
	// exponential).
	RateLimitDelay DelayFunc
	// ErrorDelay is the wait before retrying a transport error or a 5xx
	// (default: exponential with jitter from 250ms).
	ErrorDelay func(attempt int) time.Duration
	// Sleep waits between attempts (default: a timer that respects ctx).
	// Tests pass a fake that advances a simulator's clock instead.
	Sleep SleepFunc
	// MaxBody caps response bodies (default DefaultMaxBody).
	MaxBody int64
	// Secrets, if set, is fed every credential the transport sends: each
	// access token Authorized puts in a request, and the credential of an
	// Authorization header a request already carries (the Basic
	// credentials of a token request). The provider's errors are
	// redacted with it (see package redact).
	Secrets *redact.Set
	// Timeouts bound each attempt (connect, TLS handshake, response
	// headers, body idle and whole body) and the waits between attempts
	// (one wait, and their total). Connect and TLSHandshake apply only to
	// the base OwnBase or New makes (Base nil): a Base of the caller's
	// keeps its own; with one, ResponseHeader counts from the start of the
	// attempt. See unified.Timeouts for the defaults.
	Timeouts unified.Timeouts
}

// New returns an http.RoundTripper with credkit's retry policy, User-Agent
// and body cap. Authorized adds a credential to it.
func New(opts Options) http.RoundTripper {
	p := newPolicy(opts)
	rc := retryablehttp.NewClient()
	pc := newPacer(capBodies{next: newDeadlines(p.base, p.limits), max: p.maxBody}, p.sleep, p.rateLimitDelay)
	pc.maxWait, pc.maxTotal = p.limits.maxWait, p.limits.maxRetryWait
	rc.HTTPClient = Client(setHeader{next: pc})
	rc.Logger = nil
	rc.RetryMax = p.maxRetries
	rc.CheckRetry = p.checkRetry
	rc.Backoff = func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 }
	rc.PrepareRetry = p.prepareRetry
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return &stack{next: &retryablehttp.RoundTripper{Client: rc}, secrets: opts.Secrets}
}

// Client returns an http.Client over rt that follows no redirect: a 3xx
// answer comes back as it is, for the provider to report as the vendor's
// answer, and no credential, in a header or in a request body, goes
// wherever a redirect points. Every http.Client over a transport of this
// package must be one of these (or a Doer); New's transport refuses to
// send a request that another client made to follow a redirect.
func Client(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt, CheckRedirect: noRedirects}
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Doer sends each request through rt as a Client would, without the
// http.Client: a generated client's requests carry no cookies, have no
// client timeout (their context bounds them) and follow no redirect, so
// all an http.Client would add is a second copy of the request's headers
// (go-retryablehttp has one of its own inside New's transport). Its error
// is the *url.Error an http.Client returns.
func Doer(rt http.RoundTripper) interface {
	Do(*http.Request) (*http.Response, error)
} {
	return doer{rt}
}

type doer struct{ rt http.RoundTripper }

func (d doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.rt.RoundTrip(req)
	if err != nil {
		op := req.Method
		if op == "" {
			op = http.MethodGet
		}
		return nil, &url.Error{Op: op[:1] + strings.ToLower(op[1:]), URL: req.URL.Redacted(), Err: err}
	}
	return resp, nil
}

// stack is New's transport: it gives each request the state its retries
// share, the User-Agent and, once Authorized, the credential, in one copy
// of the request, or in the request itself (ForOneRequest).
type stack struct {
	next    http.RoundTripper
	src     oauth2.TokenSource // nil: no credential
	auth    atomic.Pointer[authHeader]
	secrets *redact.Set // nil: none kept
	// shared is the header of requests without one (see header).
	shared atomic.Pointer[sharedHeader]
}

// authHeader is the Authorization value of one token, kept while the
// token source hands out the same token.
type authHeader struct {
	tokenType, token string
	value            []string // shared by every request: never modified
}

// userAgent is the User-Agent of every request: shared, never modified.
var userAgent = []string{UserAgent}

func (s *stack) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Response != nil {
		// An http.Client that follows redirects made this request from a
		// 3xx answer: it may carry the credential to another host.
		closeBody(req)
		return nil, errRedirect
	}
	var auth []string
	if s.src != nil {
		tok, err := s.src.Token()
		if err != nil {
			closeBody(req)
			return nil, err
		}
		auth = s.authValue(tok)
	}
	if s.secrets != nil && auth == nil {
		rememberAuthorization(s.secrets, req.Header.Get("Authorization"))
	}
	out := own(req)
	if out.Header == nil {
		// A request of its own with no header crosses go-retryablehttp's
		// http.Client with an empty one, since that client copies the
		// header of every request (for redirects, which it never follows
		// here); it takes the shared header below (setHeader).
		out.Context().(*requestState).header = s.header(auth)
		out.Header = noHeader
		return s.send(out)
	}
	if auth != nil {
		out.Header["Authorization"] = auth
	}
	if len(out.Header["User-Agent"]) == 0 || out.Header["User-Agent"][0] == "" {
		out.Header["User-Agent"] = userAgent
	}
	return s.send(out)
}

// send is s.next.RoundTrip(req). For a request without a body, the
// wrapper go-retryablehttp's RoundTripper would allocate for it is kept in
// the request's state instead: the same value retryablehttp.FromRequest
// makes of a request whose Body is nil.
func (s *stack) send(req *http.Request) (*http.Response, error) {
	rt, ok := s.next.(*retryablehttp.RoundTripper)
	st, _ := req.Context().(*requestState)
	if !ok || rt.Client == nil || st == nil || req.Body != nil {
		return s.next.RoundTrip(req)
	}
	st.retryable = retryablehttp.Request{Request: req}
	resp, err := rt.Client.Do(&st.retryable)
	if ue, ok := err.(*url.Error); ok { //nolint:errorlint // only the *url.Error Client.Do itself adds, as a RoundTripper would not
		return resp, ue.Err // as the RoundTripper does: the Doer or http.Client wraps it again
	}
	return resp, err
}

// header is the whole header of a request of its own that has none: the
// credential auth (if any) and the User-Agent. Every such request shares
// it, and none writes it: nothing below the stack writes a request's
// header (an http.RoundTripper must not, go-retryablehttp and net/http do
// not). It is made again when the token changes.
func (s *stack) header(auth []string) http.Header {
	if c := s.shared.Load(); c != nil && len(c.auth) == len(auth) && (len(auth) == 0 || &c.auth[0] == &auth[0]) {
		return c.h
	}
	h := http.Header{"User-Agent": userAgent}
	if auth != nil {
		h["Authorization"] = auth
	}
	s.shared.Store(&sharedHeader{auth: auth, h: h})
	return h
}

// noHeader is the header of a request crossing the http.Client before it
// takes its shared header: empty, and never written, like the shared one.
var noHeader = http.Header{}

// setHeader gives a request the header its state holds (stack.RoundTrip
// put it there), below go-retryablehttp's http.Client. That client
// follows no redirect (Client); a request it made from one would be
// refused here all the same, so no redirect gets the credential.
type setHeader struct{ next http.RoundTripper }

func (s setHeader) RoundTrip(req *http.Request) (*http.Response, error) {
	if st, ok := req.Context().(*requestState); ok && st.header != nil {
		if req.Response != nil {
			closeBody(req)
			return nil, errRedirect
		}
		req.Header = st.header // the stack's own request (see own)
	}
	return s.next.RoundTrip(req)
}

// sharedHeader is the header stack.header made for one credential value.
type sharedHeader struct {
	auth []string
	h    http.Header
}

// own returns the request to send, with its retry state as its context:
// req itself if it was built with a context of ForOneRequest not used
// before (its Header nil if it had none, for RoundTrip to share one), else
// a copy with a header map of its own, so that the caller's request is
// left as it was.
func own(req *http.Request) *http.Request {
	if st, ok := req.Context().(*requestState); ok && st.unused.CompareAndSwap(true, false) {
		st.method = req.Method
		if len(req.Header) == 0 {
			req.Header = nil // RoundTrip gives it the shared header
		}
		return req
	}
	st := &requestState{Context: req.Context(), method: req.Method}
	out := req.WithContext(st)
	out.Header = cloneHeader(req.Header, 2)
	return out
}

// ForOneRequest returns a context for exactly one request, which the
// caller builds with it and hands to New's transport without reading or
// changing it again: a generated client's request, say, sent through a
// Doer. The transport then keeps the request's retry state in this
// context and sets the credential and the User-Agent in the request's own
// header, where it otherwise copies the request and its header for them.
// A second request built with the same context is copied as any other.
func ForOneRequest(ctx context.Context) context.Context {
	st := &requestState{Context: ctx}
	st.unused.Store(true)
	return st
}

// authValue is "<type> <token>" for tok, as oauth2.Token.SetAuthHeader
// writes it.
func (s *stack) authValue(tok *oauth2.Token) []string {
	typ := tok.Type()
	if a := s.auth.Load(); a != nil && a.tokenType == typ && a.token == tok.AccessToken {
		return a.value
	}
	a := &authHeader{tokenType: typ, token: tok.AccessToken, value: []string{typ + " " + tok.AccessToken}}
	s.secrets.Remember(tok.AccessToken)
	s.auth.Store(a)
	return a.value
}

// cloneHeader is h.Clone() with room for extra more keys.
func cloneHeader(h http.Header, extra int) http.Header {
	n := 0
	for _, vv := range h {
		n += len(vv)
	}
	values := make([]string, n)
	out := make(http.Header, len(h)+extra)
	for k, vv := range h {
		if vv == nil {
			out[k] = nil
			continue
		}
		m := copy(values, vv)
		out[k], values = values[:m:m], values[m:]
	}
	return out
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

type stateKey struct{}

// requestState follows one request through its retries. It is the
// request's context too, so that the two cost one allocation.
type requestState struct {
	context.Context
	unused  atomic.Bool // made by ForOneRequest, and no request has it yet
	method  string
	retries int
	wait    time.Duration
	// waited is the total of the waits so far: the policy's before each
	// retry and the pacer's (Timeouts.MaxRetryWait bounds it).
	waited time.Duration
	// header is the shared header a request without one takes below the
	// http.Client (setHeader); nil for a request with a header of its own.
	header http.Header
	// retryable is the request as go-retryablehttp's Client takes it.
	retryable retryablehttp.Request
	// body is the capped body of the latest attempt's answer (capBodies).
	body capped.ReadCloser
	// rateLimitWait is the delay the policy computed for the latest 429,
	// retried or not, so that the error a caller gets names that delay.
	rateLimitWait time.Duration
}

func (s *requestState) Value(key any) any {
	if key == (stateKey{}) {
		return s
	}
	return s.Context.Value(key)
}

func stateOf(ctx context.Context) *requestState {
	s, _ := ctx.Value(stateKey{}).(*requestState)
	if s == nil {
		s = &requestState{Context: ctx}
	}
	return s
}

// sleep is the default SleepFunc.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

var (
	errBodyTooLarge = errors.New("response body is larger than the limit")
	errRedirect     = errors.New("credkit does not follow redirects: refusing to send a request where a 3xx answer pointed")
)
