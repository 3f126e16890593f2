package rotations

import (
	"errors"
	"net/http"

	"github.com/credkit/credkit/unified"
)

// Refused reports whether err says the vendor did not act: it answered
// with a refusal (4xx, but for a timeout), or the request was refused
// before it was sent. A lost answer, a 5xx or an error of the answer's
// form may come after the vendor acted, and is not a refusal.
func Refused(err error) bool {
	var e *unified.Error
	if !errors.As(err, &e) {
		return false
	}
	if s := e.HTTPStatus; s != 0 {
		return s >= 400 && s < 500 && s != http.StatusRequestTimeout
	}
	switch e.Code {
	case unified.InvalidArgument, unified.FailedPrecondition, unified.Unimplemented:
		return true
	}
	return false
}

// refusedToBegin reports whether a rotation that failed with err changed
// nothing at the vendor: a refusal of a rotation that is one request (the
// vendor's RotationSpec.OneRequest), or a refusal to begin at all
// (another rotation holds the client, a limit), or no partial rotation.
func refusedToBegin(spec *unified.VendorSpec, rot *unified.Rotation, err error) bool {
	if !Refused(err) {
		return false
	}
	switch unified.ReasonOf(err) {
	case unified.ReasonRotationOpen, unified.ReasonOtherRotationOpen, unified.ReasonLimitReached:
		return true
	}
	return rot == nil || spec.Rotation.OneRequest
}
