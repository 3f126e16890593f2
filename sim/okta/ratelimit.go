package okta

import (
	"net/http"
	"strconv"
	"time"
)

// admit counts the request against its endpoint's bucket and sets the
// X-Rate-Limit headers. It reports false when the bucket is exhausted. With
// no rate limit it admits everything and sets no header.
func (s *Server) admit(w http.ResponseWriter, bucket string) bool {
	if s.limiter == nil {
		return true
	}
	v := s.limiter.Take(bucket)
	setRateHeaders(w.Header(), v.Limit, v.Remaining, v.Reset)
	return v.Allowed
}

// setRateHeaders writes Okta's rate-limit headers; the reset is in UTC
// epoch seconds, rounded up.
func setRateHeaders(h http.Header, limit, remaining int, reset time.Time) {
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(epochCeil(reset), 10))
}

// epochCeil is t in whole epoch seconds, rounded up.
func epochCeil(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec
}
