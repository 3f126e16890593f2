package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

type policy struct {
	base           http.RoundTripper
	maxRetries     int
	maxBody        int64
	rateLimitDelay DelayFunc
	errorDelay     func(int) time.Duration
	sleep          SleepFunc
	limits         limits
}

func newPolicy(o Options) *policy {
	p := &policy{base: o.Base, maxRetries: o.MaxRetries, maxBody: o.MaxBody,
		rateLimitDelay: o.RateLimitDelay, errorDelay: o.ErrorDelay, sleep: o.Sleep}
	p.limits = resolve(o.Timeouts)
	if p.base == nil {
		p.base = newOwnedBase(p.limits)
	}
	if p.maxRetries == 0 {
		p.maxRetries = 4
	}
	if p.maxBody == 0 {
		p.maxBody = DefaultMaxBody
	}
	if p.rateLimitDelay == nil {
		p.rateLimitDelay = RetryAfterDelay
	}
	if p.errorDelay == nil {
		p.errorDelay = func(attempt int) time.Duration { return Jittered(250*time.Millisecond, attempt) }
	}
	if p.sleep == nil {
		p.sleep = sleep
	}
	return p
}

// checkRetry decides whether to retry and how long to wait first; the wait
// itself happens in prepareRetry, which runs only when a retry is left.
func (p *policy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st := stateOf(ctx)
	var wait time.Duration
	switch {
	case err != nil:
		if !safeToRepeat(st.method) || errors.Is(err, errBodyTooLarge) || errors.As(err, new(*tls.CertificateVerificationError)) {
			return false, nil
		}
		wait = p.errorDelay(st.retries)
	case resp.StatusCode == http.StatusTooManyRequests:
		wait = p.rateLimitDelay(resp, st.retries)
		st.rateLimitWait = wait
		if p.limits.maxWait > 0 && wait > p.limits.maxWait {
			return false, nil // too long: the caller gets the 429 and its delay at once
		}
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		if !safeToRepeat(st.method) {
			return false, nil
		}
		wait = p.errorDelay(st.retries)
	default:
		return false, nil
	}
	if p.limits.maxRetryWait > 0 && st.waited+wait > p.limits.maxRetryWait {
		return false, nil // the request's waits would pass their total
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return false, nil
	}
	st.wait = wait
	return true, nil
}

func (p *policy) prepareRetry(req *http.Request) error {
	st := stateOf(req.Context())
	st.retries++
	st.waited += st.wait
	return p.sleep(req.Context(), st.wait)
}

// safeToRepeat: only these methods are retried after a transport error or a
// 5xx, because repeating them cannot create a second credential.
func safeToRepeat(method string) bool {
	return method == http.MethodGet || method == http.MethodDelete
}

// Jittered is base·2^attempt, capped at 30s, with ±50% jitter.
func Jittered(base time.Duration, attempt int) time.Duration {
	d := base << min(attempt, 10)
	d = min(d, 30*time.Second)
	return d/2 + time.Duration(rand.Int64N(int64(d))) //nolint:gosec // jitter of a retry delay, no secret
}
