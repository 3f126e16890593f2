package okta

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/transport"
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
	f.Add(429, `{"errorCode":"E0000047","errorSummary":"x","errorCauses":[{"errorSummary":"y"}],`, "abcdefghijklmnopqrstu")
	f.Add(502, `<html>`, "s3cr3t-s3cr3t")
	f.Add(400, ``, "hunter2hunter2")
	f.Fuzz(func(t *testing.T, status int, prefix, secret string) {
		if len(secret) < 8 || strings.ContainsAny(secret, `"\`) || strings.Contains(strconv.Quote(prefix), secret) || strings.Contains("[REDACTED]", secret) {
			return
		}
		// The body never decodes (it ends inside the object), so it is
		// quoted: the secret field's value must not be.
		body := prefix + `"client_secret":"` + secret + `"`
		e := decodeError(status, http.Header{}, []byte(body))
		require.NotZero(t, e.Code)
		require.NotContains(t, e.Message, secret, "a secret in a broken body is never quoted")
	})
}

func TestErrorsFromTheSimulator(t *testing.T) {
	ctx := context.Background()
	t.Run("401 wrong token", func(t *testing.T) {
		h := newHarness(t, nil)
		app, _ := h.NewClient(t)
		p, err := newProvider(Config{OrgURL: h.URL, APIToken: "wrong"}, &Options{HTTPTransport: h.checked})
		require.NoError(t, err)
		_, err = p.ListSecrets(ctx, app)
		requireOktaError(t, err, unified.Unauthenticated, 401, "E0000011")
	})
	t.Run("403 token without the manage scope", func(t *testing.T) {
		h := newHarness(t, &simokta.Options{AccessTokens: map[string][]string{"reader": {"okta.apps.read"}}})
		app, _ := h.NewClient(t)
		p, err := newProvider(Config{OrgURL: h.URL, TokenSource: transport.StaticToken("Bearer", "reader")}, &Options{HTTPTransport: h.checked})
		require.NoError(t, err)
		_, err = p.ListSecrets(ctx, app)
		require.NoError(t, err, "reading needs okta.apps.read only")
		_, err = p.CreateSecret(ctx, app, nil)
		requireOktaError(t, err, unified.PermissionDenied, 403, "E0000006")
	})
	t.Run("404 unknown app", func(t *testing.T) {
		h := newHarness(t, nil)
		_, err := h.provider(t).ListSecrets(ctx, "0oaMISSING")
		requireOktaError(t, err, unified.NotFound, 404, "E0000007")
		require.ErrorContains(t, err, "(AppInstance)")
	})
	t.Run("429 is waited out, or returned at once when the deadline is shorter", func(t *testing.T) {
		h := newHarness(t, &simokta.Options{RateLimit: sim.RateLimit{Limit: 1, Window: time.Minute}})
		app, _ := h.NewClient(t)
		p := h.provider(t)
		_, err := p.ListSecrets(ctx, app)
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err = p.ListSecrets(short, app)
		requireOktaError(t, err, unified.RateLimited, 429, "E0000047")
		var e *unified.Error
		require.ErrorAs(t, err, &e)
		require.Equal(t, 61*time.Second, e.RetryAfter, "the wait until X-Rate-Limit-Reset, measured against Date, plus a second")
		require.Zero(t, h.Sleep.Waits(), "nothing was waited for")
	})
	t.Run("500 on a POST is not retried, on a GET it is", func(t *testing.T) {
		h := newHarness(t, nil)
		app, _ := h.NewClient(t)
		p := h.provider(t)
		h.Fault(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPost})
		before := h.Requests()
		_, err := p.CreateSecret(ctx, app, nil)
		requireOktaError(t, err, unified.Internal, 500, "E0000009")
		require.Equal(t, before+1, h.Requests())
		h.Fault(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet})
		_, err = p.ListSecrets(ctx, app)
		require.NoError(t, err)
		require.Equal(t, before+3, h.Requests(), "the GET was sent twice")
	})
}

func requireOktaError(t *testing.T, err error, code unified.Code, status int, vendorCode string) {
	t.Helper()
	var e *unified.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, code, e.Code, "%v", err)
	require.Equal(t, status, e.HTTPStatus)
	require.Equal(t, vendorCode, e.VendorCode)
	require.NotEmpty(t, e.Message)
	require.NotEmpty(t, e.RequestID)
	var body *gen.Error
	require.True(t, unified.ErrorAs(err, &body))
	require.Equal(t, vendorCode, body.ErrorCode)
}
