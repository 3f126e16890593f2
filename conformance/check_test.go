package conformance

import (
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	aThing   = `{"id":"t1","status":"ACTIVE","created":"2026-01-06T19:50:58.000Z","size":3}`
	pem      = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	csrB64   = "MIICyTCCAbECAQAwWjEPMA0GA1UEBhMGQ2FuYWRh"
	patchOps = `[{"op":"replace","path":"/status","value":"INACTIVE"}]`
)

var requestID = map[string]string{"X-Request-Id": "r1"}

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		ex        exchange
		outcome   Outcome
		operation string
		response  string
		problems  []string
		notes     []string
	}{
		{name: "any host and scheme", ex: exchange{url: "http://127.0.0.1:8443/v1/things?limit=3", code: 200, respHeaders: requestID, respBody: "[" + aThing + "]"},
			outcome: Pass, operation: "listThings", response: "200"},
		{name: "lower-case recorded headers", ex: exchange{url: "https://acme.example.com/v1/things", code: 200, respHeaders: map[string]string{"x-request-id": "r1", "content-type": "application/json"}, respCT: "-", respBody: "[]"},
			outcome: Pass, operation: "listThings", response: "200"},
		{name: "lower-case recorded request headers", ex: exchange{url: "https://h/v1/things", noAuth: true, rawReqHeaders: http.Header{"authorization": {"SSWS t"}}, code: 200, respHeaders: requestID, respBody: "[]"},
			outcome: Pass, operation: "listThings", response: "200"},
		{name: "required header missing", ex: exchange{url: "https://acme.example.com/v1/things", code: 200, respBody: "[]"},
			outcome: Fail, operation: "listThings", response: "200", problems: []string{"/response/header/X-Request-Id"}},
		{name: "header and body problems are all collected", ex: exchange{url: "https://h/v1/things", code: 200, respHeaders: map[string]string{"X-Request-Id": "r", "X-Rate-Limit-Remaining": "many"}, respBody: `[{"id":1}]`},
			outcome: Fail, operation: "listThings", response: "200", problems: []string{"/response/body/0/id", "/response/body/0/status", "/response/header/X-Rate-Limit-Remaining"}},
		{name: "bad query on a success is drift", ex: exchange{url: "https://h/v1/things?limit=50", code: 200, respHeaders: requestID, respBody: "[]"},
			outcome: Fail, operation: "listThings", response: "200", problems: []string{"/request/query/limit"}},
		{name: "bad query refused by a documented 4XX is a note", ex: exchange{url: "https://h/v1/things?limit=50", code: 400, respBody: `{"code":"E1"}`},
			outcome: Pass, operation: "listThings", response: "4XX", notes: []string{"/request/query/limit"}},
		{name: "no credentials is a note (policy)", ex: exchange{url: "https://h/v1/things", noAuth: true, code: 200, respHeaders: requestID, respBody: "[]"},
			outcome: Pass, operation: "listThings", response: "200", notes: []string{"/request/header/Authorization"}},
		{name: "undocumented status", ex: exchange{url: "https://h/v1/things", code: 503, respBody: `{"code":"E1"}`},
			outcome: Fail, operation: "listThings", problems: []string{"/response/status"}},
		{name: "a status the default response covers, its body checked", ex: exchange{method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: aThing, code: 503, respBody: `{}`},
			outcome: Fail, operation: "createThing", response: "default", problems: []string{"/response/body/code"}},
		{name: "a status the default response covers", ex: exchange{method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: aThing, code: 503, respBody: `{"code":"E"}`},
			outcome: Pass, operation: "createThing", response: "default"},
		{name: "path known, method not", ex: exchange{method: http.MethodPut, url: "https://h/v1/things", code: 200},
			outcome: Fail, problems: []string{"/request/method"}},
		{name: "unmatched path", ex: exchange{url: "https://h/v2/elsewhere", code: 200},
			outcome: Unmatched},
		{name: "unparsable URL", ex: exchange{url: "https://h/v1/things/%zz", code: 200},
			outcome: Fail, problems: []string{"/request/url"}},
		{name: "request body is validated", ex: exchange{method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: `{"id":"t1"}`, code: 201, respBody: aThing},
			outcome: Fail, operation: "createThing", response: "201", problems: []string{"/request/body/status"}},
		{name: "json-patch request", ex: exchange{method: http.MethodPatch, url: "https://h/v1/things/abc", reqCT: "application/json-patch+json", body: patchOps, code: 200, respBody: aThing},
			outcome: Pass, operation: "patchThing", response: "200"},
		{name: "json-patch request with an unknown op", ex: exchange{method: http.MethodPatch, url: "https://h/v1/things/abc", reqCT: "application/json-patch+json", body: `[{"op":"move","path":"/a"}]`, code: 200, respBody: aThing},
			outcome: Fail, operation: "patchThing", response: "200", problems: []string{"/request/body/0/op"}},
		{name: "path parameter", ex: exchange{method: http.MethodDelete, url: "https://h/v1/things/ab", code: 204},
			outcome: Fail, operation: "deleteThing", response: "204", problems: []string{"/request/path/id"}},
		{name: "empty 204", ex: exchange{method: http.MethodDelete, url: "https://h/v1/things/abc", code: 204, respCT: "application/json"},
			outcome: Pass, operation: "deleteThing", response: "204"},
		{name: "204 with a body is a note (policy)", ex: exchange{method: http.MethodDelete, url: "https://h/v1/things/abc", code: 204, respBody: `{"x":1}`},
			outcome: Pass, operation: "deleteThing", response: "204", notes: []string{"/response/body"}},
		{name: "pkcs10 with parameters", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/pkcs10; filename=okta.p10", respBody: csrB64},
			outcome: Pass, operation: "getCsr", response: "200"},
		{name: "pkcs10 that is not base64", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/pkcs10", respBody: "not base64!"},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/body"}},
		{name: "PEM request", ex: exchange{method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/x-pem-file", body: pem, code: 201, respBody: aThing},
			outcome: Pass, operation: "publishCert", response: "201"},
		{name: "PEM request that is not PEM", ex: exchange{method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/x-pem-file", body: "MIIB", code: 201, respBody: aThing},
			outcome: Fail, operation: "publishCert", response: "201", problems: []string{"/request/body"}},
		{name: "DER request", ex: exchange{method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/pkix-cert", body: "\x30\x82\x01\x0a", code: 201, respBody: aThing},
			outcome: Pass, operation: "publishCert", response: "201"},
		{name: "undeclared response content type", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "text/html", respBody: "<p>"},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/header/Content-Type"}},
		{name: "missing response content type", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "-", respBody: aThing},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/header/Content-Type"}},
		{name: "charset parameter", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/json;charset=UTF-8", respBody: aThing},
			outcome: Pass, operation: "getCsr", response: "200"},
		{name: "formats are checked", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"ACTIVE","created":"yesterday","size":1e12}`},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/body/created", "/response/body/size"}},
		{name: "enum", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"GONE"}`},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/body/status"}},
		{name: "malformed JSON", ex: exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":`},
			outcome: Fail, operation: "getCsr", response: "200", problems: []string{"/response/body"}},
	}
	checker := NewChecker([]*Spec{things(t)}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := checker.Check("f.yaml", 7, tt.ex.interaction())
			require.Equal(t, tt.outcome, res.Outcome, "%v", res.Problems)
			require.Equal(t, tt.operation, res.OperationID)
			require.Equal(t, tt.response, res.Response)
			require.Equal(t, sorted(tt.problems), pointers(res.Problems), "%v", res.Problems)
			require.Equal(t, sorted(tt.notes), pointers(res.Notes), "%v", res.Notes)
			require.Equal(t, "f.yaml", res.File)
			require.Equal(t, 7, res.Index)
		})
	}
}

func TestCheckMessages(t *testing.T) {
	checker := NewChecker([]*Spec{things(t)}, nil)
	undocumented := checker.Check("f", 0, exchange{url: "https://h/v1/things", code: 503, respBody: `{"code":"E"}`}.interaction())
	require.Equal(t, "status 503 is not documented for listThings", undocumented.Problems[0].Message)
	ct := checker.Check("f", 0, exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "text/html", respBody: "x"}.interaction())
	require.Equal(t, "text/html is not declared; the spec declares application/json, application/pkcs10", ct.Problems[0].Message)
}

func TestCheckStrict(t *testing.T) {
	strict := NewChecker([]*Spec{things(t)}, &Options{Strict: true})
	res := strict.Check("f", 0, exchange{url: "https://h/v2/elsewhere", code: 200}.interaction())
	require.Equal(t, Fail, res.Outcome)
	require.Equal(t, []string{"/request/url"}, pointers(res.Problems))
}

func TestCheckWritesNoDefaults(t *testing.T) {
	in := exchange{url: "https://h/v1/things", code: 200}.interaction()
	req, err := recordedRequest(exchangeOfV3(in))
	require.NoError(t, err)
	r, problem := NewChecker([]*Spec{things(t)}, nil).find(req)
	require.Nil(t, problem)
	require.Empty(t, validateRequest(req, r, ""))
	require.Empty(t, req.URL.RawQuery, "the default limit must not be written into the request")
}

func TestCheckSpecsInOrder(t *testing.T) {
	specs := bundled(t)
	checker := NewChecker(specs, nil)
	require.Equal(t, specs, checker.Specs())
	tests := map[string]string{
		"https://tenant.okta.com/api/v1/apps/0oa1/credentials/keys":              "okta",
		"https://acme.api.identitynow.com/v3/oauth-clients":                      "sailpoint",
		"http://127.0.0.1:9/v3/oauth-clients":                                    "sailpoint",
		"https://console.cloud.vmware.com/csp/gateway/am/api/orgs/o1/oauth-apps": "vmwarecsp",
	}
	for url, want := range tests {
		req, err := recordedRequest(exchangeOfV3(exchange{url: url}.interaction()))
		require.NoError(t, err)
		r, problem := checker.find(req)
		require.Nil(t, problem, url)
		require.NotNil(t, r.spec, url)
		require.Equal(t, want, r.spec.Name, url)
	}
}

func sorted(s []string) []string {
	if s == nil {
		return []string{}
	}
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func TestCheckConcurrently(t *testing.T) {
	checker := NewChecker(bundled(t), nil)
	inputs := corpusInteractions(t)
	want := make([]Result, len(inputs))
	for i, in := range inputs {
		want[i] = checker.Check("f", i, in)
	}
	got := make([]Result, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() { got[i] = checker.Check("f", i, in) })
	}
	wg.Wait()
	require.Equal(t, withoutErrs(want), withoutErrs(got))
}

// withoutErrs drops the source errors, which hold the request they came from.
func withoutErrs(results []Result) []Result {
	out := make([]Result, len(results))
	for i, res := range results {
		res.Problems, res.Notes = stripErrs(res.Problems), stripErrs(res.Notes)
		out[i] = res
	}
	return out
}

func stripErrs(problems []Problem) []Problem {
	out := make([]Problem, len(problems))
	for i, p := range problems {
		out[i] = Problem{Pointer: p.Pointer, Message: p.Message}
	}
	return out
}

// TestCheckRedactsTheURLItReports: the result shows the URL without the
// credential, while validation still sees the value as recorded.
func TestCheckRedactsTheURLItReports(t *testing.T) {
	checker := NewChecker([]*Spec{things(t)}, nil)
	res := checker.Check("f", 0, exchange{url: "https://h/v1/things?limit=2&client_secret=tok-7f3a9c", code: 200, respBody: "[]"}.interaction())
	require.Equal(t, "https://h/v1/things?limit=2&client_secret=REDACTED", res.URL)
	require.Equal(t, "listThings", res.OperationID)
	bad := checker.Check("f", 0, exchange{url: "https://h/v1/things?limit=x&client_secret=tok-7f3a9c", code: 200, respBody: "[]"}.interaction())
	require.Equal(t, Fail, bad.Outcome, "the recorded query is validated as it is")
	require.Equal(t, "https://h/v1/things?limit=x&client_secret=REDACTED", bad.URL)
	unparsable := checker.Check("f", 0, exchange{url: "%zz?client_secret=tok-7f3a9c", code: 200}.interaction())
	require.Equal(t, Fail, unparsable.Outcome)
	require.Equal(t, "%zz?client_secret=REDACTED", unparsable.URL)
}
