package sailpoint

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

func TestDecodeError(t *testing.T) {
	const (
		dto     = "dto"
		unauth  = "401"
		tooMany = "429"
	)
	cases := []struct {
		name                     string
		status                   int
		header                   http.Header
		body                     string
		code                     unified.Code
		vendorCode, msg, request string
		retry                    time.Duration
		as                       string // which gen type ErrorAs reaches, "" for none
	}{
		{"400 ErrorResponseDto", 400, nil, `{"detailCode":"400.1 Bad Request Content","trackingId":"e7eab60924f64aa284175b9fa3309599","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The request was syntactically correct but its content is semantically invalid."}],"causes":[]}`,
			unified.InvalidArgument, "400.1 Bad Request Content", "The request was syntactically correct but its content is semantically invalid.", "e7eab60924f64aa284175b9fa3309599", 0, dto},
		{"403", 403, nil, `{"detailCode":"403 Forbidden","trackingId":"b21b1f7ce4da4904a8e4ab4bd0c8e28f","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The server understood the request but refuses to authorize it."}]}`,
			unified.PermissionDenied, "403 Forbidden", "The server understood the request but refuses to authorize it.", "b21b1f7ce4da4904a8e4ab4bd0c8e28f", 0, dto},
		{"404 with two locales and a cause", 404, nil, `{"detailCode":"404 Not found","trackingId":"t1","messages":[{"locale":"en-US","text":"Not found."},{"locale":"en-GB","text":"Not found."},{"locale":"de","text":"Nicht gefunden."}],"causes":[{"text":"OAuth client 42"}]}`,
			unified.NotFound, "404 Not found", "Not found.; Nicht gefunden.: OAuth client 42", "t1", 0, dto},
		{"500", 500, nil, `{"detailCode":"500.0 Internal Fault","trackingId":"t5","messages":[{"text":"An internal fault occurred."}]}`,
			unified.Internal, "500.0 Internal Fault", "An internal fault occurred.", "t5", 0, dto},
		{"401", 401, nil, `{"error":"JWT validation failed: JWT is expired"}`,
			unified.Unauthenticated, "", "JWT validation failed: JWT is expired", "", 0, unauth},
		{"429 with Retry-After", 429, http.Header{"Retry-After": {"7"}}, `{"message":" Rate Limit Exceeded "}`,
			unified.RateLimited, "", "Rate Limit Exceeded", "", 7 * time.Second, tooMany},
		{"429 without Retry-After", 429, nil, `{"message":" Rate Limit Exceeded "}`,
			unified.RateLimited, "", "Rate Limit Exceeded", "", 0, tooMany},
		{"429 with an HTTP date", 429, http.Header{"Date": {"Tue, 06 Jan 2026 19:50:58 GMT"}, "Retry-After": {"Tue, 06 Jan 2026 19:51:28 GMT"}}, `{"message":"slow down"}`,
			unified.RateLimited, "", "slow down", "", 30 * time.Second, tooMany},
		{"409 in a DTO", 409, nil, `{"detailCode":"409 Conflict","messages":[{"text":"exists"}]}`,
			unified.AlreadyExists, "409 Conflict", "exists", "", 0, dto},
		{"405 from the gateway", 405, nil, `{"detailCode":"405 Method Not Allowed","trackingId":"t4","messages":[{"text":"The method is not allowed on this resource."}]}`,
			unified.Unimplemented, "405 Method Not Allowed", "The method is not allowed on this resource.", "t4", 0, dto},
		{"401 in a DTO", 401, nil, `{"detailCode":"401 Unauthorized","trackingId":"t6","messages":[{"text":"no"}]}`,
			unified.Unauthenticated, "401 Unauthorized", "no", "t6", 0, dto},
		{"502 HTML from a proxy", 502, nil, `<html>Bad Gateway</html>`,
			unified.Unavailable, "", `the error answer is not SailPoint's error object; it begins "<html>Bad Gateway</html>"`, "", 0, ""},
		{"503 empty", 503, nil, ``, unified.Unavailable, "", "the error answer has no body", "", 0, ""},
		{"504", 504, nil, `upstream timed out`, unified.Unavailable, "", `the error answer is not SailPoint's error object; it begins "upstream timed out"`, "", 0, ""},
		{"unknown 4xx", 418, nil, `{}`, unified.Internal, "", `the error answer is not SailPoint's error object; it begins "{}"`, "", 0, ""},
		{"unknown 5xx", 599, nil, `null`, unified.Unavailable, "", `the error answer is not SailPoint's error object; it begins "null"`, "", 0, ""},
		{"401 whose error is not a string", 401, nil, `{"error":{"code":1}}`,
			unified.Unauthenticated, "", `the error answer is not SailPoint's error object; it begins "{\"error\":{\"code\":1}}"`, "", 0, ""},
		{"a secret in a broken body is redacted", 500, nil, `{"secret":"5c32dd9b21adb51c77794d46e71de117"}`,
			unified.Internal, "", `the error answer is not SailPoint's error object; it begins "{\"secret\":\"[REDACTED]\"}"`, "", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := decodeError(c.status, c.header, []byte(c.body))
			require.Equal(t, c.code, e.Code)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Equal(t, c.msg, e.Message)
			require.Equal(t, c.request, e.RequestID)
			require.Equal(t, c.retry, e.RetryAfter)
			var d *gen.ErrorResponseDto
			var u *gen.UnauthorizedError
			var m *gen.TooManyRequestsError
			require.Equal(t, c.as == dto, unified.ErrorAs(e, &d))
			require.Equal(t, c.as == unauth, unified.ErrorAs(e, &u))
			require.Equal(t, c.as == tooMany, unified.ErrorAs(e, &m))
		})
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(400, `{"detailCode":"400.1 Bad Request Content","trackingId":"t","messages":[{"text":"x"}],"causes":[{"text":"y"}]}`)
	f.Add(401, `{"error":"JWT validation failed: JWT is expired"}`)
	f.Add(429, `{"message":" Rate Limit Exceeded "}`)
	f.Add(502, `<html>`)
	f.Add(500, `{"secret":"abcdefghijklmnopqrstu","detail":1}`)
	f.Add(400, `{"client_secret":"abcdefghijklmnopqrstu"}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		e := decodeError(status, http.Header{"Retry-After": {"3"}}, []byte(body))
		require.NotZero(t, e.Code)
		require.True(t, utf8.ValidString(e.Message) || !utf8.ValidString(body), "the message is text")
		if status == http.StatusTooManyRequests {
			require.Equal(t, unified.RateLimited, e.Code)
			require.Equal(t, 3*time.Second, e.RetryAfter)
		}
		// Whatever follows it, a secret field of a broken body is never
		// quoted (unless the rest of the body repeats the value).
		const value = "Zq9vXw7Kp2Lm4Nr6Ts8U"
		if strings.Contains(body, value) {
			return
		}
		for _, field := range []string{"secret", "client_secret", "access_token"} {
			leaky := decodeError(status, nil, []byte(`{"`+field+`":"`+value+`",`+body))
			require.NotContains(t, leaky.Error(), value)
		}
	})
}

// TestErrorsFromTheSimulator drives each documented error status through
// the provider and checks what reaches the caller.
func TestErrorsFromTheSimulator(t *testing.T) {
	ctx := context.Background()
	consent := &unified.RotateOptions{AllowNewClientID: true}
	const unknown = "0123456789abcdef0123456789abcdef"
	cases := []struct {
		name   string
		scene  func(h *harness) *harness // returns the harness to call
		client string
		code   unified.Code
		status int
		vendor string
		msg    string
		as     any
	}{
		{"400 for an ID SailPoint refuses", nil, "not.a.client.id", unified.InvalidArgument, 400, "400.1 Bad Request Content",
			`The id "not.a.client.id" is not a valid OAuth client ID.`, new(*gen.ErrorResponseDto)},
		{"401 for an expired token", func(h *harness) *harness {
			for range h.p.ListClients(ctx) { //nolint:errcheck // only to obtain a token; the listing is not under test
			}
			h.Clock.Advance(time.Hour) // x/oauth2 still trusts the token: it measures real time
			return h
		}, unknown, unified.Unauthenticated, 401, "", "JWT validation failed: JWT is expired", new(*gen.UnauthorizedError)},
		{"403 for a token without the manage scope", func(h *harness) *harness {
			id, secret := h.Server.CreateClient("reader", []string{"sp:oauth-client:read"})
			h.p = h.providerAs(t, id, secret)
			return h
		}, "", unified.PermissionDenied, 403, "403 Forbidden", "The token lacks the scope sp:oauth-client:manage.", new(*gen.ErrorResponseDto)},
		{"404 for an unknown client", nil, unknown, unified.NotFound, 404, "404 Not found",
			`The OAuth client "` + unknown + `" does not exist.`, new(*gen.ErrorResponseDto)},
		{"429", func(h *harness) *harness {
			h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodGet, PathContains: "/v3/"})
			return h
		}, unknown, unified.RateLimited, 429, "", "Rate Limit Exceeded", new(*gen.TooManyRequestsError)},
		{"500", func(h *harness) *harness {
			h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet, PathContains: "/v3/"})
			return h
		}, unknown, unified.Internal, 500, "500.0 Internal Fault", "An internal fault occurred.", new(*gen.ErrorResponseDto)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, &harnessOptions{maxRetries: -1})
			if c.scene != nil {
				h = c.scene(h)
			}
			client := c.client
			if client == "" {
				client, _ = h.Server.CreateClient("target", nil)
			}
			before := h.Server.ClientIDs()
			_, err := h.p.RotateSecret(ctx, client, consent)
			e := requireError(t, err, c.code, "RotateSecret")
			require.Equal(t, c.status, e.HTTPStatus)
			require.Equal(t, c.vendor, e.VendorCode)
			require.Equal(t, c.msg, e.Message)
			if c.vendor != "" {
				require.Regexp(t, `^[0-9a-f]{32}$`, e.RequestID, "the trackingId")
			} else {
				require.Empty(t, e.RequestID)
			}
			if c.code == unified.RateLimited {
				require.Equal(t, time.Second, e.RetryAfter)
			}
			require.True(t, unified.ErrorAs(err, c.as))
			require.Equal(t, before, h.Server.ClientIDs(), "nothing was created")
		})
	}
}
