package ory

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
)

// The bodies are real Hydra v2.3.0 answers (specs/ERRATA.md H7), but for
// the gateway's generic one and the hostile ones.
func TestDecodeError(t *testing.T) {
	for _, tt := range []struct {
		name         string
		status       int
		header       http.Header
		body         string
		code         unified.Code
		vendorCode   string
		message      string
		requestID    string
		retryAfter   time.Duration
		reachesOAuth bool
	}{
		{"unknown client", 404, nil, `{"error":"Unable to locate the resource","error_description":""}`,
			unified.NotFound, "Unable to locate the resource", "Unable to locate the resource", "", 0, true},
		{"taken client ID", 409, nil, `{"error":"Unable to insert or update resource because a resource with that value exists already","error_description":""}`,
			unified.AlreadyExists, "Unable to insert or update resource because a resource with that value exists already", "Unable to insert or update resource because a resource with that value exists already", "", 0, true},
		{"body not JSON", 400, nil, `{"error":"The request was malformed or contained invalid parameters","error_description":"Unable to decode the request body: unexpected EOF"}`,
			unified.InvalidArgument, "The request was malformed or contained invalid parameters", "Unable to decode the request body: unexpected EOF", "", 0, true},
		{"short secret", 400, nil, `{"error":"invalid_client_metadata","error_description":"Field client_secret must contain a secret that is at least 6 characters long."}`,
			unified.InvalidArgument, "invalid_client_metadata", "Field client_secret must contain a secret that is at least 6 characters long.", "", 0, true},
		{"an error Hydra does not know, with a request ID", 500, http.Header{"X-Request-Id": {"req-1"}}, `{"error":"error","error_description":"The error is unrecognizable"}`,
			unified.Internal, "error", "The error is unrecognizable", "req-1", 0, true},
		{"refused at the token endpoint", 401, nil, `{"error":"invalid_client","error_description":"Client authentication failed"}`,
			unified.Unauthenticated, "invalid_client", "Client authentication failed", "", 0, true},
		{"the code decides over the status", 400, nil, `{"error":"Not Found"}`, unified.NotFound, "Not Found", "Not Found", "", 0, true},
		{"rate limited", 429, http.Header{"Retry-After": {"7"}}, `{"error":"Too Many Requests","error_description":"slow down"}`,
			unified.RateLimited, "Too Many Requests", "slow down", "", 7 * time.Second, true},
		{"the gateway's generic body", 403, nil, `{"error":{"code":403,"status":"Forbidden","message":"The requested action was forbidden","reason":"the API key lacks a permission","request":"abc"}}`,
			unified.PermissionDenied, "Forbidden", "the API key lacks a permission", "abc", 0, false},
		{"no body", 502, nil, ``, unified.Unavailable, "", "the error answer has no body", "", 0, false},
		{"an HTML page", 404, nil, `<!DOCTYPE html><title>404 - Route not found</title>`, unified.NotFound, "", "the error answer is not Ory's error object; it begins", "", 0, false},
		{"an unknown status", 418, nil, `{"error":"teapot"}`, unified.Internal, "teapot", "teapot", "", 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header
			if header == nil {
				header = http.Header{}
			}
			e := decodeError(tt.status, header, []byte(tt.body))
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, tt.vendorCode, e.VendorCode)
			require.Contains(t, e.Message, tt.message)
			require.Equal(t, tt.requestID, e.RequestID)
			require.Equal(t, tt.retryAfter, e.RetryAfter)
			var body *gen.ErrorOAuth2
			require.Equal(t, tt.reachesOAuth, e.As(&body), "As reaches gen.ErrorOAuth2")
		})
	}
}
