// Package call performs one vendor request for a provider and turns every
// way it can go wrong into a *unified.Error: no answer, an answer too large,
// a vendor error (decoded by the vendor's own table), or a success answer
// that does not decode.
package call

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"sync"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// Vendor says how one vendor's answers are read.
type Vendor struct {
	Name unified.Vendor
	// DecodeError builds the error of a non-2xx answer: its Code, vendor
	// code, message, request ID and retry delay. Do fills in Vendor, Op and
	// HTTPStatus.
	DecodeError func(status int, header http.Header, body []byte) *unified.Error
	// DecodeTokenError, if set, builds the error of a refused token
	// request from the token endpoint's answer; nil reads it as an OAuth
	// 2.0 error (RFC 6749 §5.2).
	DecodeTokenError func(status int, header http.Header, body []byte) *unified.Error
	// Secrets are the provider's credentials (the same Set its transport
	// feeds): every error Do and TokenError return, and the body a
	// decoder reads, has them removed in every form (see package
	// redact). Nil removes nothing.
	Secrets *redact.Set
}

// Do sends one request for op and parses its 2xx answer with parse:
// Decode's, or a generated ParseXResponse function. send builds its
// request with the context it is given (transport.ForOneRequest's: the
// transport sets its headers in that request rather than in a copy) and
// sends it through the provider's transport.
func Do[T any](ctx context.Context, v Vendor, op string, send func(context.Context) (*http.Response, error), parse func(*http.Response) (T, error)) (T, error) {
	var zero T
	resp, err := send(transport.ForOneRequest(ctx))
	if err != nil {
		return zero, noAnswer(ctx, v, op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return zero, noAnswer(ctx, v, op, err)
		}
		e := v.DecodeError(resp.StatusCode, resp.Header, v.Secrets.Bytes(body))
		e.Vendor, e.Op, e.HTTPStatus = v.Name, op, resp.StatusCode
		if d, ok := transport.RateLimitWait(resp); ok {
			e.RetryAfter = d // the delay the transport compared with the deadline
		}
		e.Message += redirectNote(resp)
		return zero, v.redact(e)
	}
	// A success answer is read once, by parse; the reader keeps its start
	// in case it does not decode.
	body := bodies.Get().(*keptBody)
	body.reset(resp.Body)
	defer bodies.Put(body)
	resp.Body = body
	out, err := parse(resp)
	if err == nil && !body.eof {
		_, err = io.Copy(io.Discard, body) // what parse left, so the connection is reused
	}
	body.close()
	resp.Body = http.NoBody // the reader goes back to the pool; the answer keeps nothing of it
	switch {
	case body.err != nil:
		return zero, noAnswer(ctx, v, op, body.err)
	case err != nil:
		return zero, v.redact(&unified.Error{Code: unified.Internal, Vendor: v.Name, Op: op, HTTPStatus: resp.StatusCode,
			Message: fmt.Sprintf("the HTTP %d answer does not decode; it begins %s", resp.StatusCode, Snippet(v.Secrets.Bytes(body.kept))), Err: err})
	}
	return out, nil
}

// keepLen is how much of a success body is kept for an error message: a
// snippet of snippetLen characters, with room for the secrets it redacts.
const keepLen = 1 << 10

// keptBody reads a response body, keeping its first keepLen bytes and the
// first error other than io.EOF. Do reuses them.
type keptBody struct {
	body io.ReadCloser
	kept []byte
	buf  [keepLen]byte
	err  error
	eof  bool // the body has been read to its end
}

var bodies = sync.Pool{New: func() any { return new(keptBody) }}

func (b *keptBody) reset(body io.ReadCloser) {
	b.body, b.kept, b.err, b.eof = body, b.buf[:0], nil, false
}

func (b *keptBody) Read(p []byte) (int, error) {
	if b.body == nil {
		return 0, io.EOF // closed: parse's reads are over
	}
	n, err := b.body.Read(p)
	if room := keepLen - len(b.kept); room > 0 {
		b.kept = append(b.kept, p[:min(n, room)]...)
	}
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && b.err == nil:
		b.err = err
	}
	return n, err
}

// Close is parse's: Do closes the body itself once parse is done.
func (b *keptBody) Close() error { return nil }

func (b *keptBody) close() {
	if b.body != nil {
		b.body.Close()
		b.body = nil
	}
}

// redirectNote says, for a 3xx answer, where it pointed (scheme and host
// only: a Location's path or query may carry anything) and that credkit
// does not follow it, so that no credential leaves the configured host.
func redirectNote(resp *http.Response) string {
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return ""
	}
	note := "; credkit does not follow redirects"
	if loc, err := resp.Location(); err == nil && loc.Host != "" {
		note = "; it redirects to " + loc.Scheme + "://" + loc.Host + ", and credkit does not follow redirects"
	}
	return note
}

// noAnswer is the error of a request that got no usable answer.
func noAnswer(ctx context.Context, v Vendor, op string, err error) *unified.Error {
	if e := TokenError(v, op, err); e != nil {
		return e
	}
	e := &unified.Error{Code: unified.Unavailable, Vendor: v.Name, Op: op, Message: "no answer from the vendor", Err: err}
	switch {
	case transport.IsBodyTooLarge(err):
		e.Code, e.Message = unified.Internal, "the answer is larger than credkit reads"
	case ctx.Err() != nil:
		e.Message = "gave up waiting: " + ctx.Err().Error()
		if !errors.Is(err, ctx.Err()) {
			e.Err = errors.Join(ctx.Err(), err)
		}
	}
	return v.redact(e)
}

// redact removes v's secrets from every text of e, its wrapped error's
// message included (which still unwraps to the original).
func (v Vendor) redact(e *unified.Error) *unified.Error {
	if v.Secrets.Len() == 0 {
		return e
	}
	e.Message = v.Secrets.Redact(e.Message)
	e.VendorCode = v.Secrets.Redact(e.VendorCode)
	e.RequestID = v.Secrets.Redact(e.RequestID)
	e.Err = v.Secrets.Error(e.Err)
	return e
}

// NotJSON is the error of a 2xx answer that is not JSON, which a
// generated client leaves undecoded (its JSON200 is nil): a proxy's login
// page, say. It names the operation, the status and the Content-Type —
// its media type and charset only, since NotJSON has no redactor and a
// server may echo anything in a header's parameters.
func NotJSON(vendor unified.Vendor, op string, resp *http.Response) *unified.Error {
	return &unified.Error{Code: unified.Internal, Vendor: vendor, Op: op, HTTPStatus: resp.StatusCode,
		Message: "the answer is not JSON (Content-Type " + strconv.Quote(contentType(resp.Header.Get("Content-Type"))) + ")"}
}

// contentType is a Content-Type's media type and charset, or a note that
// it does not parse.
func contentType(v string) string {
	if v == "" {
		return ""
	}
	media, params, err := mime.ParseMediaType(v)
	if err != nil || len(media) > 64 {
		return "(not a media type)"
	}
	if cs := params["charset"]; cs != "" && len(cs) <= 32 {
		return mime.FormatMediaType(media, map[string]string{"charset": cs})
	}
	return media
}
