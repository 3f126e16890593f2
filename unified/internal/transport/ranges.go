package transport

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Ranges of the numbers a server sends that credkit acts on. A number
// outside its range is clamped or ignored, never allowed to overflow.
const (
	// MaxRateLimit is the largest X-Rate-Limit-Limit believed: a bucket of
	// more requests than this is no limit worth pacing for.
	MaxRateLimit = 1_000_000
	// MaxTokenLifetime caps an access token's announced expires_in, so
	// that a huge value neither overflows nor keeps a token for years.
	MaxTokenLifetime = 24 * time.Hour
)

// RateLimitCounts reads X-Rate-Limit-Limit and -Remaining (or Auth0's
// X-RateLimit-*): false unless
// the limit is 1 to MaxRateLimit and the remaining count a number; the
// remaining count is clamped to [0, limit].
//
// A vendor that sends neither (Ory) costs nothing: an empty value is
// refused before strconv.Atoi, whose error would be allocated on every
// answer.
func RateLimitCounts(h http.Header) (limit, remaining int, ok bool) {
	limitValue := strings.TrimSpace(rateLimitHeader(h, limitHeader))
	remainingValue := strings.TrimSpace(rateLimitHeader(h, remainingHeader))
	if limitValue == "" || remainingValue == "" {
		return 0, 0, false
	}
	limit, err1 := strconv.Atoi(limitValue)
	remaining, err2 := strconv.Atoi(remainingValue)
	if err1 != nil || err2 != nil || limit <= 0 || limit > MaxRateLimit {
		return 0, 0, false
	}
	return limit, max(0, min(remaining, limit)), true
}

// TokenLifetime is an access token's announced expires_in as a Duration:
// def when absent, zero or negative, at most MaxTokenLifetime.
func TokenLifetime(expiresIn *int64, def time.Duration) time.Duration {
	if expiresIn == nil || *expiresIn <= 0 {
		return def
	}
	return ClampSeconds(uint64(*expiresIn), MaxTokenLifetime)
}

// maxTime: from the year 10000 on, a server's timestamp is not believed.
var maxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)

// UnixMilli is a server's epoch-milliseconds timestamp as a UTC time, or
// the zero time when it is not positive or past the year 9999 (where
// time.UnixMilli would wrap around).
func UnixMilli(ms int64) time.Time {
	if ms <= 0 || ms >= maxTime.UnixMilli() {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
