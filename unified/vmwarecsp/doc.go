// Package vmwarecsp is the unified.CredentialProvider for VMware Cloud
// Services Platform (CSP): the client secrets of an organization's OAuth
// apps, over the generated client of gen/vmwarecsp.
//
// A client ID here is the app's ID, which is its OAuth client ID. CSP
// secrets have no IDs and cannot be listed or read back: an app has a
// current secret and, while an owner rotation is open, a previous one. The
// provider names them "current" and "previous" in CredentialRef.ID.
// ListSecrets, GetSecret and CreateSecret are Unimplemented. RevokeSecret
// takes "previous" (ending an open rotation) and refuses "current". The
// provider also implements unified.ClientLister (the organization's apps)
// and unified.SecretRegenerator (a secret CSP generates, replacing the old
// one at once).
//
// It authenticates with a CSP API token, exchanged for access tokens that
// are cached and renewed before they expire, or with an OAuth app's client
// credentials.
//
// # Rotation
//
// RotateSecret generates a 32-character secret that meets CSP's rule (or
// takes RotateOptions.NewSecret) and POSTs it: it becomes "current", and
// the old secret stays valid as "previous" for RotateOptions.Overlap, or
// the app's window when zero (48 hours by default). FinishRotation deletes
// the previous secret; it is idempotent. No step deletes or regenerates the
// current secret. When the POST fails or its answer is lost, RotateSecret
// returns the partial Rotation (OldValidUntil zero, New.Secret set) with
// the error; passing it as RotateOptions.Resume sends the same secret
// again, so that the rotation completes with the secret the caller already
// holds.
//
// Two library rotators of one app at once leave exactly one secret: CSP
// holds one open rotation per app and answers a second POST with 409
// (ReasonRotationOpen) until the first one's previous secret is deleted or
// its window closes. CSP lists no secrets, so the portable type's checks of
// concurrent rotators (see package unified) do not apply. A rotation left
// unfinished past its window is the one case left: the previous secret
// expired by itself, another rotator may POST, and finishing the first
// rotation then deletes "previous", which is by now the first rotation's
// own secret. Finish within the window, or check it first (CheckRotation
// with the secret).
//
// # Errors
//
// CSP's CspErrorResponse is decoded into the unified.Error: errorCode (or
// cspErrorCode) as VendorCode, message as Message, requestId as RequestID.
// The HTTP status sets the code: 400 InvalidArgument, 401 Unauthenticated,
// 403 PermissionDenied, 404 NotFound, 409 FailedPrecondition (an app
// deletion in progress, a rotation already open), 429 RateLimited, 500
// Internal, 502 to 504 Unavailable. A failed token request is reported as
// the error of the operation that needed it, Unauthenticated for a 400,
// 401 or 409 (a wrong, expired or revoked credential). CSP documents no
// Retry-After: a 429 is retried after Retry-After when present and after
// exponential backoff with jitter otherwise, and RetryAfter carries the
// same delay.
//
// # As
//
// The credential of RegenerateSecret answers As with
// vmwarecsp.ClientCredentials (gen/vmwarecsp), its secret left out (it is
// in Credential.Secret); the new credential of a rotation answers with the
// vmwarecsp.ClientSecretOwnerRotationRequest that was sent, secret left
// out. unified.ErrorAs reaches *vmwarecsp.CspErrorResponse.
package vmwarecsp
