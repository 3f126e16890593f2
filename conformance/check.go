package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// Outcome is the verdict on one interaction.
type Outcome string

const (
	// Pass: the interaction matches its operation.
	Pass Outcome = "pass"
	// Fail: at least one problem.
	Fail Outcome = "fail"
	// Unmatched: no loaded spec has the interaction's path.
	Unmatched Outcome = "unmatched"
)

// Result is the verdict on one recorded interaction.
type Result struct {
	File        string    `json:"file"`
	Index       int       `json:"index"`
	Method      string    `json:"method"`
	URL         string    `json:"url"`
	Spec        string    `json:"spec,omitempty"`
	OperationID string    `json:"operationId,omitempty"`
	Status      int       `json:"status"`
	Outcome     Outcome   `json:"outcome"`
	Problems    []Problem `json:"problems,omitempty"`
	// Notes are request problems of a request the vendor refused with a
	// documented 4xx: expected, so not failures.
	Notes []Problem `json:"notes,omitempty"`
}

// Options tune a Checker. A nil *Options means the zero value.
type Options struct {
	// Strict makes an interaction that matches no loaded spec a failure.
	Strict bool
}

// Checker validates interactions against a fixed set of specs. It is safe
// for concurrent use once built.
type Checker struct {
	specs  []*Spec
	strict bool
}

// NewChecker returns a checker over specs, which are tried in order.
func NewChecker(specs []*Spec, opts *Options) *Checker {
	c := &Checker{specs: specs}
	if opts != nil {
		c.strict = opts.Strict
	}
	return c
}

// Specs returns the checker's specs.
func (c *Checker) Specs() []*Spec { return c.specs }

// route is where an interaction landed.
type route struct {
	spec   *Spec
	route  *routers.Route
	params map[string]string
}

// Check validates one interaction; file and index only label the result.
func (c *Checker) Check(file string, index int, in *cassette.Interaction) Result {
	res := Result{File: file, Index: index, Method: in.Request.Method, URL: in.Request.URL, Status: in.Response.Code}
	req, err := recordedRequest(in)
	if err != nil {
		res.Outcome = Fail
		res.Problems = []Problem{{Pointer: "/request/url", Message: err.Error(), Err: err}}
		return res
	}
	r, problem := c.find(req)
	if problem != nil {
		res.Spec = r.spec.Name
		res.Outcome = Fail
		res.Problems = []Problem{*problem}
		return res
	}
	if r.spec == nil {
		res.Outcome = Unmatched
		if c.strict {
			res.Outcome = Fail
			res.Problems = []Problem{{Pointer: "/request/url", Message: "no loaded spec has this path"}}
		}
		return res
	}
	res.Spec, res.OperationID = r.spec.Name, r.route.Operation.OperationID

	reqProblems := validateRequest(req, r)
	if res.Status >= 400 && res.Status < 500 {
		res.Notes = reqProblems
	} else {
		res.Problems = append(res.Problems, reqProblems...)
	}
	res.Problems = append(res.Problems, validateResponse(req, r, in.Response)...)
	res.Outcome = Pass
	if len(res.Problems) > 0 {
		res.Outcome = Fail
	}
	return res
}

// find routes req through the specs. A path that a spec knows under another
// method is a problem of that spec; a path no spec knows is no route at all.
func (c *Checker) find(req *http.Request) (route, *Problem) {
	for _, s := range c.specs {
		rt, params, err := s.router.FindRoute(req)
		switch {
		case err == nil:
			return route{spec: s, route: rt, params: params}, nil
		case errors.Is(err, routers.ErrMethodNotAllowed):
			return route{spec: s}, &Problem{Pointer: "/request/method", Message: fmt.Sprintf("the spec has the path but no %s operation on it", req.Method), Err: err}
		}
	}
	return route{}, nil
}

func recordedRequest(in *cassette.Interaction) (*http.Request, error) {
	u, err := url.Parse(in.Request.URL)
	if err != nil {
		return nil, fmt.Errorf("unparsable request URL: %w", err)
	}
	req, err := http.NewRequestWithContext(context.Background(), in.Request.Method, u.String(), strings.NewReader(in.Request.Body))
	if err != nil {
		return nil, err
	}
	req.Header = in.Request.Headers.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	return req, nil
}

func validateRequest(req *http.Request, r route) []Problem {
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: r.params,
		Route:      r.route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			AuthenticationFunc:  checkCredentials,
		},
	}
	return flatten("/request", openapi3filter.ValidateRequest(context.Background(), input))
}

func validateResponse(req *http.Request, r route, rec cassette.Response) []Problem {
	op := r.route.Operation
	ref := op.Responses.Status(rec.Code)
	if ref == nil || ref.Value == nil {
		msg := fmt.Sprintf("status %d is not documented for %s", rec.Code, op.OperationID)
		if op.Responses.Default() != nil {
			msg += "; only the default response would absorb it"
		}
		return []Problem{{Pointer: "/response/status", Message: msg}}
	}
	if len(ref.Value.Content) == 0 {
		if strings.TrimSpace(rec.Body) != "" {
			return []Problem{{Pointer: "/response/body", Message: fmt.Sprintf("status %d declares no body, but the response has one", rec.Code)}}
		}
		return nil
	}
	if problem := checkContentType(ref.Value.Content, rec); problem != nil {
		return []Problem{*problem}
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: r.route},
		Status:                 rec.Code,
		Header:                 rec.Headers,
		Body:                   io.NopCloser(bytes.NewReader([]byte(rec.Body))),
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	return flatten("/response", openapi3filter.ValidateResponse(context.Background(), input))
}

// checkContentType requires the response's media type to be one the spec
// declares for its status, matched on the media type without parameters.
func checkContentType(content openapi3.Content, rec cassette.Response) *Problem {
	ct := http.Header(rec.Headers).Get("Content-Type")
	if ct == "" {
		return &Problem{Pointer: "/response/header/Content-Type", Message: fmt.Sprintf("missing; the spec declares %s", strings.Join(mediaTypes(content), ", "))}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return &Problem{Pointer: "/response/header/Content-Type", Message: "not a media type: " + err.Error(), Err: err}
	}
	if content.Get(mt) == nil {
		return &Problem{Pointer: "/response/header/Content-Type", Message: fmt.Sprintf("%s is not declared; the spec declares %s", mt, strings.Join(mediaTypes(content), ", "))}
	}
	return nil
}

func mediaTypes(content openapi3.Content) []string {
	out := make([]string, 0, len(content))
	for mt := range content {
		out = append(out, mt)
	}
	sort.Strings(out)
	return out
}
