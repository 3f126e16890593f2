// Package unified is one portable API for the OAuth client credentials of
// several identity vendors: a CredentialProvider per vendor (Okta, SailPoint
// Identity Security Cloud, VMware Cloud Services Platform,
// Auth0) lists, creates,
// revokes and rotates client secrets the same way, and optional interfaces
// (JSONWebKeyManager, KeyCredentialManager, CSRManager, RefreshTokenManager,
// ClientLister, ClientDeleter, SecretRegenerator, SecretStateManager) reach
// what only some vendors have. Every provider implements all of them;
// Capabilities says which work, and the others answer Unimplemented.
//
// The implementations live in unified/okta, unified/sailpoint,
// unified/vmwarecsp and unified/auth0; each has one constructor, New(cfg, opts), and no other
// exported API. Each is a small driver (package unified/driver) under one
// portable type, which does for every vendor what users rely on: ID checks
// before any request, operation names in errors, wrapping every failure
// into an *Error once, Unimplemented for what a vendor lacks (without a
// request), Capabilities derived from what the driver implements, and
// Close.
//
// # Adding a vendor
//
// A fourth vendor needs a spec, gen/<vendor>, a driver in unified/<vendor>
// implementing driver.Driver and the optional driver interfaces it can
// (see package unified/driver), a simulator and cassettes. Nothing in this
// package or in the CLI changes but a table entry.
//
// # Rotation
//
// RotateSecret begins a rotation: when it returns, a new credential exists and
// the old one still works, until Rotation.OldValidUntil or until
// FinishRotation retires it. No step ever removes the only working secret of
// a client; a failed step leaves both old and new usable, and calling
// RotateSecret again with the earlier Rotation as RotateOptions.Resume (or
// FinishRotation again) completes it instead of creating a third secret.
// The one exception needs the caller's consent: where a vendor can only
// replace a client's secret at once (Capabilities.RotateImmediately; an
// Auth0 client that authenticates with its secret), RotateSecret refuses
// with ReasonImmediateRotation unless RotateOptions.AllowImmediateRotation
// is set, and then the old secret stops working when it returns.
//
// # Errors
//
// Every error a provider returns is an *Error with a Code from a frozen set
// (NotFound, AlreadyExists, InvalidArgument, FailedPrecondition,
// PermissionDenied, Unauthenticated, RateLimited, Unimplemented, Unavailable,
// Internal), the HTTP status, the vendor's own error code and message, the
// vendor's request ID and, for RateLimited, the delay the vendor asked for.
// errors.Is works with one sentinel per code (ErrNotFound, ...), and CodeOf
// extracts the code. A refusal the caller must act on also carries a
// Reason (see below): errors.Is(err, ReasonRotationOpen), or ReasonOf. Invalid input (an empty or malformed ID) is refused
// with InvalidArgument before any request is sent. An operation a vendor
// cannot do returns Unimplemented, never a silent no-op; Capabilities says so
// ahead of time.
//
// # Reasons
//
// Every refusal a caller must act on carries a Reason, a stable word that
// does not change when a message is reworded: decide on reasons (errors.Is
// with the Reason, or ReasonOf), never on message text.
//
//	reason               code                          what to do
//	invalid_id           InvalidArgument               fix the ID; nothing was sent
//	invalid_config       InvalidArgument               fix the provider's settings (New)
//	not_supported        Unimplemented                 the vendor cannot; see Capabilities
//	consent_required     FailedPrecondition            set RotateOptions.AllowNewClientID
//	immediate_rotation   FailedPrecondition            set RotateOptions.AllowImmediateRotation (no overlap)
//	rotation_open        FailedPrecondition            finish the open rotation, or Resume it
//	other_rotation_open  FailedPrecondition            another rotation holds the client: finish it or let it end
//	resume_needed        FailedPrecondition            the rotation never began: RotateSecret with Resume first
//	secret_required      FailedPrecondition            pass the new secret as RotateOptions.NewSecret
//	secret_not_accepted  Unimplemented, InvalidArgument the vendor makes secrets itself, or the one given differs
//	only_active_secret   FailedPrecondition            rotate instead of revoking the only working secret
//	limit_reached        InvalidArgument               the client holds MaxSecrets: revoke one first
//	new_credential_gone  FailedPrecondition            the rotation's new secret or client is gone: rotate anew
//	new_client_unknown   FailedPrecondition, any       a replacement client may be orphaned: list, delete, rotate again
//	new_client_disabled  FailedPrecondition            enable the replacement client, then finish
//	rotation_mismatch    InvalidArgument               the Rotation is another vendor's or client's
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
