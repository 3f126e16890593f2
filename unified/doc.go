// Package unified is one portable API for the OAuth client credentials of
// several identity vendors: a CredentialProvider per vendor (Okta, SailPoint
// Identity Security Cloud, VMware Cloud Services Platform) lists, creates,
// revokes and rotates client secrets the same way, and optional interfaces,
// found by type assertion, reach what only some vendors have: JSON Web Keys,
// X.509 key credentials and CSRs, refresh tokens.
//
// The implementations live in unified/okta, unified/sailpoint and
// unified/vmwarecsp; each has one constructor and no other exported API.
//
// # Rotation
//
// RotateSecret begins a rotation: when it returns, a new credential exists and
// the old one still works, until Rotation.OldValidUntil or until
// FinishRotation retires it. No step ever removes the only working secret of
// a client; a failed step leaves both old and new usable, and calling
// RotateSecret again with the earlier Rotation as RotateOptions.Resume (or
// FinishRotation again) completes it instead of creating a third secret.
//
// # Errors
//
// Every error a provider returns is an *Error with a Code from a frozen set
// (NotFound, AlreadyExists, InvalidArgument, FailedPrecondition,
// PermissionDenied, Unauthenticated, RateLimited, Unimplemented, Unavailable,
// Internal), the HTTP status, the vendor's own error code and message, the
// vendor's request ID and, for RateLimited, the delay the vendor asked for.
// errors.Is works with one sentinel per code (ErrNotFound, ...), and CodeOf
// extracts the code. Invalid input (an empty or malformed ID) is refused
// with InvalidArgument before any request is sent. An operation a vendor
// cannot do returns Unimplemented, never a silent no-op; Capabilities says so
// ahead of time.
//
// # As
//
// Credential.As and ErrorAs reach the vendor's own generated type when a
// field is missing from the portable one: a secret from unified/okta answers
// cred.As(&v) with v of type okta.OAuth2ClientSecret (gen/okta), and
// unified.ErrorAs(err, &body) with body of type *okta.Error gives the error
// body Okta sent. (Vendor bodies do not implement error, so errors.As cannot
// take them.) Each provider's documentation lists its types.
//
// # Secrets
//
// Secret values are held in a Secret, whose String, GoString, Format,
// MarshalJSON, MarshalText and LogValue all print a redaction: a secret
// cannot reach a log or an error message by accident. Reveal returns it.
package unified
