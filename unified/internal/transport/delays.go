package transport

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// MaxDelay caps any vendor-announced delay.
const MaxDelay = 5 * time.Minute

// RetryAfterDelay reads Retry-After (seconds or an HTTP date, measured from
// the response's Date), falling back to exponential backoff with jitter.
// SailPoint announces its delays this way.
func RetryAfterDelay(resp *http.Response, attempt int) time.Duration {
	if d, ok := RetryAfter(resp); ok {
		return d
	}
	return Jittered(time.Second, attempt)
}

// RateLimitWait is the delay the transport's policy computed for resp, a
// 429 it answered (retried or not: a deadline shorter than the delay, or
// the last retry used up); false when it computed none. An error built
// from resp reports this delay, not a new draw of a jittered one.
func RateLimitWait(resp *http.Response) (time.Duration, bool) {
	if resp == nil || resp.Request == nil || resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	st, _ := resp.Request.Context().Value(stateKey{}).(*requestState)
	if st == nil || st.rateLimitWait <= 0 {
		return 0, false
	}
	return st.rateLimitWait, true
}

// RetryAfter parses a response's Retry-After header (see ParseRetryAfter).
func RetryAfter(resp *http.Response) (time.Duration, bool) {
	return ParseRetryAfter(resp.Header.Get("Retry-After"), responseTime(resp))
}

// ParseRetryAfter reads a Retry-After value, whole seconds or an HTTP
// date measured from now (the answer's Date), into a delay within
// [0, MaxDelay]: a number of seconds too large for any integer type is
// MaxDelay, not an overflow. A negative number, a fraction or garbage is
// no delay (false): the caller falls back to its backoff.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil { // only a range error is left: a huge number of seconds
			return MaxDelay, true
		}
		return ClampSeconds(secs, MaxDelay), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return clampDelay(at.Sub(now)), true
	}
	return 0, false
}

// OktaDelay waits until X-Rate-Limit-Reset (UTC epoch seconds) as measured
// against the response's own Date, plus a second, as Okta's SDKs do; it
// falls back to RetryAfterDelay.
func OktaDelay(resp *http.Response, attempt int) time.Duration {
	if d, ok := OktaReset(resp); ok {
		return d
	}
	return RetryAfterDelay(resp, attempt)
}

// ResetDelay is OktaDelay for the other vendors that announce the end of
// their window in epoch seconds (Auth0's X-RateLimit-Reset).
func ResetDelay(resp *http.Response, attempt int) time.Duration { return OktaDelay(resp, attempt) }

// OktaReset parses X-Rate-Limit-Reset (or Auth0's X-RateLimit-Reset)
// against the response's Date (see ParseReset), plus a second of margin,
// within [0, MaxDelay].
func OktaReset(resp *http.Response) (time.Duration, bool) {
	d, ok := ParseReset(rateLimitHeader(resp.Header, resetHeader), responseTime(resp))
	if !ok {
		return 0, false
	}
	return min(d+time.Second, MaxDelay), true
}

// maxEpochSeconds is the largest reset time read as seconds (the year
// 5138): larger values are milliseconds (as some proxies send),
// microseconds or nanoseconds, and are scaled down until they fit.
const maxEpochSeconds = 100_000_000_000

// ParseReset reads an X-Rate-Limit-Reset value, a UTC epoch time in
// seconds (or milliseconds, microseconds, nanoseconds), into the wait
// from now until then, within [0, MaxDelay]: a reset far in the future is
// MaxDelay (so is a number too large for 64 bits), not an overflow to a
// past time, and one already past is 0. A negative number or garbage is
// false.
func ParseReset(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if !isDigits(v) {
		return 0, false
	}
	reset, err := strconv.ParseUint(v, 10, 64)
	if err != nil { // only a range error is left: far past any epoch unit
		return MaxDelay, true
	}
	for reset > maxEpochSeconds {
		reset /= 1000
	}
	nowSecs := now.Unix()
	if nowSecs < 0 || reset <= uint64(nowSecs) {
		return 0, true
	}
	return ClampSeconds(reset-uint64(nowSecs), MaxDelay), true
}

// ClampSeconds is secs seconds as a Duration, no more than ceiling,
// without the overflow of time.Duration(secs) * time.Second.
func ClampSeconds(secs uint64, ceiling time.Duration) time.Duration {
	if secs >= uint64(ceiling/time.Second) { //nolint:gosec // ceiling is a positive delay
		return ceiling
	}
	return time.Duration(secs) * time.Second //nolint:gosec // secs is below ceiling's seconds here
}

// isDigits: s is a non-empty run of ASCII digits (no sign, no space).
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rateLimitName is one rate-limit header in both vendors' spellings,
// X-Rate-Limit-<name> (Okta) and X-RateLimit-<name> (Auth0), written in
// the canonical form net/http stores a received header's name in.
type rateLimitName struct{ okta, auth0 string }

var (
	limitHeader     = rateLimitName{"X-Rate-Limit-Limit", "X-Ratelimit-Limit"}
	remainingHeader = rateLimitName{"X-Rate-Limit-Remaining", "X-Ratelimit-Remaining"}
	resetHeader     = rateLimitName{"X-Rate-Limit-Reset", "X-Ratelimit-Reset"}
)

// rateLimitHeader reads one of a vendor's rate-limit headers: Okta's
// spelling, else Auth0's. It is h.Get without canonicalizing the names on
// every answer (the pacer reads three of them per answer): they are
// canonical already, and h.Get finds only canonical names too.
func rateLimitHeader(h http.Header, name rateLimitName) string {
	if v := h[name.okta]; len(v) > 0 && v[0] != "" {
		return v[0]
	}
	if v := h[name.auth0]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// responseTime is the response's Date, or now when it has none.
func responseTime(resp *http.Response) time.Time {
	var v string
	if d := resp.Header["Date"]; len(d) > 0 { // canonical: resp.Header.Get("Date") without the canonicalizing
		v = d[0]
	}
	if d := lastDate.Load(); d != nil && d.text == v {
		return d.t
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return time.Now()
	}
	lastDate.Store(&parsedDate{text: v, t: t})
	return t
}

// lastDate is the latest Date responseTime parsed. The pacer reads every
// answer's Date, which changes once a second, while a busy client gets
// many answers a second: each value is parsed once.
var lastDate atomic.Pointer[parsedDate]

type parsedDate struct {
	text string
	t    time.Time
}

func clampDelay(d time.Duration) time.Duration {
	return max(0, min(d, MaxDelay))
}
