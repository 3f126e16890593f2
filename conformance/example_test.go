package conformance_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
)

func ExampleChecker_Check() {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		panic(err)
	}
	checker := conformance.NewChecker(specs, nil)
	in := &cassette.Interaction{
		Request: cassette.Request{
			Method:  http.MethodGet,
			URL:     "https://my-tenant.okta.com/api/v1/apps/0oa1/credentials/keys",
			Headers: http.Header{"Authorization": {"SSWS redacted"}},
		},
		Response: cassette.Response{
			Code:    http.StatusTeapot,
			Headers: http.Header{"Content-Type": {"application/json"}},
			Body:    "[]",
		},
	}
	res := checker.Check("example.yaml", 0, in)
	fmt.Println(res.Spec, res.OperationID, res.Outcome)
	for _, p := range res.Problems {
		fmt.Println(p)
	}
	// Output:
	// okta listApplicationKeys fail
	// /response/status: status 418 is not documented for listApplicationKeys
}

func ExampleRun() {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		panic(err)
	}
	report, err := conformance.Run(context.Background(), conformance.NewChecker(specs, nil), nil, "../cassettes/okta/realworld")
	if err != nil {
		panic(err)
	}
	fmt.Println(report.Summary.Pass, "of", report.Summary.Interactions, "pass")
	if report.Failed() {
		_ = report.Write(os.Stdout, conformance.Table)
	}
	// Output:
	// 33 of 33 pass
}

// Stream writes reports while it checks: here GitHub Actions annotations
// (none, as every interaction passes) and the totals.
func ExampleStream() {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		panic(err)
	}
	sink, err := conformance.NewSink(io.Discard, conformance.GitHub)
	if err != nil {
		panic(err)
	}
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: true})
	report, err := conformance.Stream(context.Background(), checker, nil, sink, "../cassettes/okta/realworld")
	fmt.Println(report.Summary.Pass, "pass;", report.Summary.Fail, "fail; failed:", report.Failed(), err)
	// Output:
	// 33 pass; 0 fail; failed: false <nil>
}

// ExchangeOf checks an exchange captured by any recorder, without go-vcr.
func ExampleExchangeOf() {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest(http.MethodGet, "https://acme.okta.com/api/v1/apps/0oa1/credentials/keys", nil)
	req.Header.Set("Authorization", "SSWS REDACTED")
	resp := &http.Response{StatusCode: http.StatusTeapot, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}
	ex, err := conformance.ExchangeOf(req, resp)
	if err != nil {
		panic(err)
	}
	res := conformance.NewChecker(specs, nil).CheckExchange("live", 0, ex)
	fmt.Println(res.OperationID, res.Outcome, res.Problems[0].Kind())
	// Output:
	// listApplicationKeys fail response-status
}
