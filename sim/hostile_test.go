package sim

import (
	"encoding/base64"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHostilityNamesRoundTrip(t *testing.T) {
	for _, h := range Hostilities {
		got, err := ParseHostility(h.String())
		require.NoError(t, err)
		require.Equal(t, h, got)
	}
	_, err := ParseHostility("polite")
	require.ErrorContains(t, err, "echo-json")
}

func TestEchoTextQuotesEveryForm(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/x", nil)
	r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("app:s3cret-value")))
	text := EchoText(r, []byte("client_secret=body-secret"))
	for _, want := range []string{"s3cret-value", "app:s3cret-value", url.QueryEscape("client_secret=body-secret"), base64.StdEncoding.EncodeToString([]byte("client_secret=body-secret"))} {
		require.Contains(t, text, want)
	}
	page := string(EchoPage(text))
	require.Contains(t, page, html.EscapeString(text))
	require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
}

func TestRateLimitHeadersAreAbsurd(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[Hostility][2]string{
		ResetFar:           {"X-Rate-Limit-Reset", "9223372036854775807"},
		ResetMillis:        {"X-Rate-Limit-Reset", "1767225660000"},
		RetryAfterHuge:     {"Retry-After", "99999999999999999999999"},
		RetryAfterNegative: {"Retry-After", "-9223372036854775808"},
		RetryAfterDate:     {"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"},
	}
	for h, want := range cases {
		hdr := http.Header{}
		RateLimitHeaders(hdr, h, now)
		require.Equal(t, want[1], hdr.Get(want[0]), h.String())
		require.True(t, h.IsRateLimit())
	}
}
