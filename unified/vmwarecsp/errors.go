package vmwarecsp

import (
	"encoding/json"
	"net/http"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// statusCodes maps CSP's HTTP status to the unified code. CSP's error codes
// are not documented, so the status alone decides.
//
// A 409 is FailedPrecondition, not AlreadyExists: CSP answers it when an
// app's deletion is still in progress or an owner rotation is already
// open, both states that must change before the request can succeed. (The
// one 409 that means "exists", a duplicate client ID on app creation, comes
// from an operation credkit does not call.)
var statusCodes = map[int]unified.Code{
	http.StatusBadRequest:            unified.InvalidArgument,
	http.StatusUnauthorized:          unified.Unauthenticated,
	http.StatusForbidden:             unified.PermissionDenied,
	http.StatusNotFound:              unified.NotFound,
	http.StatusMethodNotAllowed:      unified.Unimplemented,
	http.StatusConflict:              unified.FailedPrecondition,
	http.StatusRequestEntityTooLarge: unified.InvalidArgument,
	http.StatusUnsupportedMediaType:  unified.InvalidArgument,
	http.StatusTooManyRequests:       unified.RateLimited,
	http.StatusInternalServerError:   unified.Internal,
	http.StatusNotImplemented:        unified.Unimplemented,
	http.StatusBadGateway:            unified.Unavailable,
	http.StatusServiceUnavailable:    unified.Unavailable,
	http.StatusGatewayTimeout:        unified.Unavailable,
}

// codeFor picks the unified code of a CSP answer's status.
func codeFor(status int) unified.Code {
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return unified.Unavailable
	}
	return unified.Internal
}

// decodeError reads CSP's CspErrorResponse: errorCode (else cspErrorCode)
// as VendorCode, message as Message, requestId as RequestID; a 429 gets
// the delay of Retry-After, which CSP does not document, or else the
// backoff credkit would wait. A body that is not a CspErrorResponse is
// quoted (secrets removed) so it is never swallowed.
func decodeError(status int, header http.Header, body []byte) *unified.Error {
	e := &unified.Error{Code: codeFor(status)}
	var ce gen.CspErrorResponse
	if err := json.Unmarshal(body, &ce); err != nil || !isCSPError(ce) {
		e.Message = "the error answer is not CSP's error object; it begins " + call.Snippet(body)
	} else {
		e.VendorCode = deref(ce.ErrorCode)
		if e.VendorCode == "" {
			e.VendorCode = deref(ce.CspErrorCode)
		}
		e.Message, e.RequestID = deref(ce.Message), deref(ce.RequestId)
		driver.WithVendorBody(e, &ce)
	}
	if status == http.StatusTooManyRequests {
		e.RetryAfter = transport.RetryAfterDelay(&http.Response{Header: header}, 0)
	}
	return e
}

// isCSPError reports whether a decoded body carries anything of a
// CspErrorResponse (all its fields are optional).
func isCSPError(ce gen.CspErrorResponse) bool {
	return deref(ce.ErrorCode) != "" || deref(ce.CspErrorCode) != "" || deref(ce.Message) != "" || deref(ce.RequestId) != ""
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
