package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
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

// Result is the verdict on one recorded interaction. Its URL is the
// recorded one with the value of every query parameter named like a
// credential (?refresh_token=, ?client_secret=...) replaced by REDACTED,
// since reports print it.
type Result struct {
	File  string `json:"file"`
	Index int    `json:"index"`
	// Line is the line of the file where the interaction starts, 0 when
	// unknown.
	Line        int    `json:"line,omitempty"`
	Method      string `json:"method"`
	URL         string `json:"url"`
	Spec        string `json:"spec,omitempty"`
	OperationID string `json:"operationId,omitempty"`
	// Path is the path template of the operation the interaction routed to.
	Path   string `json:"path,omitempty"`
	Status int    `json:"status"`
	// Response is the key of the documented response the status falls
	// under ("200", "4XX"); empty when the operation does not document it.
	Response string    `json:"response,omitempty"`
	Outcome  Outcome   `json:"outcome"`
	Problems []Problem `json:"problems,omitempty"`
	// Notes are request problems of a request the vendor refused with a
	// documented 4xx (expected, so not failures), and the problems a stated
	// Policy covers, unless the checker fails them.
	Notes []Problem `json:"notes,omitempty"`
	// Excerpts are the redacted starts of the request and response bodies
	// of a failure; nil for any other verdict.
	Excerpts *Excerpts `json:"excerpts,omitempty"`
}

// Options tune a Checker. A nil *Options means the zero value.
type Options struct {
	// Strict makes an interaction that matches no loaded spec a failure.
	Strict bool
	// FailUndeclaredBody fails a response body where the spec declares
	// none (the UndeclaredBody policy), instead of noting it.
	FailUndeclaredBody bool
	// FailRemovedCredentials fails a request without a credential, or
	// with only a redaction marker (the RemovedCredential policy),
	// instead of noting it.
	FailRemovedCredentials bool
}

// Checker validates interactions against a fixed set of specs. It is safe
// for concurrent use once built.
type Checker struct {
	specs []*Spec
	opts  Options
}

// NewChecker returns a checker over specs, which are tried in order.
func NewChecker(specs []*Spec, opts *Options) *Checker {
	c := &Checker{specs: specs}
	if opts != nil {
		c.opts = *opts
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

// check validates one exchange; file and index only label the result. A
// failure keeps excerpts of its bodies, for a reader to see the value in
// its place; no other verdict does.
func (c *Checker) check(file string, index int, in Exchange) Result {
	res := c.verdict(file, index, in)
	if res.Outcome == Fail {
		res.Excerpts = excerptsOf(in)
	}
	return res
}

// verdict is check without the excerpts.
func (c *Checker) verdict(file string, index int, in Exchange) Result {
	res := Result{File: file, Index: index, Line: in.Line, Method: in.Method, URL: redactURL(in.URL), Status: in.Status}
	req, err := recordedRequest(in)
	if err != nil {
		return res.failWith(Problem{Pointer: "/request/url", Message: "unparsable request URL", Err: err})
	}
	r, problem := c.find(req)
	switch {
	case problem != nil:
		res.Spec = r.spec.Name
		return res.failWith(*problem)
	case r.spec == nil:
		return c.unmatched(res)
	}
	op := r.route.Operation
	res.Spec, res.OperationID, res.Path = r.spec.Name, op.OperationID, r.route.Path
	res.Response = responseKey(op, res.Status)

	reqProblems := validateRequest(req, r, in.partialRequest)
	if refused(res) {
		res.Notes = reqProblems
	} else {
		res.Problems = reqProblems
	}
	res.Problems = append(res.Problems, validateResponse(op, recordedResponseOf(in), r.spec.responseOptions)...)
	res.Problems, res.Notes = c.applyPolicies(res.Problems, res.Notes)
	if len(res.Problems)+len(res.Notes) > 0 {
		secrets := secretsOf(in)
		scrub(res.Problems, secrets)
		scrub(res.Notes, secrets)
	}
	res.Outcome = Pass
	if len(res.Problems) > 0 {
		res.Outcome = Fail
	}
	return res
}

func (res Result) failWith(p Problem) Result {
	res.Outcome = Fail
	res.Problems = []Problem{p}
	return res
}

func (c *Checker) unmatched(res Result) Result {
	if c.opts.Strict {
		return res.failWith(Problem{Pointer: "/request/url", Message: "no loaded spec has this path"})
	}
	res.Outcome = Unmatched
	return res
}

// refused reports whether the vendor refused the request with a documented
// 4xx, in which case request problems are what the recording shows.
func refused(res Result) bool {
	return res.Status >= 400 && res.Status < 500 && res.Response != ""
}

// responseKey is the key of the documented response that status falls
// under: the status itself, its range ("4XX"), or "default", which covers
// every status not listed; empty when none does.
func responseKey(op *openapi3.Operation, status int) string {
	code := fmt.Sprint(status)
	if op.Responses.Value(code) != nil {
		return code
	}
	if status >= 100 && status < 600 {
		if key := code[:1] + "XX"; op.Responses.Value(key) != nil {
			return key
		}
	}
	if op.Responses.Default() != nil {
		return "default"
	}
	return ""
}

// find routes req through the specs. A path that a spec knows under another
// method is a problem of that spec; a path no spec knows is no route at all.
func (c *Checker) find(req *http.Request) (route, *Problem) {
	normalizeRequest(req) // every URL form a client sends routes alike (route.go)
	for _, s := range c.specs {
		rt, params, err := findRoute(s, req)
		switch {
		case err == nil:
			return route{spec: s, route: rt, params: params}, nil
		case errors.Is(err, routers.ErrMethodNotAllowed):
			return route{spec: s}, &Problem{Pointer: "/request/method", Message: fmt.Sprintf("the spec has the path but no %s operation on it", req.Method), Err: err}
		}
	}
	return route{}, nil
}

// recordedRequest is the request of in, its URL parsed once. Its header
// is in's own when the names are canonical already (see canonicalHeader):
// normalizeRequest copies it before it changes anything.
func recordedRequest(in Exchange) (*http.Request, error) {
	req, err := http.NewRequestWithContext(context.Background(), in.Method, in.URL, strings.NewReader(in.RequestBody))
	if err != nil {
		return nil, err
	}
	req.Header = canonicalHeader(in.RequestHeader)
	return req, nil
}

// canonicalHeader is h with canonical names: recordings may keep the
// lower-case names that HTTP/2 or a client library used. It is h itself
// when its names are canonical already; read it, do not change it.
func canonicalHeader(h http.Header) http.Header {
	for name := range h {
		if canonicalName(name) != name {
			return canonicalCopy(h)
		}
	}
	return h
}

// canonicalCopy copies h with canonical names. A name's values are
// shared with h, capped so that an append copies them; only names that
// differ in case alone get a slice of their own, their values merged.
func canonicalCopy(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		key := canonicalName(name)
		if prev, dup := out[key]; dup {
			out[key] = append(prev[:len(prev):len(prev)], values...)
			continue
		}
		out[key] = values[:len(values):len(values)]
	}
	return out
}

// maxCanonicalNames bounds canonicalNames: more names than any corpus
// of a few vendors' APIs uses, few enough to stay small whatever a
// recording holds.
const maxCanonicalNames = 1024

// canonicalNames holds the canonical form of the header names recordings
// write otherwise ("x-okta-request-id"): a corpus uses a few dozen names,
// and each would be a new string in every interaction.
var canonicalNames = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

// canonicalName is http.CanonicalHeaderKey(name), remembered for names
// that are not canonical (a canonical one costs nothing already).
func canonicalName(name string) string {
	if isCanonical(name) {
		return name
	}
	canonicalNames.RLock()
	key, ok := canonicalNames.m[name]
	canonicalNames.RUnlock()
	if ok {
		return key
	}
	key = http.CanonicalHeaderKey(name)
	if key != name {
		canonicalNames.Lock()
		if len(canonicalNames.m) < maxCanonicalNames {
			canonicalNames.m[strings.Clone(name)] = key
		}
		canonicalNames.Unlock()
	}
	return key
}

// isCanonical reports whether http.CanonicalHeaderKey(name) is name:
// name holds a byte that is not a token's (which CanonicalHeaderKey leaves
// alone), or each letter is upper case at the start and after a '-' and
// lower case elsewhere.
func isCanonical(name string) bool {
	for i := 0; i < len(name); i++ {
		if !tokenByte(name[i]) {
			return true
		}
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if upper && 'a' <= c && c <= 'z' || !upper && 'A' <= c && c <= 'Z' {
			return false
		}
		upper = c == '-'
	}
	return true
}

// tokenByte reports whether c may be in an HTTP token (RFC 9110 §5.6.2).
func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// requestOptions are the options of every request validation; kin-openapi
// only reads them.
var requestOptions = &openapi3filter.Options{
	MultiError:          true,
	SkipSettingDefaults: true,
	AuthenticationFunc:  checkCredentials,
	RegexCompiler:       compilePattern,
}

// requestOptionsWithoutBody validate a request but its body.
var requestOptionsWithoutBody = func() *openapi3filter.Options {
	o := *requestOptions
	o.ExcludeRequestBody = true
	return &o
}()

// validateRequest checks a request; its body only when it is whole
// (partial says why not).
func validateRequest(req *http.Request, r route, partial string) []Problem {
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: r.params,
		Route:      r.route,
		Options:    requestOptions,
	}
	if partial == "" {
		return flatten("/request", openapi3filter.ValidateRequest(context.Background(), input))
	}
	input.Options = requestOptionsWithoutBody
	note := Problem{Pointer: "/request/body", Message: "not checked: " + partial, Err: &PolicyError{Policy: PartialBody}}
	return append(flatten("/request", openapi3filter.ValidateRequest(context.Background(), input)), note)
}
