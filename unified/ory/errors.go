package ory

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// errorCodes maps Hydra's "error", where it says more than the status:
// the OAuth 2.0 codes (RFC 6749 §5.2, RFC 7591 §3.2.2) and the texts
// Hydra's admin API sends in their place (herodot's, as the real server
// answers them; see ERRATA H7).
var errorCodes = map[string]unified.Code{
	"invalid_request":                         unified.InvalidArgument,
	"invalid_client_metadata":                 unified.InvalidArgument,
	"invalid_redirect_uri":                    unified.InvalidArgument,
	"invalid_scope":                           unified.InvalidArgument,
	"invalid_client":                          unified.Unauthenticated,
	"unauthorized_client":                     unified.PermissionDenied,
	"access_denied":                           unified.PermissionDenied,
	"unsupported_grant_type":                  unified.Unimplemented,
	"temporarily_unavailable":                 unified.Unavailable,
	"server_error":                            unified.Internal,
	"Not Found":                               unified.NotFound,
	"Unable to locate the resource":           unified.NotFound,
	"Unable to locate the requested resource": unified.NotFound,
	"Unable to insert or update resource because a resource with that value exists already": unified.AlreadyExists,
	"The request was malformed or contained invalid parameters":                             unified.InvalidArgument,
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

// decodeError reads Hydra's error body {error, error_description}, or the
// generic {error: {code, status, message, reason}} that Ory's gateway and
// older handlers send: the error code decides where errorCodes knows it,
// else the status. A body in another shape is quoted, secrets redacted.
func decodeError(status int, header http.Header, body []byte) *unified.Error {
	e := &unified.Error{Code: codeFor(status)}
	var oauth gen.ErrorOAuth2
	var generic struct {
		Error *genericError `json:"error"`
	}
	switch {
	case bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) && json.Unmarshal(body, &oauth) == nil && (oauth.Error != nil || oauth.ErrorDescription != nil):
		e.VendorCode = deref(oauth.Error)
		e.Message = firstOf(deref(oauth.ErrorDescription), deref(oauth.ErrorHint), e.VendorCode)
		driver.WithVendorBody(e, &oauth)
	case json.Unmarshal(body, &generic) == nil && generic.Error != nil:
		e.VendorCode = generic.Error.Status
		e.Message = firstOf(generic.Error.Reason, generic.Error.Message)
		e.RequestID = generic.Error.Request
		driver.WithVendorBody(e, generic.Error)
	case strings.TrimSpace(string(body)) == "":
		e.Message = "the error answer has no body"
	default:
		e.Message = "the error answer is not Ory's error object; it begins " + call.Snippet(body)
	}
	if c, ok := errorCodes[e.VendorCode]; ok && status != http.StatusTooManyRequests {
		e.Code = c
	}
	if id := header.Get("X-Request-Id"); id != "" && e.RequestID == "" {
		e.RequestID = id
	}
	if status == http.StatusTooManyRequests {
		if d, ok := transport.RetryAfter(&http.Response{Header: header}); ok {
			e.RetryAfter = d
		}
	}
	return e
}

// genericError is the {error: {...}} body of Ory's gateway and of
// herodot's own writer, which Ory's spec calls genericError.
type genericError struct {
	Code    int64  `json:"code,omitempty"`
	Status  string `json:"status,omitempty"`
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
	Request string `json:"request,omitempty"`
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

// firstOf is the first of texts that is not blank, trimmed.
func firstOf(texts ...string) string {
	for _, s := range texts {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
