package conformance

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
)

// DefaultTransportBodyLimit is the most of each body a Transport keeps to
// check, when its BodyLimit is zero.
const DefaultTransportBodyLimit = 16 << 20

// Transport is an http.RoundTripper that checks every exchange it carries
// against a Checker, so live traffic (a simulator's, or a tenant's) can be
// held to the specs without recording it first. It never changes what
// passes through it, nor when: the response is handed back as soon as its
// headers arrive, and its body streams through as the caller reads it. The
// exchange is checked when the body ends (EOF or Close); a body longer
// than BodyLimit, or closed before its end, is checked but for its body,
// and a note says so. Streams, long polls and endless event streams work.
type Transport struct {
	// Base carries the requests; nil means http.DefaultTransport.
	Base    http.RoundTripper
	Checker *Checker
	// BodyLimit bounds what is kept of each request and response body;
	// zero means DefaultTransportBodyLimit.
	BodyLimit int

	mu      sync.Mutex
	next    int
	results []Result
}

// RoundTrip sends req through Base and checks the exchange when its
// response body ends. A request whose body cannot be given again is sent
// as a clone whose body is copied as it is read: a RoundTripper must not
// change the request it is given.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	out, reqBody := t.captureRequest(req)
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	index := t.next
	t.next++
	t.mu.Unlock()
	ex := Exchange{
		Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header.Clone(),
		Status: resp.StatusCode, ResponseHeader: resp.Header.Clone(),
	}
	body := &checkedBody{ReadCloser: resp.Body, capture: newCapture(t.limit()), length: resp.ContentLength}
	body.done = func(partial string) {
		ex.RequestBody = reqBody.String()
		if reqBody.isFull() {
			ex.partialRequest = fmt.Sprintf("the body is longer than the %d bytes the Transport keeps", reqBody.limit)
		}
		ex.ResponseBody, ex.partialBody = body.capture.String(), partial
		t.record(t.Checker.CheckExchange("live", index, ex))
	}
	if resp.Body == nil {
		body.ReadCloser = http.NoBody
	}
	resp.Body = body
	return resp, nil
}

// captureRequest returns the request to send and the capture of its body.
// A body the request can give again (GetBody, as http.NewRequest sets for
// an in-memory body) is read from its copy, up to the limit; another is
// copied as the base transport reads it, so an upload streams.
func (t *Transport) captureRequest(req *http.Request) (*http.Request, *capture) {
	c := newCapture(t.limit())
	if req.Body == nil || req.Body == http.NoBody {
		return req, c
	}
	if req.GetBody != nil {
		if copied, err := req.GetBody(); err == nil {
			_, _ = io.Copy(captureWriter{c}, io.LimitReader(copied, int64(c.limit)+1))
			_ = copied.Close()
			return req, c
		}
	}
	out := req.Clone(req.Context())
	out.Body = &teeBody{ReadCloser: req.Body, capture: c}
	return out, c
}

// captureWriter writes into a capture, never failing.
type captureWriter struct{ c *capture }

func (w captureWriter) Write(p []byte) (int, error) {
	w.c.write(p)
	return len(p), nil
}

func (t *Transport) limit() int {
	if t.BodyLimit > 0 {
		return t.BodyLimit
	}
	return DefaultTransportBodyLimit
}

// record keeps a result in the order the exchanges began.
func (t *Transport) record(r Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := sort.Search(len(t.results), func(i int) bool { return t.results[i].Index > r.Index })
	t.results = append(t.results, Result{})
	copy(t.results[i+1:], t.results[i:])
	t.results[i] = r
}

// Results returns the verdicts so far, in the order the exchanges began;
// an exchange is there once its response body has ended or been closed.
func (t *Transport) Results() []Result {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Result(nil), t.results...)
}

// Report is the report of the exchanges so far, under the checker's
// specs: write it in any format with Report.Write, from an SDK's own test.
func (t *Transport) Report() *Report {
	return NewReport(t.Checker.Specs(), t.Results())
}

// Failures returns one line for each exchange that failed its check.
// Exchanges that match no loaded spec (Unmatched) are not failures; see
// Results for them.
func (t *Transport) Failures() []string {
	var out []string
	for _, r := range t.Results() {
		if r.Outcome == Fail {
			out = append(out, fmt.Sprintf("%s %s -> %d (%s): %s %v", r.Method, r.URL, r.Status, r.OperationID, r.Outcome, r.Problems))
		}
	}
	return out
}

// checkedBody passes a response body through and calls done once, when
// the body ends, is closed, or outgrows its capture.
type checkedBody struct {
	io.ReadCloser
	capture *capture
	// length is the body's declared length, -1 when unknown (a stream).
	length int64
	once   sync.Once
	done   func(partial string)
}

func (b *checkedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if !b.capture.write(p[:n]) {
		b.finish(fmt.Sprintf("the body is longer than the %d bytes the Transport keeps", b.capture.limit))
	}
	switch {
	case err == io.EOF:
		b.finish("")
	case err != nil:
		b.finish("reading the body failed: " + err.Error())
	}
	return n, err
}

// Close ends the body. A body of a declared length that fits the capture
// is read to its end first, as a decoder that stops at the end of its
// value leaves a few bytes; a stream is not.
func (b *checkedBody) Close() error {
	if b.length >= 0 && b.length <= int64(b.capture.limit) {
		_, _ = io.Copy(io.Discard, io.LimitReader(readerOnly{b}, b.length+1))
	}
	err := b.ReadCloser.Close()
	b.finish("the body was closed before its end")
	return err
}

// readerOnly hides Close, and any WriteTo, of a checkedBody from io.Copy.
type readerOnly struct{ b *checkedBody }

func (r readerOnly) Read(p []byte) (int, error) { return r.b.Read(p) }

func (b *checkedBody) finish(partial string) {
	b.once.Do(func() { b.done(partial) })
}

// teeBody copies a request body into a capture as the transport reads it.
type teeBody struct {
	io.ReadCloser
	capture *capture
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.capture.write(p[:n])
	return n, err
}

// capture keeps up to limit bytes; the transport may write it from its
// own goroutine while the response is read.
type capture struct {
	mu    sync.Mutex
	buf   []byte
	limit int
	full  bool
}

func newCapture(limit int) *capture { return &capture{limit: limit} }

// write keeps p, and reports false once more than limit bytes came.
func (c *capture) write(p []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.full || len(c.buf)+len(p) > c.limit {
		c.full = true
		return false
	}
	c.buf = append(c.buf, p...)
	return true
}

func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}

func (c *capture) isFull() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.full
}
