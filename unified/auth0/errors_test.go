package auth0

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/auth0"
	a0sim "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
)

func TestDecodeError(t *testing.T) {
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		name       string
		status     int
		header     http.Header
		body       string
		code       unified.Code
		reason     unified.Reason
		vendorCode string
		message    string
		requestID  string
		retryAfter time.Duration
	}{
		{"bad body", 400, nil, `{"statusCode":400,"error":"Bad Request","message":"Payload validation error","errorCode":"invalid_body"}`,
			unified.InvalidArgument, "", "invalid_body", "Payload validation error", "", 0},
		{"too many credentials", 400, nil, `{"statusCode":400,"error":"Bad Request","message":"at most 2","errorCode":"too_many_credentials"}`,
			unified.FailedPrecondition, unified.ReasonLimitReached, "too_many_credentials", "at most 2", "", 0},
		{"enabled credential", 400, nil, `{"statusCode":400,"error":"Bad Request","message":"enabled","errorCode":"credential_enabled"}`,
			unified.FailedPrecondition, "", "credential_enabled", "enabled", "", 0},
		{"401 without errorCode", 401, nil, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`,
			unified.Unauthenticated, "", "", "Invalid token", "", 0},
		{"scope", 403, hdr("X-Auth0-RequestId", "req-1"), `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope","errorCode":"insufficient_scope"}`,
			unified.PermissionDenied, "", "insufficient_scope", "Insufficient scope", "req-1", 0},
		{"no client", 404, hdr("X-Request-Id", "req-2"), `{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`,
			unified.NotFound, "", "inexistent_client", "The client does not exist", "req-2", 0},
		{"conflict", 409, nil, `{"statusCode":409,"error":"Conflict","message":"alias","errorCode":"conflict"}`,
			unified.AlreadyExists, "", "conflict", "alias", "", 0},
		{"rate limit with reset", 429, hdr("Date", date.Format(http.TimeFormat), "X-RateLimit-Reset", "1767323105"),
			`{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}`,
			unified.RateLimited, "", "too_many_requests", "Global limit has been reached", "", 61 * time.Second},
		{"rate limit, reset far away", 429, hdr("Date", date.Format(http.TimeFormat), "X-RateLimit-Reset", "1999999999"), `{"message":"slow down"}`,
			unified.RateLimited, "", "", "slow down", "", 5 * time.Minute},
		{"rate limit, Retry-After", 429, hdr("Retry-After", "7"), `{"message":"slow down"}`,
			unified.RateLimited, "", "", "slow down", "", 7 * time.Second},
		{"error text only", 500, nil, `{"error":"Internal Server Error"}`, unified.Internal, "", "", "Internal Server Error", "", 0},
		{"gateway", 502, nil, `<html>bad gateway</html>`, unified.Unavailable, "", "", "the error answer is not Auth0's error object; it begins \"<html>bad gateway</html>\"", "", 0},
		{"empty", 503, nil, ``, unified.Unavailable, "", "", "the error answer has no body", "", 0},
		{"teapot", 418, nil, `{"message":"short and stout"}`, unified.Internal, "", "", "short and stout", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = http.Header{}
			}
			e := decodeError(tc.status, h, []byte(tc.body))
			require.Equal(t, tc.code, e.Code)
			require.Equal(t, tc.reason, e.Reason)
			require.Equal(t, tc.vendorCode, e.VendorCode)
			require.Equal(t, tc.message, e.Message)
			require.Equal(t, tc.requestID, e.RequestID)
			if tc.retryAfter > 0 || tc.status == 429 {
				require.Equal(t, tc.retryAfter, e.RetryAfter)
			}
			var body *gen.Error
			require.Equal(t, tc.body != "" && tc.body[0] == '{', unified.ErrorAs(e, &body), "As reaches Auth0's error body when there is one")
		})
	}
}

func TestDecodeErrorRedactsSecrets(t *testing.T) {
	e := decodeError(502, http.Header{}, []byte(`client_secret=hunter2-very-secret-value&x=1`))
	require.NotContains(t, e.Message, "hunter2")
}

func FuzzDecodeError(f *testing.F) {
	f.Add(429, `{"statusCode":429,"error":"Too Many Requests","message":"x","errorCode":"too_many_requests"}`, "")
	f.Add(400, `{"statusCode":"not a number","errorCode":7}`, "")
	f.Add(502, `<html>`, "")
	f.Add(400, `{"message":"m",`, "client_secret")
	f.Add(401, `{`, "access_token")
	f.Fuzz(func(t *testing.T, status int, body, secretField string) {
		const secret = "abcdefghijklmnopqrstu"
		spelled := strings.Contains(strconv.Quote(body), secret)
		if secretField != "" {
			fields := []string{"client_secret", "access_token", "refresh_token", "secret"}
			body += `"` + fields[len(secretField)%len(fields)] + `":"` + secret + `"`
		}
		e := decodeError(status, http.Header{}, []byte(body))
		require.NotZero(t, e.Code)
		require.Equal(t, status == http.StatusTooManyRequests, e.RetryAfter > 0)
		var b *gen.Error
		if !unified.ErrorAs(e, &b) && secretField != "" && !spelled {
			require.NotContains(t, e.Message, secret, "a secret in a broken body is never quoted")
		}
	})
}

// TestRateLimitIsWaitedOut: against a simulator that allows 2 requests a
// second per token, with X-RateLimit-* headers, a run of reads succeeds:
// the transport paces them by the headers and waits out a 429 until
// X-RateLimit-Reset, on the fake clock.
func TestRateLimitIsWaitedOut(t *testing.T) {
	h := newHarness(t, &a0sim.Options{RateLimit: a0sim.DefaultRateLimit})
	p := h.provider(t, nil)
	client, _ := h.NewClient(t)
	for range 6 {
		keys, err := p.ListJSONWebKeys(context.Background(), client)
		require.NoError(t, err)
		require.Len(t, keys, 1)
	}
	require.Positive(t, h.Sleep.Waits(), "the provider waited for the window")
	// The limit is per token across endpoints, the pacer's windows per
	// endpoint: some reads are refused (429) and retried after the reset.
	require.GreaterOrEqual(t, h.Requests(), 13, "a token and 12 reads, and the retries of refused ones")
	require.LessOrEqual(t, h.Sleep.Total(), 30*time.Second)
}
