package unified

import "time"

// Timeouts bound the time one provider call may take at each step, so that
// a vendor (or anything between it and credkit) that accepts a connection
// and never answers, or answers one byte at a time, cannot hold a call for
// as long as the caller waits. Every vendor's Options has one. A zero field
// takes the default below; a negative one means no such bound (the
// caller's context still bounds everything).
//
// A timed-out attempt is a transport error: it is retried only for GET and
// DELETE, never for a POST that may have created something, and the
// call's error (Unavailable) names the deadline that passed, for example
// "no response headers within 30s".
//
// Connect and TLSHandshake configure the http.Transport credkit makes
// when Options.HTTPTransport is nil; a transport of your own keeps its own
// settings for both (credkit does not change it). ResponseHeader, BodyIdle
// and Body apply whatever the transport; with a transport of your own,
// ResponseHeader counts from the start of the attempt (connecting
// included), since credkit cannot see when the request was written, and
// is checked as the body limits are (below).
type Timeouts struct {
	// Connect bounds establishing a TCP connection (default 10s).
	Connect time.Duration
	// TLSHandshake bounds the TLS handshake (default 10s).
	TLSHandshake time.Duration
	// ResponseHeader bounds the wait for the answer's headers once the
	// request is written (default 30s).
	ResponseHeader time.Duration
	// BodyIdle fails a response body that makes no progress — not one
	// byte — for this long (default 30s).
	BodyIdle time.Duration
	// Body bounds reading one whole response body, however steadily it
	// trickles (default 2m). The size cap on bodies applies as well.
	// Both body limits are checked a few times per limit, not by a timer
	// per body: one passes at most a quarter of the shorter limit late,
	// never early.
	Body time.Duration
	// MaxWait is the longest single wait before a retry (default 65s: a
	// full one-minute rate-limit window, as Okta and Auth0 have, with
	// Okta's one-second margin). A 429 whose delay is longer is not
	// waited: it comes back at once as RateLimited with RetryAfter set, so
	// that the caller decides.
	MaxWait time.Duration
	// MaxRetryWait bounds the total time one request may spend waiting
	// between its attempts, rate-limit pacing included (default 2m): a
	// retry whose wait would pass it is not made, and the last answer (or
	// error) comes back.
	MaxRetryWait time.Duration
}
