package sailpoint

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// detailCodes are SailPoint's detailCode values for the statuses that carry
// an ErrorResponseDto.
var detailCodes = map[int]string{
	http.StatusBadRequest:          "400.1 Bad Request Content",
	http.StatusForbidden:           "403 Forbidden",
	http.StatusNotFound:            "404 Not found",
	http.StatusMethodNotAllowed:    "405 Method Not Allowed",
	http.StatusInternalServerError: "500.0 Internal Fault",
}

// defaultTexts are SailPoint's message texts for an error without a more
// specific cause.
var defaultTexts = map[int]string{
	http.StatusBadRequest:          "The request was syntactically correct but its content is semantically invalid.",
	http.StatusForbidden:           "The server understood the request but refuses to authorize it.",
	http.StatusNotFound:            "The server did not find a current representation for the target resource.",
	http.StatusMethodNotAllowed:    "The method is not allowed on this resource.",
	http.StatusInternalServerError: "An internal fault occurred.",
}

// rateLimitMessage is SailPoint's 429 message, surrounding spaces included.
const rateLimitMessage = " Rate Limit Exceeded "

// errorMessage is SailPoint's ErrorMessageDto.
type errorMessage struct {
	Locale       string `json:"locale"`
	LocaleOrigin string `json:"localeOrigin"`
	Text         string `json:"text"`
}

// errorResponse is SailPoint's ErrorResponseDto.
type errorResponse struct {
	DetailCode string         `json:"detailCode"`
	TrackingID string         `json:"trackingId"`
	Messages   []errorMessage `json:"messages"`
}

// writeError answers status with an ErrorResponseDto whose message is text,
// or SailPoint's default text for status when text is empty.
func (s *Server) writeError(w http.ResponseWriter, status int, text string) {
	if text == "" {
		text = defaultTexts[status]
	}
	writeJSON(w, status, errorResponse{
		DetailCode: detailCodes[status],
		TrackingID: s.tracking.Hex(32),
		Messages:   []errorMessage{{Locale: "en-US", LocaleOrigin: "DEFAULT", Text: text}},
	})
}

// writeUnauthorized answers 401 with SailPoint's {"error": ...} body.
func writeUnauthorized(w http.ResponseWriter, text string) {
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": text})
}

// writeRateLimited answers 429 with a Retry-After header in whole seconds
// (at least 1).
func writeRateLimited(w http.ResponseWriter, retryAfter time.Duration) {
	secs := max(1, int(math.Ceil(retryAfter.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, map[string]string{"message": rateLimitMessage})
}

// writeFault is the sim.ErrorWriter of injected faults: 429 and 500 in
// SailPoint's bodies.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int, retryAfter time.Duration) {
	if status == http.StatusTooManyRequests {
		writeRateLimited(w, retryAfter)
		return
	}
	s.writeError(w, status, "")
}

// oauthError is an OAuth 2.0 error answer of the token endpoint.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// writeOAuthError answers the token endpoint's errors (RFC 6749 5.2).
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, oauthError{Error: code, Description: description})
}

// writeJSON answers status with v as application/json.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
