// Package okta is the unified.CredentialProvider for Okta: the client
// secrets, JSON Web Keys, X.509 key credentials, CSRs and refresh tokens of
// an Okta app, over the generated client of gen/okta.
//
// A client ID here is the app's ID ("0oa…"). The provider also implements
// unified.JSONWebKeyManager, unified.KeyCredentialManager,
// unified.CSRManager and unified.RefreshTokenManager.
//
// # Rotation
//
// RotateSecret adds a second secret (Okta allows two, both valid at once);
// FinishRotation deactivates and deletes the old one, after making sure the
// new one is active. RotateSecret refuses a client that already holds two
// secrets unless RotateOptions.Resume names the rotation they belong to.
// Two library rotators of one app at once leave exactly one secret: the
// second one's addition is refused at Okta's limit (ReasonOtherRotationOpen),
// or, when it read the app before the first one finished, its secret is
// withdrawn (ReasonRotationOvertaken; see "Concurrent rotators" in package
// unified).
//
// # Errors
//
// Okta's error body is decoded into the unified.Error: errorCode as
// VendorCode, errorSummary (and its causes) as Message, errorId as
// RequestID, and for a 429 the wait until X-Rate-Limit-Reset as RetryAfter.
//
// # As
//
// Credentials answer As with the gen/okta type they came from:
// okta.OAuth2ClientSecret for secrets, okta.OAuth2ClientJsonWebKey for JSON
// Web Keys, okta.JsonWebKey for key credentials, okta.Csr for CSRs,
// okta.OAuth2RefreshToken for refresh tokens. unified.ErrorAs reaches
// *okta.Error.
package okta
