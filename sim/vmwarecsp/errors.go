package vmwarecsp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// cspError is an error answer: its HTTP status, an error code and a message.
type cspError struct {
	status  int
	code    string
	message string
}

func (e *cspError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func newError(status int, code, format string, args ...any) *cspError {
	return &cspError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// invalid is a 400 for a request that breaks a rule.
func invalid(format string, args ...any) *cspError {
	return newError(http.StatusBadRequest, "invalid_request", format, args...)
}

func unauthorized(format string, args ...any) *cspError {
	return newError(http.StatusUnauthorized, "unauthorized", format, args...)
}

func notFound(code, format string, args ...any) *cspError {
	return newError(http.StatusNotFound, code, format, args...)
}

func conflict(code, format string, args ...any) *cspError {
	return newError(http.StatusConflict, code, format, args...)
}

func internal(format string, args ...any) *cspError {
	return newError(http.StatusInternalServerError, "internal_error", format, args...)
}

// errorBody is CspErrorResponse with every field always present.
type errorBody struct {
	CspErrorCode string `json:"cspErrorCode"`
	ErrorCode    string `json:"errorCode"`
	Message      string `json:"message"`
	ModuleCode   int32  `json:"moduleCode"`
	RequestID    string `json:"requestId"`
	StatusCode   int32  `json:"statusCode"`
}

// moduleCode is the simulator's CSP module code; CSP documents no values.
const moduleCode = 0

// writeError writes e as a CspErrorResponse with the next request ID.
func (s *Server) writeError(w http.ResponseWriter, e *cspError) {
	data, err := json.Marshal(errorBody{
		CspErrorCode: "credkit.sim." + e.code,
		ErrorCode:    e.code,
		Message:      e.message,
		ModuleCode:   moduleCode,
		RequestID:    s.reqIDs.Hex(16),
		StatusCode:   int32(e.status), //nolint:gosec // an HTTP status
	})
	if err != nil { // cannot happen: errorBody has only strings and numbers
		panic(err)
	}
	writeJSON(w, e.status, data)
}

// writeRateLimited writes a 429 that asks the caller to wait retryAfter.
func (s *Server) writeRateLimited(w http.ResponseWriter, retryAfter time.Duration) {
	w.Header().Set("Retry-After", retryAfterSeconds(retryAfter))
	s.writeError(w, newError(http.StatusTooManyRequests, "too_many_requests", "the user has sent too many requests"))
}

// writeFault is the sim.ErrorWriter for injected faults.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, status int, retryAfter time.Duration) {
	if status == http.StatusTooManyRequests {
		s.writeRateLimited(w, retryAfter)
		return
	}
	s.writeError(w, newError(status, "internal_error", "an unexpected error has occurred while processing the request"))
}

func writeJSON(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
