package unified

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Code classifies an error. The set and the numbers are frozen: new vendors
// map onto them, they never grow.
type Code int

// The error codes.
const (
	NotFound           Code = 1
	AlreadyExists      Code = 2
	InvalidArgument    Code = 3
	FailedPrecondition Code = 4
	PermissionDenied   Code = 5
	Unauthenticated    Code = 6
	RateLimited        Code = 7
	Unimplemented      Code = 8
	Unavailable        Code = 9
	Internal           Code = 10
)

var codeNames = map[Code]string{
	NotFound: "NotFound", AlreadyExists: "AlreadyExists", InvalidArgument: "InvalidArgument",
	FailedPrecondition: "FailedPrecondition", PermissionDenied: "PermissionDenied",
	Unauthenticated: "Unauthenticated", RateLimited: "RateLimited", Unimplemented: "Unimplemented",
	Unavailable: "Unavailable", Internal: "Internal",
}

func (c Code) String() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("Code(%d)", int(c))
}

// Error is the one error type of every provider.
type Error struct {
	Code Code
	// Reason says why a request was refused where the caller must act (see
	// Reason); "" for other errors.
	Reason Reason
	// Vendor and Op say where the error came from: Op is the unified method,
	// for example "CreateSecret".
	Vendor Vendor
	Op     string
	// HTTPStatus is the vendor's answer status, 0 when no answer came.
	HTTPStatus int
	// VendorCode and Message are the vendor's own (Okta errorCode and
	// errorSummary, SailPoint detailCode and message text, CSP errorCode and
	// message), or credkit's description for errors found before a request.
	VendorCode string
	Message    string
	// RequestID is the vendor's correlation ID (Okta errorId or
	// X-Okta-Request-Id, SailPoint trackingId, CSP requestId).
	RequestID string
	// RetryAfter is the delay the vendor asked for, for RateLimited.
	RetryAfter time.Duration
	// Err is the underlying cause, when there is one (a transport error, a
	// body that would not decode).
	Err error

	vendorBody func() any // behind a function, like Credential's vendor value
	sentinel   bool
}

// Sentinels for errors.Is, one per code.
var (
	ErrNotFound           = &Error{Code: NotFound, sentinel: true}
	ErrAlreadyExists      = &Error{Code: AlreadyExists, sentinel: true}
	ErrInvalidArgument    = &Error{Code: InvalidArgument, sentinel: true}
	ErrFailedPrecondition = &Error{Code: FailedPrecondition, sentinel: true}
	ErrPermissionDenied   = &Error{Code: PermissionDenied, sentinel: true}
	ErrUnauthenticated    = &Error{Code: Unauthenticated, sentinel: true}
	ErrRateLimited        = &Error{Code: RateLimited, sentinel: true}
	ErrUnimplemented      = &Error{Code: Unimplemented, sentinel: true}
	ErrUnavailable        = &Error{Code: Unavailable, sentinel: true}
	ErrInternal           = &Error{Code: Internal, sentinel: true}
)

// Error reads "credkit: okta CreateSecret: InvalidArgument: <message>
// (HTTP 400, E0000001, request oae1...)".
func (e *Error) Error() string {
	if e.sentinel {
		return "credkit: " + e.Code.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "credkit: %s %s: %s", e.Vendor, e.Op, e.Code)
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	var details []string
	if e.HTTPStatus != 0 {
		details = append(details, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.VendorCode != "" {
		details = append(details, e.VendorCode)
	}
	if e.RequestID != "" {
		details = append(details, "request "+e.RequestID)
	}
	if e.RetryAfter > 0 {
		details = append(details, "retry after "+e.RetryAfter.String())
	}
	if len(details) > 0 {
		b.WriteString(" (" + strings.Join(details, ", ") + ")")
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's code, or e's Reason.
func (e *Error) Is(target error) bool {
	if r, ok := target.(Reason); ok {
		return r != "" && r == e.Reason
	}
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Code == e.Code
}

// As sets target, a pointer to the vendor's own error type, to the error
// body the vendor sent. Vendor bodies do not implement error, so reach them
// with ErrorAs rather than errors.As.
func (e *Error) As(target any) bool {
	if e.vendorBody == nil {
		return false
	}
	return assignTo(target, e.vendorBody())
}

// ErrorAs finds the first *Error in err's chain and sets target, a pointer
// to the vendor's own error type, to the body the vendor sent, as
// go-cloud's ErrorAs does. It reports whether it did.
func ErrorAs(err error, target any) bool {
	var e *Error
	return errors.As(err, &e) && e.As(target)
}

// CodeOf returns the Code of the first *Error in err's chain, or 0.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// assignTo stores v in *target when v's type fits, as errors.As does.
func assignTo(target, v any) bool {
	if v == nil || target == nil {
		return false
	}
	t := reflect.ValueOf(target)
	if t.Kind() != reflect.Pointer || t.IsNil() {
		return false
	}
	val := reflect.ValueOf(v)
	if !val.Type().AssignableTo(t.Elem().Type()) {
		return false
	}
	t.Elem().Set(val)
	return true
}
