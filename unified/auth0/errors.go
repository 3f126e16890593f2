package auth0

import (
	"encoding/json"
	"net/http"
	"strings"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// mapping is what one Auth0 refusal means to a caller.
type mapping struct {
	code   unified.Code
	reason unified.Reason
}

// errorCodes maps Auth0's errorCode, where it says more than the status.
var errorCodes = map[string]mapping{
	"too_many_credentials":    {unified.FailedPrecondition, unified.ReasonLimitReached},
	"credential_enabled":      {unified.FailedPrecondition, ""},
	"operation_not_supported": {unified.FailedPrecondition, ""},
	"insufficient_scope":      {unified.PermissionDenied, ""},
	"inexistent_client":       {unified.NotFound, ""},
	"inexistent_credential":   {unified.NotFound, ""},
	"too_many_requests":       {unified.RateLimited, ""},
}

// statusCodes maps the HTTP status otherwise.
var statusCodes = map[int]unified.Code{
	http.StatusBadRequest:          unified.InvalidArgument,
	http.StatusUnauthorized:        unified.Unauthenticated,
	http.StatusForbidden:           unified.PermissionDenied,
	http.StatusNotFound:            unified.NotFound,
	http.StatusMethodNotAllowed:    unified.Unimplemented,
	http.StatusConflict:            unified.AlreadyExists,
	http.StatusTooManyRequests:     unified.RateLimited,
	http.StatusInternalServerError: unified.Internal,
	http.StatusNotImplemented:      unified.Unimplemented,
}

// requestIDHeaders are where an Auth0 answer may carry its request ID.
// The real recordings keep no headers, so which one Auth0 sends is not
// verified: both are read.
var requestIDHeaders = []string{"X-Auth0-RequestId", "X-Request-Id"}

// decodeError reads Auth0's error body {statusCode, error, message,
// errorCode}: the errorCode decides the code where errorCodes knows it,
// else the status. A body in another shape is quoted, secrets redacted.
func decodeError(status int, header http.Header, body []byte) *unified.Error {
	e := &unified.Error{Code: codeFor(status)}
	var b gen.Error
	if json.Unmarshal(body, &b) == nil && (b.Message != nil || b.ErrorCode != nil || b.Error != nil) {
		e.VendorCode = deref(b.ErrorCode)
		e.Message = strings.TrimSpace(deref(b.Message))
		if e.Message == "" {
			e.Message = deref(b.Error)
		}
		if m, ok := errorCodes[e.VendorCode]; ok {
			e.Code, e.Reason = m.code, m.reason
		}
		driver.WithVendorBody(e, &b)
	} else if strings.TrimSpace(string(body)) == "" {
		e.Message = "the error answer has no body"
	} else {
		e.Message = "the error answer is not Auth0's error object; it begins " + call.Snippet(body)
	}
	for _, h := range requestIDHeaders {
		if id := header.Get(h); id != "" && e.RequestID == "" {
			e.RequestID = id
		}
	}
	if status == http.StatusTooManyRequests {
		e.RetryAfter = transport.ResetDelay(&http.Response{Header: header}, 0)
	}
	return e
}

func codeFor(status int) unified.Code {
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return unified.Unavailable
	}
	return unified.Internal
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
