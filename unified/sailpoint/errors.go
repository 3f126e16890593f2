package sailpoint

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// statusCodes maps SailPoint's HTTP status to the unified code: SailPoint's
// detailCode only restates the status ("404 Not found"), so the status
// decides.
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
	http.StatusBadGateway:          unified.Unavailable,
	http.StatusServiceUnavailable:  unified.Unavailable,
	http.StatusGatewayTimeout:      unified.Unavailable,
}

// codeFor picks the unified code of a SailPoint answer.
func codeFor(status int) unified.Code {
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return unified.Unavailable
	}
	return unified.Internal
}

// decodeError reads SailPoint's three error bodies: ErrorResponseDto (400,
// 403, 404, 500), {"error"} (401) and {"message"} (429). The shape the
// status calls for is tried first, then the others, since a gateway may
// answer in any of them. A body in none of these shapes is quoted (secrets
// removed) so it is never swallowed.
func decodeError(status int, header http.Header, body []byte) *unified.Error {
	e := &unified.Error{Code: codeFor(status)}
	if !decodeBody(e, status, body) {
		if len(strings.TrimSpace(string(body))) == 0 {
			e.Message = "the error answer has no body"
		} else {
			e.Message = "the error answer is not SailPoint's error object; it begins " + call.Snippet(body)
		}
	}
	if status == http.StatusTooManyRequests {
		e.RetryAfter, _ = transport.RetryAfter(&http.Response{Header: header})
	}
	return e
}

// decodeBody fills e from body and reports whether body had a known shape.
func decodeBody(e *unified.Error, status int, body []byte) bool {
	shapes := []func(*unified.Error, []byte) bool{errorResponse, unauthorized, tooManyRequests}
	switch status {
	case http.StatusUnauthorized:
		shapes[0], shapes[1] = shapes[1], shapes[0]
	case http.StatusTooManyRequests:
		shapes[0], shapes[2] = shapes[2], shapes[0]
	}
	for _, decode := range shapes {
		if decode(e, body) {
			return true
		}
	}
	return false
}

// errorResponse reads an ErrorResponseDto: detailCode, message texts (then
// causes), trackingId.
func errorResponse(e *unified.Error, body []byte) bool {
	var dto gen.ErrorResponseDto
	if json.Unmarshal(body, &dto) != nil {
		return false
	}
	msg, causes := texts(dto.Messages), texts(dto.Causes)
	if dto.DetailCode == nil && dto.TrackingId == nil && msg == "" && causes == "" {
		return false
	}
	e.VendorCode, e.RequestID = deref(dto.DetailCode), deref(dto.TrackingId)
	e.Message = msg
	if causes != "" {
		e.Message = strings.TrimPrefix(e.Message+": "+causes, ": ")
	}
	driver.WithVendorBody(e, &dto)
	return true
}

// unauthorized reads the 401 body {"error": text}.
func unauthorized(e *unified.Error, body []byte) bool {
	var u gen.UnauthorizedError
	if json.Unmarshal(body, &u) != nil || u.Error == nil || *u.Error == "" {
		return false
	}
	e.Message = *u.Error
	driver.WithVendorBody(e, &u)
	return true
}

// tooManyRequests reads the 429 body {"message": text}; SailPoint pads the
// text with spaces (" Rate Limit Exceeded ").
func tooManyRequests(e *unified.Error, body []byte) bool {
	var t gen.TooManyRequestsError
	if json.Unmarshal(body, &t) != nil || t.Message == nil {
		return false
	}
	e.Message = strings.TrimSpace(*t.Message)
	driver.WithVendorBody(e, &t)
	return true
}

// texts joins the distinct, non-empty texts of messages with "; ".
func texts(messages *[]gen.ErrorMessageDto) string {
	var out []string
	for _, m := range deref(messages) {
		if t := strings.TrimSpace(deref(m.Text)); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, "; ")
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
