package conformance

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// TestRedactBody: what a body excerpt shows of a credential is
// [REDACTED] or REDACTED, whatever its place; what is not one stays.
func TestRedactBody(t *testing.T) {
	const secret = "s3cr3t-canary-VALUE"
	tests := []struct {
		name, body string
		secrets    []string
		want       string
	}{
		{"JSON member named like a credential", `{"client_id":"app","client_secret":"` + secret + `"}`, nil, `{"client_id":"app","client_secret":"[REDACTED]"}`},
		{"short value", `{"password": "abc"}`, nil, `{"password": "[REDACTED]"}`},
		{"escaped quote inside", `{"access_token":"a\"b` + secret + `","n":1}`, nil, `{"access_token":"[REDACTED]","n":1}`},
		{"not a string", `{"otp": 123456, "pin":true}`, nil, `{"otp": "[REDACTED]", "pin":"[REDACTED]"}`},
		{"JWK private member", `{"kty":"RSA","d":"` + secret + `"}`, nil, `{"kty":"RSA","d":"[REDACTED]"}`},
		{"secretless OAuth names stay", `{"token_type":"Bearer","expires_in":3600}`, nil, `{"token_type":"Bearer","expires_in":3600}`},
		{"object under a secret name: its members by name", `{"credentials":{"user":"u","password":"` + secret + `"}}`, nil, `{"credentials":{"user":"u","password":"[REDACTED]"}}`},
		{"a cut body, its string unterminated", `{"id":"t1","refresh_token":"` + secret, nil, `{"id":"t1","refresh_token":"[REDACTED]"`},
		{"form body", "grant_type=client_credentials&client_secret=" + secret + "&scope=a", nil, "grant_type=client_credentials&client_secret=REDACTED&scope=a"},
		{"URL in a body", `{"next":"https://h/x?limit=2&access_token=` + secret + `#sig=` + secret + `"}`, nil, `{"next":"https://h/x?limit=2&access_token=REDACTED#sig=REDACTED"}`},
		{"userinfo of a URL in a body", `see https://alice:` + secret + `@h/x`, nil, `see https://REDACTED@h/x`},
		{"Authorization echoed", `{"echo":"SSWS ` + secret + `"}`, []string{secret}, `{"echo":"SSWS [REDACTED]"}`},
		{"echoed in plain text", "error: bad key " + secret + " given", []string{secret}, "error: bad key [REDACTED] given"},
		{"nothing secret", `{"id":"t1","status":"GONE"}`, nil, `{"id":"t1","status":"GONE"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redactBody(tt.body, tt.secrets)
			require.Equal(t, tt.want, got)
			require.NotContains(t, got, secret)
			require.Equal(t, got, redactBody(got, tt.secrets), "idempotent")
		})
	}
}

// TestExcerptsOnlyForFailures: a failure keeps redacted, bounded excerpts
// of its bodies; a pass or an unmatched interaction keeps none.
func TestExcerptsOnlyForFailures(t *testing.T) {
	json := http.Header{"Content-Type": {"application/json"}}
	long := `[{"id":"t1","status":"` + strings.Repeat("é", 2000) + `"}]`
	tests := []struct {
		name         string
		ex           Exchange
		outcome      Outcome
		req, resp    string // what the excerpt starts with; "" for none
		wantExcerpts bool
	}{
		{"pass", Exchange{Method: http.MethodGet, URL: "https://h/v1/things", Status: 200, ResponseHeader: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r"}},
			ResponseBody: `[{"id":"t1","status":"ACTIVE"}]`}, Pass, "", "", false},
		{"unmatched", Exchange{Method: http.MethodGet, URL: "https://h/v2/other", Status: 200, ResponseHeader: json, ResponseBody: `{}`}, Unmatched, "", "", false},
		{"failure", Exchange{Method: http.MethodGet, URL: "https://h/v1/things", Status: 200, ResponseHeader: json,
			ResponseBody: `[{"id":"t1","status":"GONE"}]`}, Fail, "", `[{"id":"t1","status":"GONE"}]`, true},
		{"failure with a request body", Exchange{Method: http.MethodPost, URL: "https://h/v1/things", Status: 201, RequestHeader: json,
			RequestBody: `{"status":"NOPE"}`, ResponseHeader: json, ResponseBody: `{"id":"t1","status":"ACTIVE"}`}, Fail, `{"status":"NOPE"}`, `{"id":"t1","status":"ACTIVE"}`, true},
		{"failure without bodies", Exchange{Method: http.MethodDelete, URL: "https://h/v1/things/abc", Status: 418}, Fail, "", "", false},
		{"long body, cut", Exchange{Method: http.MethodGet, URL: "https://h/v1/things", Status: 200, ResponseHeader: json, ResponseBody: long}, Fail, "", long[:100], true},
	}
	checker := NewChecker([]*Spec{things(t)}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := checker.CheckExchange("f", 0, tt.ex)
			require.Equal(t, tt.outcome, res.Outcome, "%v", res.Problems)
			if !tt.wantExcerpts {
				require.Nil(t, res.Excerpts)
				return
			}
			require.NotNil(t, res.Excerpts)
			require.True(t, strings.HasPrefix(res.Excerpts.Request, tt.req), res.Excerpts.Request)
			require.True(t, strings.HasPrefix(res.Excerpts.Response, tt.resp), res.Excerpts.Response)
			for _, e := range []string{res.Excerpts.Request, res.Excerpts.Response} {
				require.LessOrEqual(t, len(e), maxExcerpt+len("…"), "bounded")
				require.True(t, utf8.ValidString(e), "cut on a rune boundary")
			}
			if len(tt.ex.ResponseBody) > maxExcerpt {
				require.True(t, strings.HasSuffix(res.Excerpts.Response, "…"), "the cut is marked")
			}
		})
	}
}

// TestHTMLFailureShowsValueAndExcerpts: each failure in the HTML report
// shows the value received by its problem and, folded, the request and
// response it recorded; never a credential of either.
func TestHTMLFailureShowsValueAndExcerpts(t *testing.T) {
	const secret = "s3cr3t-canary-VALUE"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("app:"+secret+"-basic"))
	checker := NewChecker([]*Spec{things(t)}, nil)
	json := http.Header{"Content-Type": {"application/json"}}
	results := []Result{
		checker.CheckExchange("fail.yaml", 0, Exchange{Method: http.MethodPost, URL: "https://h/v1/things?access_token=" + secret + "-url",
			RequestHeader: http.Header{"Content-Type": {"application/json"}, "Authorization": {basic}},
			RequestBody:   `{"status":"NOPE","client_secret":"` + secret + `-field"}`, Status: 201, ResponseHeader: json,
			ResponseBody: `{"id":"t1","status":"ACTIVE","echo":"` + basic + `","next":"https://h/x?token=` + secret + `-next"}`}),
		checker.CheckExchange("pass.yaml", 0, Exchange{Method: http.MethodGet, URL: "https://h/v1/things", Status: 200,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r"}}, ResponseBody: `[{"id":"t1","status":"ACTIVE","pass-marker":1}]`}),
	}
	require.Equal(t, Fail, results[0].Outcome)
	require.Equal(t, Pass, results[1].Outcome)
	doc, page := parseHTML(t, NewReport([]*Spec{things(t)}, results))
	require.NotContains(t, page, secret, "no credential of the bodies, headers or URL")
	require.NotContains(t, page, strings.TrimPrefix(basic, "Basic "))
	require.NotContains(t, page, "pass-marker", "a pass keeps no excerpt")

	var pres, received []string
	walk(doc, func(n *html.Node) {
		switch {
		case n.Data == "pre":
			pres = append(pres, text(n))
		case n.Data == "span" && htmlAttr(n, "class") == "received":
			received = append(received, text(n))
		}
	})
	require.Contains(t, received, `received "NOPE"`)
	require.Len(t, pres, 2, "the request and the response of the one failure")
	require.Contains(t, pres[0], "POST https://h/v1/things?access_token=REDACTED")
	require.Contains(t, pres[0], `"status":"NOPE","client_secret":"[REDACTED]"`)
	require.Contains(t, pres[1], "status 201")
	require.Contains(t, pres[1], `"next":"https://h/x?token=REDACTED"`)
}
