package okta

import (
	"fmt"
	"net/http"
	"strings"
)

// apiError is a refusal, answered with Okta's Error body.
type apiError struct {
	status  int
	code    string
	summary string
	causes  []string
}

func (e *apiError) Error() string {
	if len(e.causes) == 0 {
		return fmt.Sprintf("%d %s: %s", e.status, e.code, e.summary)
	}
	return fmt.Sprintf("%d %s: %s (%s)", e.status, e.code, e.summary, strings.Join(e.causes, "; "))
}

// errorBody is Okta's Error object.
type errorBody struct {
	ErrorCode    string       `json:"errorCode"`
	ErrorSummary string       `json:"errorSummary"`
	ErrorLink    string       `json:"errorLink"`
	ErrorID      string       `json:"errorId"`
	ErrorCauses  []errorCause `json:"errorCauses"`
}

type errorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

// writeError answers e. Headers already set (Date, request ID, rate
// limits) are kept.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	body := errorBody{
		ErrorCode:    e.code,
		ErrorSummary: e.summary,
		ErrorLink:    e.code,
		ErrorID:      s.reqIDs.Next("oae", 22),
		ErrorCauses:  []errorCause{},
	}
	for _, c := range e.causes {
		body.ErrorCauses = append(body.ErrorCauses, errorCause{ErrorSummary: c})
	}
	jsonReply(e.status, body).write(w)
}

// errValidation is a documented rule violation of resource (the name Okta
// prints after "Api validation failed:"); causes say which rule.
func errValidation(resource string, causes ...string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000001", summary: "Api validation failed: " + resource, causes: causes}
}

// errMalformed is a request body that is not the JSON the operation takes.
func errMalformed() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000003", summary: "The request body was not well-formed."}
}

// errInvalidToken is a missing, malformed or unknown token.
func errInvalidToken() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "E0000011", summary: "Invalid token provided"}
}

// errForbidden is a token without the scope the operation needs.
func errForbidden() *apiError {
	return &apiError{status: http.StatusForbidden, code: "E0000006", summary: "You do not have permission to perform the requested action"}
}

// errNotFound is an unknown id of Okta type typ (AppInstance, JsonWebKey, ...).
func errNotFound(id, typ string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "E0000007", summary: fmt.Sprintf("Not found: Resource not found: %s (%s)", id, typ)}
}

// errRateLimited is an exhausted rate-limit bucket.
func errRateLimited() *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: "E0000047", summary: "API call exceeded rate limit due to too many requests."}
}

// errInternal is an injected server failure.
func errInternal() *apiError {
	return &apiError{status: http.StatusInternalServerError, code: "E0000009", summary: "Internal Server Error"}
}
