package auth0

import (
	"encoding/json"
	"net/http"
	"time"
)

// apiError is Auth0's Management API error body.
type apiError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode,omitempty"`
}

// writeError answers Auth0's error body; an empty code leaves errorCode out
// (Auth0's 401 answers have none).
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, apiError{StatusCode: status, Error: http.StatusText(status), Message: message, ErrorCode: code})
}

// oauthError is the token endpoint's error body (RFC 6749 section 5.2).
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, oauthError{Error: code, Description: description})
}

// writeJSON answers v as JSON with Auth0's content type.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeFault answers an injected fault in the body of the endpoint hit.
func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, status int, retryAfter time.Duration) {
	if r.URL.Path == tokenPath {
		code := "server_error"
		if status == http.StatusTooManyRequests {
			code = "too_many_requests"
		}
		writeOAuthError(w, status, code, http.StatusText(status))
		return
	}
	if status == http.StatusTooManyRequests {
		now := s.clock.Now()
		setRateHeaders(w, s.limit, 0, now.Add(retryAfter))
		writeError(w, status, "too_many_requests", "Global limit has been reached")
		return
	}
	writeError(w, status, "internal_error", "An internal error occurred.")
}
