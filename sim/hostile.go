package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Hostility is one way a broken or malicious server (or a proxy in front
// of one) misbehaves on purpose. A vendor simulator's NewHostile wraps the
// simulator so that it misbehaves in one of these ways; a client must end
// every one of them with a clear error, a bounded number of requests and no
// credential in its output.
type Hostility int

const (
	// EchoJSON answers every API request 400 with the vendor's JSON error,
	// whose message quotes the request's credentials (EchoText); token
	// requests are served, so that the echo holds obtained access tokens.
	EchoJSON Hostility = iota + 1
	// EchoHTML answers every API request 403 with a proxy's HTML page
	// quoting the request's credentials.
	EchoHTML
	// EchoSuccess answers every API request 200 with JSON that does not
	// decode and begins with the credentials.
	EchoSuccess
	// EchoToken answers every token request 401 with an OAuth 2.0 error
	// whose description quotes the request's credentials (its Basic
	// header, its form).
	EchoToken
	// LoopSelf answers a paged list with a full page whose next link points
	// at the page itself (where pages go by number, as at Auth0: the same
	// page again, whatever the number asked, claiming more).
	LoopSelf
	// LoopAdvance answers a paged list with full pages whose next link
	// always moves on: the listing never ends.
	LoopAdvance
	// LoopEmpty answers a paged list with empty pages that claim more.
	LoopEmpty
	// ResetFar answers every API request 429 with X-Rate-Limit-Reset at
	// the largest int64 and a Retry-After of a thousand years.
	ResetFar
	// ResetMillis answers 429 with X-Rate-Limit-Reset in milliseconds, a
	// minute ahead.
	ResetMillis
	// RetryAfterHuge answers 429 with a Retry-After past 64 bits.
	RetryAfterHuge
	// RetryAfterNegative answers 429 with a negative Retry-After and a
	// negative reset.
	RetryAfterNegative
	// RetryAfterDate answers 429 with a Retry-After date in the year 9999.
	RetryAfterDate
	// AbsurdNumbers serves every request, with rate-limit headers out of
	// every range (limit 2^63−1, remaining −2^63, reset 2^64−1) and, where
	// the vendor's answer has them, absurd numbers in the body
	// (expires_in 2^63−1, createdAt 2^63−1).
	AbsurdNumbers
)

// Hostilities lists every Hostility, for table tests.
var Hostilities = []Hostility{EchoJSON, EchoHTML, EchoSuccess, EchoToken, LoopSelf, LoopAdvance, LoopEmpty,
	ResetFar, ResetMillis, RetryAfterHuge, RetryAfterNegative, RetryAfterDate, AbsurdNumbers}

var hostilityNames = map[Hostility]string{
	EchoJSON: "echo-json", EchoHTML: "echo-html", EchoSuccess: "echo-success", EchoToken: "echo-token",
	LoopSelf: "loop-self", LoopAdvance: "loop-advance", LoopEmpty: "loop-empty",
	ResetFar: "reset-far", ResetMillis: "reset-millis", RetryAfterHuge: "retry-after-huge",
	RetryAfterNegative: "retry-after-negative", RetryAfterDate: "retry-after-date", AbsurdNumbers: "absurd-numbers",
}

func (h Hostility) String() string {
	if n, ok := hostilityNames[h]; ok {
		return n
	}
	return "Hostility(" + strconv.Itoa(int(h)) + ")"
}

// ParseHostility reads a Hostility's name.
func ParseHostility(name string) (Hostility, error) {
	for h, n := range hostilityNames {
		if n == name {
			return h, nil
		}
	}
	names := make([]string, 0, len(Hostilities))
	for _, h := range Hostilities {
		names = append(names, h.String())
	}
	return 0, fmt.Errorf("unknown hostile mode %q (one of %s)", name, strings.Join(names, ", "))
}

// IsRateLimit: the hostility answers 429s.
func (h Hostility) IsRateLimit() bool { return h >= ResetFar && h <= RetryAfterDate }

// IsLoop: the hostility breaks paging.
func (h Hostility) IsLoop() bool { return h >= LoopSelf && h <= LoopEmpty }

// HostileVendor is what a vendor simulator tells Hostile.
type HostileVendor struct {
	// Next serves what the hostility leaves alone.
	Next http.Handler
	// Clock dates the answers.
	Clock Clock
	// ErrorJSON is the vendor's JSON error body carrying message.
	ErrorJSON func(status int, message string) []byte
	// IsToken says whether r is a token request.
	IsToken func(r *http.Request) bool
	// Page, when r is a paged list, writes the hostile page of h and
	// returns true.
	Page func(w http.ResponseWriter, r *http.Request, h Hostility) bool
	// Absurd rewrites a success body of r for AbsurdNumbers (nil: as is).
	Absurd func(r *http.Request, body []byte) []byte
	// RateLimitPrefix is how the vendor spells its rate-limit headers:
	// "X-Rate-Limit-" (Okta's, the default) or "X-RateLimit-" (Auth0's).
	RateLimitPrefix string
}

// Hostile is a simulator that misbehaves in one way. It counts the
// requests it receives.
type Hostile struct {
	mode     Hostility
	v        HostileVendor
	requests atomic.Int64
}

// NewHostile wraps a vendor's simulator; vendors call it from their own
// NewHostile.
func NewHostile(mode Hostility, v HostileVendor) *Hostile {
	return &Hostile{mode: mode, v: v}
}

// Mode is the hostility.
func (h *Hostile) Mode() Hostility { return h.mode }

// Requests is how many requests the server has received.
func (h *Hostile) Requests() int64 { return h.requests.Load() }

// ServeHTTP misbehaves, or serves through the simulator.
func (h *Hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	token := h.v.IsToken(r)
	now := h.v.Clock.Now()
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	switch {
	case h.mode == EchoToken && token:
		writeHostile(w, http.StatusUnauthorized, "application/json", mustJSON(map[string]string{"error": "invalid_client", "error_description": EchoText(r, body)}))
	case h.mode == AbsurdNumbers:
		rec := &recorder{header: w.Header(), status: http.StatusOK}
		h.v.Next.ServeHTTP(rec, r)
		out := rec.body.Bytes()
		if h.v.Absurd != nil && rec.status < 300 {
			out = h.v.Absurd(r, out)
		}
		prefix := h.prefix()
		w.Header().Set(prefix+"Limit", "9223372036854775807")
		w.Header().Set(prefix+"Remaining", "-9223372036854775808")
		w.Header().Set(prefix+"Reset", "18446744073709551615")
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.status)
		_, _ = w.Write(out)
	case token:
		h.v.Next.ServeHTTP(w, r)
	case h.mode == EchoJSON:
		writeHostile(w, http.StatusBadRequest, "application/json", h.v.ErrorJSON(http.StatusBadRequest, EchoText(r, body)))
	case h.mode == EchoHTML:
		writeHostile(w, http.StatusForbidden, "text/html; charset=utf-8", EchoPage(EchoText(r, body)))
	case h.mode == EchoSuccess:
		writeHostile(w, http.StatusOK, "application/json", []byte(`{"echo": `+strconv.Quote(EchoText(r, body))+`, "broken`))
	case h.mode.IsLoop():
		if !h.v.Page(w, r, h.mode) {
			h.v.Next.ServeHTTP(w, r)
		}
	case h.mode.IsRateLimit():
		rateLimitHeaders(w.Header(), h.prefix(), h.mode, now)
		writeHostile(w, http.StatusTooManyRequests, "application/json", h.v.ErrorJSON(http.StatusTooManyRequests, "slow down"))
	default:
		h.v.Next.ServeHTTP(w, r)
	}
}

// prefix is the vendor's spelling of the rate-limit headers.
func (h *Hostile) prefix() string {
	if h.v.RateLimitPrefix != "" {
		return h.v.RateLimitPrefix
	}
	return "X-Rate-Limit-"
}

// RateLimitHeaders sets the absurd headers of a rate-limit hostility, in
// Okta's spelling (X-Rate-Limit-*).
func RateLimitHeaders(h http.Header, mode Hostility, now time.Time) {
	rateLimitHeaders(h, "X-Rate-Limit-", mode, now)
}

// rateLimitHeaders sets them with the vendor's prefix.
func rateLimitHeaders(h http.Header, prefix string, mode Hostility, now time.Time) {
	switch mode {
	case ResetFar:
		h.Set(prefix+"Limit", "600")
		h.Set(prefix+"Remaining", "0")
		h.Set(prefix+"Reset", "9223372036854775807")
		h.Set("Retry-After", "31536000000")
	case ResetMillis:
		h.Set(prefix+"Limit", "600")
		h.Set(prefix+"Remaining", "0")
		h.Set(prefix+"Reset", strconv.FormatInt(now.Add(time.Minute).UnixMilli(), 10))
	case RetryAfterHuge:
		h.Set("Retry-After", "99999999999999999999999")
	case RetryAfterNegative:
		h.Set("Retry-After", "-9223372036854775808")
		h.Set(prefix+"Reset", "-1")
	case RetryAfterDate:
		h.Set("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")
	}
}

// EchoText is what an echoing server quotes of a request: its
// Authorization header, in clear, base64 (both alphabets, after 0 to 2
// bytes, so at every alignment), URL-encoded (query and path escaping)
// and, for Basic, decoded; and its body, in clear and URL-encoded.
func EchoText(r *http.Request, body []byte) string {
	var b strings.Builder
	auth := r.Header.Get("Authorization")
	fmt.Fprintf(&b, "Authorization: %s; ", auth)
	if scheme, cred, ok := strings.Cut(auth, " "); ok {
		if strings.EqualFold(scheme, "Basic") {
			if pair, err := base64.StdEncoding.DecodeString(cred); err == nil {
				fmt.Fprintf(&b, "decoded: %s; ", pair)
			}
		}
		for i, prefix := range []string{"", "a", "ab"} {
			fmt.Fprintf(&b, "b64-%d: %s %s; ", i, base64.StdEncoding.EncodeToString([]byte(prefix+cred)), base64.RawURLEncoding.EncodeToString([]byte(prefix+cred)))
		}
		fmt.Fprintf(&b, "query: ?t=%s; path: /%s; ", url.QueryEscape(cred), url.PathEscape(cred))
	}
	fmt.Fprintf(&b, "body: %s; body-query: %s; body-b64: %s", body, url.QueryEscape(string(body)), base64.StdEncoding.EncodeToString(body))
	return b.String()
}

// EchoPage is a proxy's HTML error page quoting text.
func EchoPage(text string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>The proxy refused the request.</p><pre>" +
		html.EscapeString(text) + "</pre><!-- raw: " + text + " --></body></html>")
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func writeHostile(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// recorder keeps an answer to rewrite it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
