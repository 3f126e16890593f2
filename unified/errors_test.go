package unified

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
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
	err := fmt.Errorf("op: %w", (&Error{Code: NotFound}).WithVendorBody(&vendorBody{Code: "E0000007"}))
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
