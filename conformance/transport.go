package conformance

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Transport is an http.RoundTripper that checks every exchange it carries
// against a Checker, so live traffic (a simulator's, or a tenant's) can be
// held to the specs without recording it first. It never changes what
// passes through it.
type Transport struct {
	// Base carries the requests; nil means http.DefaultTransport.
	Base    http.RoundTripper
	Checker *Checker

	mu      sync.Mutex
	results []Result
}

// RoundTrip sends req through Base and checks the exchange. A request with
// a body is sent as a clone carrying a copy of it: a RoundTripper must not
// change the request it is given.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		out = req.Clone(req.Context())
		var err error
		if reqBody, err = drain(&out.Body); err != nil {
			return nil, err
		}
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	respBody, err := drain(&resp.Body)
	if err != nil {
		return nil, err
	}
	ex := Exchange{
		Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header.Clone(), RequestBody: string(reqBody),
		Status: resp.StatusCode, ResponseHeader: resp.Header.Clone(), ResponseBody: string(respBody),
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.results = append(t.results, t.Checker.CheckExchange("live", len(t.results), ex))
	return resp, nil
}

// Results returns the verdicts so far, in the order of the exchanges.
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

// drain reads a body fully and puts back an identical, re-readable one.
func drain(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(*body)
	_ = (*body).Close()
	if err != nil {
		return nil, fmt.Errorf("conformance: reading body: %w", err)
	}
	*body = io.NopCloser(bytes.NewReader(data))
	return data, nil
}
