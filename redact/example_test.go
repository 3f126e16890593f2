package redact_test

import (
	"fmt"
	"net/http"

	"github.com/credkit/credkit/redact"
)

func ExampleRedactor_Redact() {
	red := redact.New(&redact.Options{Secrets: []string{"00abcLiveToken"}})
	in := redact.Interaction{
		URL:             "https://acme.okta.com/api/v1/apps?q=00abcLiveToken",
		RequestHeaders:  http.Header{"Authorization": {"SSWS 00abcLiveToken"}},
		ResponseHeaders: http.Header{"Content-Type": {"application/json"}},
		ResponseBody:    `{"client_secret":"s3cr3t","status":"ACTIVE"}`,
	}
	red.Redact(&in)
	fmt.Println(in.URL)
	fmt.Println(in.RequestHeaders.Get("Authorization"))
	fmt.Println(in.ResponseBody)
	// Output:
	// https://acme.okta.com/api/v1/apps?q=REDACTED-0002-credkit-Placeholder
	// SSWS REDACTED
	// {"client_secret":"REDACTED-0001-credkit-Placeholder","status":"ACTIVE"}
}
