package conformance_test

import (
	"context"
	"fmt"
	"net/http"
	"os"

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
