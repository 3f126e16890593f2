package transport

import (
	"net/http"
	"strconv"
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

// RetryAfter parses a response's Retry-After header.
func RetryAfter(resp *http.Response) (time.Duration, bool) {
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return min(time.Duration(secs)*time.Second, MaxDelay), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return clampDelay(at.Sub(responseTime(resp))), true
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

// OktaReset parses X-Rate-Limit-Reset against the response's Date.
func OktaReset(resp *http.Response) (time.Duration, bool) {
	reset, err := strconv.ParseInt(resp.Header.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return 0, false
	}
	return clampDelay(time.Unix(reset, 0).Sub(responseTime(resp)) + time.Second), true
}

// responseTime is the response's Date, or now when it has none.
func responseTime(resp *http.Response) time.Time {
	v := resp.Header.Get("Date")
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
