package call

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/credkit/credkit/unified"
)

func retrieveErr(status int, code, desc, body string, header http.Header) error {
	if header == nil {
		header = http.Header{}
	}
	re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: status, Header: header}, Body: []byte(body), ErrorCode: code, ErrorDescription: desc}
	// As the HTTP client reports a failed token source.
	return &url.Error{Op: "Get", URL: "https://vendor.example.test/x", Err: fmt.Errorf("oauth2: cannot fetch token: %w", re)}
}

func TestTokenError(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		code       unified.Code
		vendorCode string
		msg        string
		retry      time.Duration
	}{
		{"401 with description", retrieveErr(401, "invalid_client", "Bad client credentials.", `{}`, nil), unified.Unauthenticated, "invalid_client", "getting an access token: Bad client credentials.", 0},
		{"400 code only", retrieveErr(400, "unauthorized_client", "", `{}`, nil), unified.Unauthenticated, "unauthorized_client", "getting an access token: the token endpoint refused the credentials (unauthorized_client)", 0},
		{"403 HTML", retrieveErr(403, "", "", `<h1>Forbidden</h1>`, nil), unified.PermissionDenied, "", `getting an access token: the token endpoint answered "<h1>Forbidden</h1>"`, 0},
		{"429", retrieveErr(429, "", "", `{}`, http.Header{"Retry-After": {"3"}}), unified.RateLimited, "", `getting an access token: the token endpoint answered "{}"`, 3 * time.Second},
		{"503 with a secret in the body", retrieveErr(503, "", "", `{"access_token":"leak-leak-leak"}`, nil), unified.Unavailable, "", `getting an access token: the token endpoint answered "{\"access_token\":\"[REDACTED]\"}"`, 0},
		{"307 to elsewhere", retrieveErr(307, "", "", ``, http.Header{"Location": {"https://elsewhere.example/token"}}), unified.Internal, "",
			`getting an access token: the token endpoint answered ""; it redirects to https://elsewhere.example, and credkit does not follow redirects`, 0},
		{"a decoded error from the token source", &url.Error{Err: &unified.Error{Code: unified.Unauthenticated, Vendor: unified.Vendor("vmwarecsp"), Op: "token", Message: "invalid API token"}},
			unified.Unauthenticated, "", "getting an access token: invalid API token", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := TokenError(testVendor, "ListClients", c.err)
			require.NotNil(t, e)
			require.Equal(t, c.code, e.Code)
			require.Equal(t, "ListClients", e.Op)
			require.Equal(t, unified.Vendor("okta"), e.Vendor)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Equal(t, c.msg, e.Message)
			require.Equal(t, c.retry, e.RetryAfter)
		})
	}
	require.Nil(t, TokenError(testVendor, "op", errors.New("dial tcp: refused")))
}
