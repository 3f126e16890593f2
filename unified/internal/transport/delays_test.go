package transport

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func TestParseRetryAfterRangeChecks(t *testing.T) {
	cases := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"0", 0, true},
		{"30", 30 * time.Second, true},
		{" 30 ", 30 * time.Second, true},
		{"299", 299 * time.Second, true},
		{"300", MaxDelay, true},
		{"86400", MaxDelay, true},
		{"9223372036", MaxDelay, true},           // overflows time.Duration when multiplied by a second
		{"9223372036854775807", MaxDelay, true},  // math.MaxInt64
		{"18446744073709551616", MaxDelay, true}, // past uint64
		{"99999999999999999999999999999999", MaxDelay, true},
		{"-1", 0, false},
		{"-9223372036854775808", 0, false},
		{"1.5", 0, false},
		{"1e9", 0, false},
		{"+5", 0, false},
		{"0x10", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.AddDate(100, 0, 0).Format(http.TimeFormat), MaxDelay, true},
		{"Fri, 31 Dec 9999 23:59:59 GMT", MaxDelay, true},
		{"Mon, 01 Jan 0001 00:00:00 GMT", 0, true},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			got, ok := ParseRetryAfter(c.value, now)
			require.Equal(t, c.ok, ok)
			require.Equal(t, c.want, got)
		})
	}
}

func TestParseResetRangeChecks(t *testing.T) {
	sec := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	ms := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).UnixMilli(), 10) }
	cases := []struct {
		name, value string
		want        time.Duration
		ok          bool
	}{
		{"in 30s", sec(30 * time.Second), 30 * time.Second, true},
		{"past", sec(-time.Hour), 0, true},
		{"now", sec(0), 0, true},
		{"milliseconds, in 30s", ms(30 * time.Second), 30 * time.Second, true},
		{"microseconds, in 30s", strconv.FormatInt(now.Add(30*time.Second).UnixMicro(), 10), 30 * time.Second, true},
		{"nanoseconds, in 30s", strconv.FormatInt(now.Add(30*time.Second).UnixNano(), 10), 30 * time.Second, true},
		{"milliseconds, past", ms(-time.Hour), 0, true},
		{"far future seconds", sec(100 * 365 * 24 * time.Hour), MaxDelay, true},
		{"year 5000", "95617584000", MaxDelay, true},
		{"max int64", "9223372036854775807", MaxDelay, true},
		{"max uint64", "18446744073709551615", MaxDelay, true},
		{"past uint64", "18446744073709551616", MaxDelay, true},
		{"negative", "-1", 0, false},
		{"min int64", "-9223372036854775808", 0, false},
		{"fraction", "1777636830.5", 0, false},
		{"garbage", "tomorrow", 0, false},
		{"empty", "", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ParseReset(c.value, now)
			require.Equal(t, c.ok, ok)
			require.Equal(t, c.want, got)
		})
	}
}

// TestOktaDelayNeverRetriesAtOnceForAFarReset: a far-future or
// millisecond reset waits (up to the cap), never zero.
func TestOktaDelayNeverRetriesAtOnceForAFarReset(t *testing.T) {
	for _, reset := range []string{"9223372036854775807", "18446744073709551615", strconv.FormatInt(now.Add(time.Minute).UnixMilli(), 10)} {
		resp := &http.Response{Header: http.Header{"X-Rate-Limit-Reset": {reset}, "Date": {now.Format(http.TimeFormat)}}}
		d := OktaDelay(resp, 0)
		require.Greater(t, d, 30*time.Second, reset)
		require.LessOrEqual(t, d, MaxDelay, reset)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-1", "9223372036854775807", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "1.5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := ParseRetryAfter(v, now)
		if d < 0 || d > MaxDelay || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}

func FuzzParseReset(f *testing.F) {
	for _, s := range []string{"1777636830", "1777636830000", "-5", "18446744073709551615", "9223372036854775807", "0", "x"} {
		f.Add(s, now.Unix())
	}
	f.Fuzz(func(t *testing.T, v string, at int64) {
		d, ok := ParseReset(v, time.Unix(at, 0))
		if d < 0 || d > MaxDelay || (!ok && d != 0) {
			t.Fatalf("ParseReset(%q) = %v, %v", v, d, ok)
		}
		resp := &http.Response{Header: http.Header{"X-Rate-Limit-Reset": {v}, "Retry-After": {v}}}
		if d := OktaDelay(resp, 3); d < 0 || d > MaxDelay {
			t.Fatalf("OktaDelay(%q) = %v", v, d)
		}
	})
}

// TestRateLimitHeaderSpellings sends the rate-limit headers from a real
// server under every spelling a vendor or a proxy may use on the wire
// (HTTP/1.1 names are case-insensitive) and reads them back from the
// client's answer: whatever the case, Okta's and Auth0's names are found,
// and Okta's wins when both come.
func TestRateLimitHeaderSpellings(t *testing.T) {
	reset := strconv.FormatInt(now.Add(30*time.Second).Unix(), 10)
	cases := []struct {
		name    string
		headers map[string]string // wire name: value
		limit   int
		ok      bool
	}{
		{"Okta", map[string]string{"X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "5", "X-Rate-Limit-Reset": reset}, 600, true},
		{"Okta, lower case", map[string]string{"x-rate-limit-limit": "600", "x-rate-limit-remaining": "5", "x-rate-limit-reset": reset}, 600, true},
		{"Auth0", map[string]string{"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": reset}, 50, true},
		{"Auth0, lower case", map[string]string{"x-ratelimit-limit": "50", "x-ratelimit-remaining": "5", "x-ratelimit-reset": reset}, 50, true},
		{"Auth0, upper case", map[string]string{"X-RATELIMIT-LIMIT": "50", "X-RATELIMIT-REMAINING": "5", "X-RATELIMIT-RESET": reset}, 50, true},
		{"both: Okta's wins", map[string]string{"X-Rate-Limit-Limit": "600", "X-RateLimit-Limit": "50", "X-Rate-Limit-Remaining": "5", "X-RateLimit-Remaining": "4", "X-Rate-Limit-Reset": reset}, 600, true},
		{"Okta's empty: Auth0's", map[string]string{"X-Rate-Limit-Limit": "", "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": reset}, 50, true},
		{"neither", map[string]string{"X-Rate-Limits": "600", "RateLimit-Limit": "600"}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range c.headers {
					w.Header()[k] = []string{v} // the name as it is, not canonicalized
				}
				w.Header()["date"] = []string{now.Format(http.TimeFormat)}
			}))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			require.NoError(t, err)
			resp.Body.Close()

			limit, remaining, ok := RateLimitCounts(resp.Header)
			require.Equal(t, c.ok, ok)
			require.Equal(t, c.limit, limit)
			wait, ok := OktaReset(resp)
			require.Equal(t, c.ok, ok)
			if c.ok {
				require.Equal(t, 5, remaining)
				require.Equal(t, 31*time.Second, wait, "30 s from the answer's own Date, plus the second of margin")
			}
		})
	}
}
