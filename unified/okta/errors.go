package okta

import (
	"encoding/json"
	"net/http"
	"strings"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// errorCodes maps Okta's errorCode to the unified code. It wins over the
// HTTP status, which is the fallback (statusCodes).
var errorCodes = map[string]unified.Code{
	"E0000001": unified.InvalidArgument,    // Api validation failed
	"E0000003": unified.InvalidArgument,    // The request body was not well-formed
	"E0000005": unified.PermissionDenied,   // Invalid session
	"E0000006": unified.PermissionDenied,   // You do not have permission
	"E0000007": unified.NotFound,           // Not found: Resource not found
	"E0000009": unified.Internal,           // Internal Server Error
	"E0000011": unified.Unauthenticated,    // Invalid token provided
	"E0000015": unified.PermissionDenied,   // feature not enabled for the org
	"E0000022": unified.Unimplemented,      // The endpoint does not support the provided HTTP method
	"E0000038": unified.FailedPrecondition, // This operation is not allowed in the current authentication state
	"E0000047": unified.RateLimited,        // API call exceeded rate limit
}

var statusCodes = map[int]unified.Code{
	http.StatusBadRequest:          unified.InvalidArgument,
	http.StatusUnauthorized:        unified.Unauthenticated,
	http.StatusForbidden:           unified.PermissionDenied,
	http.StatusNotFound:            unified.NotFound,
	http.StatusMethodNotAllowed:    unified.Unimplemented,
	http.StatusConflict:            unified.AlreadyExists,
	http.StatusLengthRequired:      unified.InvalidArgument,
	http.StatusTooManyRequests:     unified.RateLimited,
	http.StatusInternalServerError: unified.Internal,
	http.StatusNotImplemented:      unified.Unimplemented,
	http.StatusBadGateway:          unified.Unavailable,
	http.StatusServiceUnavailable:  unified.Unavailable,
	http.StatusGatewayTimeout:      unified.Unavailable,
}

// codeFor picks the unified code of an Okta answer.
func codeFor(status int, errorCode string) unified.Code {
	if c, ok := errorCodes[errorCode]; ok {
		return c
	}
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return unified.Unavailable
	}
	return unified.Internal
}

// decodeError reads Okta's Error body. A body that is not Okta's error is
// quoted (secrets removed) so it is never swallowed.
func decodeError(status int, header http.Header, body []byte) *unified.Error {
	e := &unified.Error{RequestID: header.Get("X-Okta-Request-Id")}
	var oe gen.Error
	if err := json.Unmarshal(body, &oe); err != nil || oe.ErrorCode == "" {
		e.Code = codeFor(status, "")
		e.Message = "the error answer is not Okta's error object; it begins " + call.Snippet(body)
	} else {
		e.Code = codeFor(status, oe.ErrorCode)
		e.VendorCode, e.Message = oe.ErrorCode, summary(oe)
		if oe.ErrorId != nil && *oe.ErrorId != "" {
			e.RequestID = *oe.ErrorId
		}
		driver.WithVendorBody(e, &oe)
	}
	if status == http.StatusTooManyRequests {
		e.Code = unified.RateLimited
		e.RetryAfter = transport.OktaDelay(&http.Response{Header: header}, 0)
	}
	return e
}

// summary joins errorSummary and its causes.
func summary(oe gen.Error) string {
	parts := []string{oe.ErrorSummary}
	if oe.ErrorCauses != nil {
		for _, c := range *oe.ErrorCauses {
			if c.ErrorSummary != nil && *c.ErrorSummary != "" {
				parts = append(parts, *c.ErrorSummary)
			}
		}
	}
	return strings.Join(parts, ": ")
}
