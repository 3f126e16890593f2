package vmwarecsp

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

func TestDecodeError(t *testing.T) {
	cases := []struct {
		name                     string
		status                   int
		header                   http.Header
		body                     string
		code                     unified.Code
		vendorCode, msg, request string
		retry                    time.Duration // -1: jittered backoff from 1s
	}{
		{"400", 400, nil, `{"cspErrorCode":"csp.iam.400","errorCode":"invalid_request","message":"newClientSecret must contain a digit","moduleCode":0,"requestId":"4a9c","statusCode":400}`,
			unified.InvalidArgument, "invalid_request", "newClientSecret must contain a digit", "4a9c", 0},
		{"401", 401, nil, `{"errorCode":"unauthorized","message":"the user is not authorized to use the API","requestId":"r1"}`, unified.Unauthenticated, "unauthorized", "the user is not authorized to use the API", "r1", 0},
		{"403", 403, nil, `{"errorCode":"forbidden","message":"the user is forbidden to use the API","requestId":"r2"}`, unified.PermissionDenied, "forbidden", "the user is forbidden to use the API", "r2", 0},
		{"404", 404, nil, `{"errorCode":"oauth_app_not_found","message":"not found"}`, unified.NotFound, "oauth_app_not_found", "not found", "", 0},
		{"409 is a failed precondition", 409, nil, `{"errorCode":"rotation_in_progress","message":"an owner rotation is open"}`, unified.FailedPrecondition, "rotation_in_progress", "an owner rotation is open", "", 0},
		{"cspErrorCode when errorCode is missing", 409, nil, `{"cspErrorCode":"csp.deletion","message":"client deletion in progress"}`, unified.FailedPrecondition, "csp.deletion", "client deletion in progress", "", 0},
		{"429 with Retry-After", 429, http.Header{"Retry-After": {"7"}}, `{"errorCode":"too_many_requests","message":"The user has sent too many requests"}`, unified.RateLimited, "too_many_requests", "The user has sent too many requests", "", 7 * time.Second},
		{"429 without Retry-After, as CSP documents", 429, nil, `{"message":"The user has sent too many requests"}`, unified.RateLimited, "", "The user has sent too many requests", "", -1},
		{"500", 500, nil, `{"errorCode":"internal_error","message":"an unexpected error","requestId":"r5","statusCode":500}`, unified.Internal, "internal_error", "an unexpected error", "r5", 0},
		{"503 from a proxy", 503, nil, `<html><body>Service Unavailable</body></html>`, unified.Unavailable, "", `the error answer is not CSP's error object; it begins "<html><body>Service Unavailable</body></html>"`, "", 0},
		{"an OAuth error is not CSP's", 401, nil, `{"error":"invalid_client"}`, unified.Unauthenticated, "", `the error answer is not CSP's error object; it begins "{\"error\":\"invalid_client\"}"`, "", 0},
		{"an empty body", 502, nil, ``, unified.Unavailable, "", `the error answer is not CSP's error object; it begins ""`, "", 0},
		{"a secret in a broken body is redacted", 400, nil, `{"newClientSecret":"N3w-Secret!x"`, unified.InvalidArgument, "", `the error answer is not CSP's error object; it begins "{\"newClientSecret\":\"[REDACTED]\""`, "", 0},
		{"unknown 4xx", 418, nil, `{"message":"teapot"}`, unified.Internal, "", "teapot", "", 0},
		{"unknown 5xx", 599, nil, `{"message":"odd"}`, unified.Unavailable, "", "odd", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			header := c.header
			if header == nil {
				header = http.Header{}
			}
			e := decodeError(c.status, header, []byte(c.body))
			require.Equal(t, c.code, e.Code)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Equal(t, c.msg, e.Message)
			require.Equal(t, c.request, e.RequestID)
			if c.retry < 0 {
				require.GreaterOrEqual(t, e.RetryAfter, 500*time.Millisecond)
				require.Less(t, e.RetryAfter, 1500*time.Millisecond)
			} else {
				require.Equal(t, c.retry, e.RetryAfter)
			}
			var body *gen.CspErrorResponse
			require.Equal(t, !startsWith(c.msg, "the error answer"), unified.ErrorAs(e, &body))
			if body != nil {
				require.Equal(t, c.request, deref(body.RequestId))
			}
		})
	}
}

func startsWith(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }

func FuzzDecodeError(f *testing.F) {
	f.Add(429, `{"errorCode":"too_many_requests","message":"x","requestId":"r"}`, "")
	f.Add(409, `{"cspErrorCode":"c","statusCode":"not a number"}`, "")
	f.Add(502, `<html>`, "")
	f.Add(400, `{"message":"m",`, "clientSecret")
	f.Add(400, `{`, "newClientSecret")
	// Bodies that spell the test secret themselves, in clear or once
	// quoted (\a then "bcdef…"): quoting them is no leak.
	f.Add(400, `{"message":"abcdefghijklmnopqrstu",`, "secret")
	f.Add(502, "\abcdefghijklmnopqrstu", "secret")
	f.Fuzz(func(t *testing.T, status int, body, secretField string) {
		const secret = "abcdefghijklmnopqrstu"
		// A body that holds the secret itself, or that spells it once
		// quoted, may be quoted: the value then shows without any leak.
		spelled := strings.Contains(strconv.Quote(body), secret)
		if secretField != "" {
			// A secret the vendor echoed, in any of the fields Snippet knows.
			fields := []string{"clientSecret", "newClientSecret", "secret", "client_secret", "access_token", "refresh_token"}
			body += `"` + fields[len(secretField)%len(fields)] + `":"` + secret + `"`
		}
		e := decodeError(status, http.Header{}, []byte(body))
		require.NotZero(t, e.Code)
		require.Equal(t, status == http.StatusTooManyRequests, e.RetryAfter > 0)
		var ce *gen.CspErrorResponse
		if !e.As(&ce) && secretField != "" && !spelled {
			require.NotContains(t, e.Message, secret, "a secret in a broken body is never quoted")
		}
	})
}

// TestErrorsFromTheSimulator drives each documented error status through
// the provider and checks that CSP's code, message and request ID reach
// the unified.Error.
func TestErrorsFromTheSimulator(t *testing.T) {
	cases := []struct {
		name       string
		run        func(h *harness, app string) error
		op         string
		code       unified.Code
		status     int
		vendorCode string
		message    string
	}{
		{"400 malformed app ID", func(h *harness, _ string) error {
			return h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: "not.an.app", ID: "previous"})
		}, "RevokeSecret", unified.InvalidArgument, 400, "invalid_request", "oauthAppId must match"},
		{"401 expired access token", func(h *harness, app string) error {
			require.NoError(t, h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: "previous"}))
			h.Clock.Advance(time.Hour) // the simulator's token lives 1799s; credkit's clock does not move
			_, err := h.p.RegenerateSecret(h.ctx, app)
			return err
		}, "RegenerateSecret", unified.Unauthenticated, 401, "unauthorized", "missing, unknown or expired access token"},
		{"403 an app's own token", func(h *harness, app string) error {
			id, secret := h.Server.CreateApp("automation")
			cfg := h.config()
			cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", id, secret
			_, err := h.provider(cfg, nil).RegenerateSecret(h.ctx, app)
			return err
		}, "RegenerateSecret", unified.PermissionDenied, 403, "forbidden", "has no organization role"},
		{"404 unknown app", func(h *harness, _ string) error {
			_, err := h.p.RegenerateSecret(h.ctx, "noSuchApp")
			return err
		}, "RegenerateSecret", unified.NotFound, 404, "oauth_app_not_found", "is not found"},
		{"404 another organization", func(h *harness, app string) error {
			cfg := h.config()
			cfg.OrgID = "00000000-0000-0000-0000-000000000000"
			return h.provider(cfg, nil).RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: "previous"})
		}, "RevokeSecret", unified.NotFound, 404, "org_not_found", "organization with this identifier is not found"},
		{"409 rotation already open", func(h *harness, app string) error {
			_, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
			require.NoError(t, err)
			_, err = h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
			return err
		}, "RotateSecret", unified.FailedPrecondition, 409, "rotation_in_progress", "delete the old secret first"},
		{"429 rate limited", func(h *harness, app string) error {
			h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodPut})
			_, err := h.provider(h.config(), &Options{MaxRetries: -1}).RegenerateSecret(h.ctx, app)
			return err
		}, "RegenerateSecret", unified.RateLimited, 429, "too_many_requests", "the user has sent too many requests"},
		{"500 internal", func(h *harness, app string) error {
			h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPut})
			_, err := h.p.RegenerateSecret(h.ctx, app)
			return err
		}, "RegenerateSecret", unified.Internal, 500, "internal_error", "an unexpected error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil)
			app, _ := h.Server.CreateApp("billing")
			e := requireCode(t, c.run(h, app), c.code, c.op)
			require.Equal(t, c.status, e.HTTPStatus)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Contains(t, e.Message, c.message)
			require.NotEmpty(t, e.RequestID)
			require.Contains(t, e.Error(), "request "+e.RequestID)
			var body *gen.CspErrorResponse
			require.True(t, unified.ErrorAs(e, &body))
			require.Equal(t, e.RequestID, deref(body.RequestId))
			require.Equal(t, int32(c.status), deref(body.StatusCode))
			if c.code == unified.RateLimited {
				require.Equal(t, time.Second, e.RetryAfter, "the simulator's Retry-After")
			}
		})
	}
}

// TestRetries checks the retry policy end to end: 429s wait for the
// simulator's delay on the fake sleep, GET and DELETE are retried after a
// 500, POST and PUT never are, and a deadline shorter than the wait
// returns RateLimited at once.
func TestRetries(t *testing.T) {
	revoke := func(h *harness, app string) error {
		return h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: "previous"})
	}
	cases := []struct {
		name     string
		simOpts  *cspsim.Options
		run      func(h *harness, app string) error
		code     unified.Code // 0: success
		requests map[string]int
		waits    func(t *testing.T, waits []time.Duration)
	}{
		{"429 from the rate limit waits out the window", &cspsim.Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}},
			func(h *harness, app string) error {
				require.NoError(t, revoke(h, app))
				return revoke(h, app)
			}, 0, map[string]int{secretPath(http.MethodDelete): 3},
			func(t *testing.T, waits []time.Duration) { require.Equal(t, []time.Duration{time.Minute}, waits) }},
		{"a scripted 429 on a POST is retried", nil,
			func(h *harness, app string) error {
				h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodPost, PathContains: "/secret"})
				_, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
				return err
			}, 0, map[string]int{secretPath(http.MethodPost): 2},
			func(t *testing.T, waits []time.Duration) { require.Equal(t, []time.Duration{time.Second}, waits) }},
		{"GET is retried after a 500", nil,
			func(h *harness, app string) error {
				h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet})
				_, err := h.p.RotateSecret(h.ctx, app, nil)
				return err
			}, 0, map[string]int{secretPath(http.MethodGet): 2, secretPath(http.MethodPost): 1},
			func(t *testing.T, waits []time.Duration) {
				require.Len(t, waits, 1)
				require.Less(t, waits[0], time.Second)
			}},
		{"DELETE is retried after a 500", nil,
			func(h *harness, app string) error {
				h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodDelete})
				return revoke(h, app)
			}, 0, map[string]int{secretPath(http.MethodDelete): 2},
			func(t *testing.T, waits []time.Duration) { require.Len(t, waits, 1) }},
		{"POST is never retried after a 500", nil,
			func(h *harness, app string) error {
				h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPost, PathContains: "/secret"})
				_, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
				return err
			}, unified.Internal, map[string]int{secretPath(http.MethodPost): 1},
			func(t *testing.T, waits []time.Duration) { require.Empty(t, waits) }},
		{"PUT is never retried after a 500", nil,
			func(h *harness, app string) error {
				h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPut})
				_, err := h.p.RegenerateSecret(h.ctx, app)
				return err
			}, unified.Internal, map[string]int{secretPath(http.MethodPut): 1},
			func(t *testing.T, waits []time.Duration) { require.Empty(t, waits) }},
		{"429s until the retries run out", nil,
			func(h *harness, app string) error {
				for range 3 {
					h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodDelete})
				}
				return h.provider(h.config(), &Options{MaxRetries: 2}).RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: "previous"})
			}, unified.RateLimited, map[string]int{secretPath(http.MethodDelete): 3},
			func(t *testing.T, waits []time.Duration) {
				require.Equal(t, []time.Duration{time.Second, time.Second}, waits)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.simOpts)
			app, _ := h.Server.CreateApp("billing")
			err := c.run(h, app)
			if c.code == 0 {
				require.NoError(t, err)
			} else {
				require.Equal(t, c.code, unified.CodeOf(err), "%v", err)
			}
			for prefix, n := range c.requests {
				require.Equal(t, n, h.wire.count(prefix), "%s in %v", prefix, h.wire.seen())
			}
			c.waits(t, h.Sleep.Recorded())
		})
	}
}

func TestDeadlineShorterThanTheWaitReturnsAtOnce(t *testing.T) {
	h := newHarness(t, &cspsim.Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}})
	app, _ := h.Server.CreateApp("billing")
	ref := unified.CredentialRef{ClientID: app, ID: "previous"}
	require.NoError(t, h.p.RevokeSecret(h.ctx, ref))
	ctx, cancel := context.WithTimeout(h.ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	e := requireCode(t, h.p.RevokeSecret(ctx, ref), unified.RateLimited, "RevokeSecret")
	require.Less(t, time.Since(start), time.Second, "no real wait")
	require.Equal(t, time.Minute, e.RetryAfter, "the caller learns how long to wait")
	require.Equal(t, http.StatusTooManyRequests, e.HTTPStatus)
	require.Equal(t, 2, h.wire.count(secretPath(http.MethodDelete)))
	require.Empty(t, h.Sleep.Recorded())
}

// CSP documents no Retry-After on its 429s. Without one, the wait is
// credkit's own backoff (1s ±50% first); a deadline shorter than it returns
// at once, and the error names that wait.
func TestRateLimitWithoutRetryAfter(t *testing.T) {
	h := newHarness(t, &cspsim.Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}})
	app, _ := h.Server.CreateApp("billing")
	p, err := newProvider(h.config(), &Options{HTTPTransport: dropRetryAfter{h.wire}, Sleep: h.Sleep.Sleep})
	require.NoError(t, err)
	ref := unified.CredentialRef{ClientID: app, ID: "previous"}
	require.NoError(t, p.RevokeSecret(h.ctx, ref))
	ctx, cancel := context.WithTimeout(h.ctx, 300*time.Millisecond)
	defer cancel()
	e := requireCode(t, p.RevokeSecret(ctx, ref), unified.RateLimited, "RevokeSecret")
	require.GreaterOrEqual(t, e.RetryAfter, 500*time.Millisecond)
	require.Less(t, e.RetryAfter, 1500*time.Millisecond)
	require.Equal(t, 2, h.wire.count(secretPath(http.MethodDelete)), "not retried: the wait is past the deadline")
	require.Empty(t, h.Sleep.Recorded())
}

// dropRetryAfter removes Retry-After from every answer, as CSP's
// documentation describes its 429s.
type dropRetryAfter struct{ next http.RoundTripper }

func (d dropRetryAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(req)
	if resp != nil {
		resp.Header.Del("Retry-After")
	}
	return resp, err
}
