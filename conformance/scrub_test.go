package conformance

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEchoedSecretsAreNeverQuoted: a credential of the interaction, echoed
// in a field whose name says nothing, is not quoted in any problem.
func TestEchoedSecretsAreNeverQuoted(t *testing.T) {
	const secret = "s3cr3t-canary-VALUE"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("app:"+secret))
	long := strings.Repeat(secret, 6)
	tests := []struct {
		name    string
		header  http.Header
		url     string
		reqBody string
		body    string
	}{
		{"echoed from a response field", nil, "https://h/v1/things/abc/csr", "", `{"id":"t1","client_secret":"` + secret + `","status":"` + secret + `"}`},
		{"a long value holding it, cut", nil, "https://h/v1/things/abc/csr", "", `{"id":"t1","secret":"` + secret + `","status":"` + long + `"}`},
		{"from the Authorization header", http.Header{"Authorization": {"SSWS " + secret}}, "https://h/v1/things/abc/csr", "", `{"id":"t1","status":"` + secret + `"}`},
		{"from a Basic pair", http.Header{"Authorization": {basic}}, "https://h/v1/things/abc/csr", "", `{"id":"t1","status":"` + secret + `"}`},
		{"from a query parameter", nil, "https://h/v1/things/abc/csr?access_token=" + secret, "", `{"id":"t1","status":"` + secret + `"}`},
		{"a part of it", nil, "https://h/v1/things/abc/csr?access_token=" + secret, "", `{"id":"t1","status":"` + secret[:12] + `"}`},
	}
	checker := NewChecker([]*Spec{things(t)}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := checker.CheckExchange("f", 0, Exchange{Method: http.MethodGet, URL: tt.url, RequestHeader: tt.header, Status: 200,
				ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: tt.body})
			require.Equal(t, Fail, res.Outcome)
			for _, p := range append(res.Problems, res.Notes...) {
				require.NotContains(t, p.String(), secret[:12], "%s", p)
				require.NotContains(t, p.Received, secret[:12])
			}
			require.Contains(t, res.Problems[0].Message, redacted)
		})
	}
}

func TestUnrelatedValuesAreStillQuoted(t *testing.T) {
	res := NewChecker([]*Spec{things(t)}, nil).CheckExchange("f", 0, Exchange{Method: http.MethodGet, URL: "https://h/v1/things/abc/csr",
		RequestHeader: http.Header{"Authorization": {"SSWS s3cr3t-canary-VALUE"}}, Status: 200,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: `{"id":"t1","status":"GONE"}`})
	require.Equal(t, `"GONE"`, res.Problems[0].Received)
}
