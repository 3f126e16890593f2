package call

import (
	"errors"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/transport"
)

// TokenError is the error of a request whose access token could not be
// had, or nil when err is not such a failure. The HTTP client reports a
// failed token source as a transport error; this finds the token
// endpoint's own answer inside it — a *unified.Error from a token source
// that already decoded it, or an *oauth2.RetrieveError — and reports it as
// op's error, with "getting an access token:" before its message.
func TokenError(v Vendor, op string, err error) *unified.Error {
	var decoded *unified.Error
	if errors.As(err, &decoded) {
		lifted := *decoded
		lifted.Vendor, lifted.Op = v.Name, op
		lifted.Message = "getting an access token: " + decoded.Message
		return v.redact(&lifted)
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return nil
	}
	status := re.Response.StatusCode
	clean := *re // the token endpoint's answer, without our credentials
	clean.Body = v.Secrets.Bytes(re.Body)
	clean.ErrorCode = v.Secrets.Redact(re.ErrorCode)
	clean.ErrorDescription = v.Secrets.Redact(re.ErrorDescription)
	clean.ErrorURI = v.Secrets.Redact(re.ErrorURI)
	re = &clean
	var e *unified.Error
	if v.DecodeTokenError != nil {
		e = v.DecodeTokenError(status, re.Response.Header, re.Body)
	} else {
		e = oauthError(re)
	}
	if e.VendorCode == "" && re.ErrorCode != "" {
		e.VendorCode = re.ErrorCode
		if re.ErrorDescription != "" {
			e.Message = re.ErrorDescription
		}
	}
	e.Vendor, e.Op, e.HTTPStatus = v.Name, op, status
	e.Message = "getting an access token: " + e.Message + redirectNote(re.Response)
	return v.redact(e)
}

// oauthError reads an OAuth 2.0 token endpoint's refusal (RFC 6749 §5.2).
func oauthError(re *oauth2.RetrieveError) *unified.Error {
	status := re.Response.StatusCode
	e := &unified.Error{Code: unified.Unauthenticated, VendorCode: re.ErrorCode}
	switch {
	case status == http.StatusTooManyRequests:
		e.Code = unified.RateLimited
		e.RetryAfter, _ = transport.RetryAfter(re.Response)
	case status >= 500:
		e.Code = unified.Unavailable
	case status >= 300 && status < 400:
		e.Code = unified.Internal // a redirect, which credkit does not follow
	case status == http.StatusForbidden:
		e.Code = unified.PermissionDenied
	}
	switch {
	case re.ErrorDescription != "":
		e.Message = re.ErrorDescription
	case re.ErrorCode != "":
		e.Message = "the token endpoint refused the credentials (" + re.ErrorCode + ")"
	default:
		e.Message = "the token endpoint answered " + Snippet(re.Body)
	}
	return e
}
