package conformance

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// Exchange is one recorded request and its response, in a form that owes
// nothing to a recorder: go-vcr v1 to v4 cassettes, HAR entries and live
// traffic are all turned into Exchanges before they are checked.
type Exchange struct {
	Method         string
	URL            string
	RequestHeader  http.Header
	RequestBody    string
	Status         int
	ResponseHeader http.Header
	ResponseBody   string
	// Line is the line of the recording file where the exchange starts
	// (1-based), or 0 when unknown; annotations point at it.
	Line int
	// partialBody says why ResponseBody is not the whole body (a stream
	// closed early, or longer than a Transport keeps); the body is then
	// not checked, and a note says so.
	partialBody string
	// partialRequest says why RequestBody is not the whole request body.
	partialRequest string
}

// CheckExchange validates one exchange; file and index only label the
// result. It is the entry point for any recorder: see [ExchangeOf] for a
// plain *http.Request and *http.Response.
func (c *Checker) CheckExchange(file string, index int, ex Exchange) Result {
	return c.check(file, index, ex)
}

// Check validates one go-vcr v3 interaction; file and index only label the
// result. It is [Checker.CheckExchange] for go-vcr v3 users.
func (c *Checker) Check(file string, index int, in *cassette.Interaction) Result {
	return c.check(file, index, exchangeOfV3(in))
}

func exchangeOfV3(in *cassette.Interaction) Exchange {
	return Exchange{
		Method: in.Request.Method, URL: in.Request.URL,
		RequestHeader: in.Request.Headers, RequestBody: in.Request.Body,
		Status: in.Response.Code, ResponseHeader: in.Response.Headers, ResponseBody: in.Response.Body,
	}
}

// ExchangeOf reads a request and its response into an Exchange, so that an
// exchange captured by any recorder (go-vcr v4, an http.RoundTripper of
// one's own) can be checked without depending on go-vcr v3. Both bodies
// are read fully and put back, re-readable, so the caller can still use
// them. A nil req.Body or resp.Body is an empty body.
func ExchangeOf(req *http.Request, resp *http.Response) (Exchange, error) {
	if req == nil || resp == nil {
		return Exchange{}, fmt.Errorf("conformance: ExchangeOf needs a request and a response")
	}
	reqBody, err := drainBody(&req.Body)
	if err != nil {
		return Exchange{}, fmt.Errorf("conformance: reading request body: %w", err)
	}
	respBody, err := drainBody(&resp.Body)
	if err != nil {
		return Exchange{}, fmt.Errorf("conformance: reading response body: %w", err)
	}
	return Exchange{
		Method: req.Method, URL: req.URL.String(),
		RequestHeader: req.Header.Clone(), RequestBody: string(reqBody),
		Status: resp.StatusCode, ResponseHeader: resp.Header.Clone(), ResponseBody: string(respBody),
	}, nil
}

// drainBody reads a body fully and puts back an identical, re-readable one.
func drainBody(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(data))
	return data, err
}
