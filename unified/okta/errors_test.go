package okta

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
)

func TestDecodeError(t *testing.T) {
	date := time.Date(2026, 1, 6, 19, 51, 0, 0, time.UTC)
	rateHeaders := http.Header{"Date": {date.Format(http.TimeFormat)}, "X-Rate-Limit-Reset": {strconv.FormatInt(date.Add(9*time.Second).Unix(), 10)}}
	cases := []struct {
		name                     string
		status                   int
		header                   http.Header
		body                     string
		code                     unified.Code
		vendorCode, msg, request string
		retry                    time.Duration
	}{
		{"real 400 with a cause", 400, http.Header{}, `{"errorCode":"E0000001","errorSummary":"Api validation failed: JsonWebKey","errorLink":"E0000001","errorId":"oaehu5F5OZUT9qx-T0kj9p6yw","errorCauses":[{"errorSummary":"RSA key length in the 'jwks' is less than '2,048' bits for the given key."}]}`,
			unified.InvalidArgument, "E0000001", "Api validation failed: JsonWebKey: RSA key length in the 'jwks' is less than '2,048' bits for the given key.", "oaehu5F5OZUT9qx-T0kj9p6yw", 0},
		{"real 404", 404, http.Header{"X-Okta-Request-Id": {"hdr"}}, `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 0oa1.x (OAuth2RefreshTokenTx)","errorLink":"E0000007","errorId":"oaey3","errorCauses":[]}`,
			unified.NotFound, "E0000007", "Not found: Resource not found: 0oa1.x (OAuth2RefreshTokenTx)", "oaey3", 0},
		{"401", 401, http.Header{}, `{"errorCode":"E0000011","errorSummary":"Invalid token provided"}`, unified.Unauthenticated, "E0000011", "Invalid token provided", "", 0},
		{"403", 403, http.Header{"X-Okta-Request-Id": {"req9"}}, `{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}`, unified.PermissionDenied, "E0000006", "You do not have permission to perform the requested action", "req9", 0},
		{"429 with reset", 429, rateHeaders, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`, unified.RateLimited, "E0000047", "API call exceeded rate limit due to too many requests.", "", 10 * time.Second},
		{"500", 500, http.Header{}, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`, unified.Internal, "E0000009", "Internal Server Error", "", 0},
		{"502 HTML from a proxy", 502, http.Header{}, `<html>Bad Gateway</html>`, unified.Unavailable, "", `the error answer is not Okta's error object; it begins "<html>Bad Gateway</html>"`, "", 0},
		{"unknown errorCode falls back to the status", 409, http.Header{}, `{"errorCode":"E0000999","errorSummary":"x"}`, unified.AlreadyExists, "E0000999", "x", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := decodeError(c.status, c.header, []byte(c.body))
			require.Equal(t, c.code, e.Code)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Equal(t, c.msg, e.Message)
			require.Equal(t, c.request, e.RequestID)
			require.Equal(t, c.retry, e.RetryAfter)
			var body *gen.Error
			require.Equal(t, c.vendorCode != "", unified.ErrorAs(e, &body))
		})
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(429, `{"errorCode":"E0000047","errorSummary":"x","errorCauses":[{"errorSummary":"y"}]}`)
	f.Add(502, `<html>`)
	f.Add(400, `{"errorCode":"E0000001","client_secret":"abcdefghijklmnopqrstu"}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		e := decodeError(status, http.Header{}, []byte(body))
		require.NotZero(t, e.Code)
		require.NotContains(t, e.Message, "abcdefghijklmnopqrstu", "a secret in a broken body is never quoted")
	})
}
