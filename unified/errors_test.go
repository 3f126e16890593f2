package unified

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified/internal/access"
)

type vendorBody struct{ Code string }

func TestErrorIsMatchesItsCodeOnly(t *testing.T) {
	sentinels := map[Code]error{
		NotFound: ErrNotFound, AlreadyExists: ErrAlreadyExists, InvalidArgument: ErrInvalidArgument,
		FailedPrecondition: ErrFailedPrecondition, PermissionDenied: ErrPermissionDenied,
		Unauthenticated: ErrUnauthenticated, RateLimited: ErrRateLimited, Unimplemented: ErrUnimplemented,
		Unavailable: ErrUnavailable, Internal: ErrInternal,
	}
	require.Len(t, sentinels, 10)
	for code, sentinel := range sentinels {
		err := fmt.Errorf("wrapped: %w", &Error{Code: code, Vendor: Okta, Op: "GetSecret"})
		for other, otherSentinel := range sentinels {
			require.Equal(t, code == other, errors.Is(err, otherSentinel), "%s is %s", code, other)
		}
		require.Equal(t, code, CodeOf(err))
		require.NotEqual(t, fmt.Sprintf("Code(%d)", code), code.String())
		require.True(t, errors.Is(sentinel, sentinel))
	}
	require.False(t, errors.Is(&Error{Code: NotFound}, &Error{Code: NotFound}), "only sentinels match by code")
	require.Zero(t, CodeOf(io.EOF))
	require.Equal(t, "Code(42)", Code(42).String())
}

func TestErrorMessage(t *testing.T) {
	err := &Error{
		Code: RateLimited, Vendor: Okta, Op: "CreateSecret", HTTPStatus: 429, VendorCode: "E0000047",
		Message: "API call exceeded rate limit", RequestID: "oae1", RetryAfter: 3 * time.Second, Err: io.ErrUnexpectedEOF,
	}
	require.Equal(t, "credkit: okta CreateSecret: RateLimited: API call exceeded rate limit (HTTP 429, E0000047, request oae1, retry after 3s): unexpected EOF", err.Error())
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.Equal(t, "credkit: okta ListSecrets: Unimplemented", (&Error{Code: Unimplemented, Vendor: Okta, Op: "ListSecrets"}).Error())
	require.Equal(t, "credkit: NotFound", ErrNotFound.Error())
}

func TestErrorAsReachesTheVendorBody(t *testing.T) {
	e0 := &Error{Code: NotFound}
	access.ErrorBody(e0, &vendorBody{Code: "E0000007"})
	err := fmt.Errorf("op: %w", e0)
	var body *vendorBody
	require.True(t, ErrorAs(err, &body))
	require.Equal(t, "E0000007", body.Code)
	var wrong *struct{ X int }
	require.False(t, ErrorAs(err, &wrong))
	require.False(t, ErrorAs(io.EOF, &body), "no *Error in the chain")
	var e *Error
	require.True(t, errors.As(err, &e), "errors.As still finds the *Error itself")
	require.False(t, (&Error{}).As(&body), "no body, no As")
}

func TestReasonIsAnErrorsIsTarget(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &Error{Code: FailedPrecondition, Reason: ReasonRotationOpen, Vendor: Okta, Op: "RotateSecret", Message: "m"})
	require.ErrorIs(t, err, ReasonRotationOpen)
	require.ErrorIs(t, err, ErrFailedPrecondition, "the code's sentinel still matches")
	require.NotErrorIs(t, err, ReasonOnlyActiveSecret)
	require.Equal(t, ReasonRotationOpen, ReasonOf(err))
	require.Empty(t, ReasonOf(io.EOF))
	require.NotErrorIs(t, &Error{Code: Internal}, Reason(""), "an empty reason matches nothing")
}
