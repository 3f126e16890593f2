// Package auth0 is the unified.CredentialProvider for Auth0: the clients
// (applications) of a tenant's Management API v2 and their credentials,
// over the generated client of gen/auth0.
//
// The provider authenticates as a machine-to-machine application granted
// the Management API (AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, as Auth0's
// own tools name them) through the client-credentials grant at
// https://{AUTH0_DOMAIN}/oauth/token with audience
// https://{AUTH0_DOMAIN}/api/v2/, or with a ready Management API token
// (Config.Token). It needs the scopes read:clients, update:client_keys,
// update:clients, read:client_credentials, create:client_credentials and
// delete:client_credentials for everything below (read:client_keys to
// resume a secret rotation). A client ID here is Auth0's client_id.
//
// # Two kinds of client
//
// An Auth0 client authenticates with its secret, or with private_key_jwt:
// assertions signed by a private key whose public half is one of the
// client's credentials (at most two per client; "The current application
// storage limit is two credentials at one time"). Capabilities.MaxSecrets
// is that limit.
//
// A client's secret has no ID (credkit names it "client_secret"), cannot
// be listed, added or revoked on its own, and can only be replaced at once:
// POST /api/v2/clients/{id}/rotate-secret, after which the old secret is
// refused. So ListSecrets, GetSecret, CreateSecret and RevokeSecret return
// Unimplemented, and RegenerateSecret (unified.SecretRegenerator) replaces
// the secret at once.
//
// # Rotation
//
// RotateSecret reads the client first. For a private_key_jwt client it
// rotates with overlap, keeping the unified promise: it makes a new RSA key
// pair (Options.GenerateKey; or takes RotateOptions.NewSecret, a PEM RSA
// private key), uploads the public half as a public_key credential whose
// kid is its RFC 7638 thumbprint, and enables old and new together.
// Rotation.New.Secret is the new private key (PKCS#8 PEM), shown once: it
// is the client's new "secret", and Auth0 never holds it. FinishRotation
// checks that the new key is enabled, disables the old one and deletes it.
// A failed step leaves the old key enabled; resuming (RotateOptions.Resume,
// with NewSecret when the new credential's ID is unknown) finds the new
// key by its ID or thumbprint instead of uploading a third. Two library
// rotators of one client at once leave exactly one key: the second upload
// meets Auth0's limit of two (ReasonLimitReached), and a key uploaded
// after the first rotation finished is
// withdrawn (ReasonRotationOvertaken; see "Concurrent rotators" in package
// unified). The new key is enabled on a fresh read of the enabled list.
//
// For a client-secret client there is no overlap to give, so RotateSecret
// refuses with FailedPrecondition and unified.ReasonImmediateRotation,
// having sent nothing but the read, unless
// unified.RotateOptions.AllowImmediateRotation says the caller consents
// (Capabilities.RotateImmediately says so ahead of time). With consent it
// calls rotate-secret: Rotation.New.Secret is the new secret, shown once,
// the old secret has stopped working already (Rotation.OldValidUntil is
// the time of the rotation), and FinishRotation has nothing left to do.
// Resuming such a rotation reads the client's current secret, since a lost
// answer may hide a rotation that took place.
//
// # Key credentials
//
// Public-key credentials reach users through unified.JSONWebKeyManager,
// not KeyCredentialManager. Auth0's credentials are public keys a client
// signs assertions with, added by the caller and switched on and off by
// the client's list of enabled credentials: the JSON Web Key model (add a
// key active or inactive, activate, deactivate, delete only an inactive
// one), which Okta's keys share. KeyCredentialManager is about X.509
// signing keys the vendor generates or clones between clients, which Auth0
// does not do. A credential's Credential.ID is Auth0's cred_ ID, KeyID its
// kid, Status ACTIVE when the client enables it; Public is nil on reads
// (Auth0 does not return the key). AddJSONWebKey takes RSA keys of at
// least 2048 bits; DeactivateJSONWebKey refuses the client's only enabled
// key (unified.ReasonOnlyActiveSecret).
//
// ListClients (unified.ClientLister) pages with page and per_page=100 and
// include_totals, and stops at a short page or at the total. Its loop is
// bounded like every listing of credkit (package unified/internal/paging):
// a page that repeats one already fetched, an empty page whose total
// claims more, more than Options.MaxPages pages (default 1000) or
// Options.MaxItems clients (default 100000) end it with an Internal error,
// and so does the context.
//
// # Errors
//
// Auth0's error body {statusCode, error, message, errorCode} is decoded
// into the unified.Error by one table (errors.go): errorCode as VendorCode,
// message as Message; the errorCode decides the code where the table knows
// it (too_many_credentials is FailedPrecondition with
// unified.ReasonLimitReached, insufficient_scope PermissionDenied,
// inexistent_client and inexistent_credential NotFound), the status
// otherwise. A 429's RetryAfter is read from X-RateLimit-Reset (epoch
// seconds, measured against the answer's Date, plus a second), and the
// shared transport paces requests by X-RateLimit-Limit and -Remaining
// before Auth0 would refuse them; the request ID from
// X-Auth0-RequestId or X-Request-Id when the answer carries one. A refused
// token request is Unauthenticated or PermissionDenied with the OAuth
// error as VendorCode. Every credential the provider holds (the client
// secret or token of Config, the access tokens it obtained, the secrets
// RegenerateSecret and a rotation read) is removed from every error, in
// clear, base64, URL- and JSON-encoded forms, however the server echoes it.
//
// # As
//
// JSON Web Keys and the new credential of a key rotation answer As with
// gen/auth0's ClientCredential; a secret (RegenerateSecret, or a rotation
// at once) with gen/auth0's ClientApplication, its client_secret emptied.
// unified.ErrorAs reaches *auth0.Error (gen/auth0), whatever the status.
package auth0
