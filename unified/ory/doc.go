// Package ory is the credkit driver for Ory Hydra (self-hosted,
// or Ory Network's OAuth2 service): the OAuth 2.0 clients of Hydra's admin
// API and their credentials, over the generated client of gen/ory.
//
// Config.AdminURL is the admin API's base URL (Ory's own tools read it from
// ORY_SDK_URL): a self-hosted Hydra's admin port, such as
// http://127.0.0.1:4445, whose API takes no credential and must be kept
// off the network; or an Ory Network project's URL, with a project API key
// (Config.APIKey; Ory's CLI reads ORY_PROJECT_API_KEY, its SDK examples
// ORY_API_KEY) sent as a bearer token. A client ID here is Hydra's
// client_id.
//
// # Two kinds of client
//
// A Hydra client authenticates with its secret (client_secret_basic or
// client_secret_post), or with private_key_jwt: assertions signed by a
// private key whose public half is in the client's own JSON Web Key Set
// (its jwks). Hydra accepts an assertion signed by any key of the set.
//
// A client's secret has no ID (credkit names it "client_secret"), is shown
// only in the answer that sets it, and is replaced at once: a JSON Patch
// of /client_secret, after which the old secret is refused. So
// ListSecrets, GetSecret, CreateSecret and RevokeSecret return
// Unimplemented, and RegenerateSecret (unified.SecretRegenerator) replaces
// the secret at once with one credkit makes (32 random bytes, base64url).
// If RegenerateSecret's answer is lost, the secret it sent may be in force
// but is not returned (the portable type returns no credential with an
// error): call it again, which sets another. A rotation at once (below)
// returns its secret even when it fails, and can be completed.
//
// # Rotation
//
// RotateSecret reads the client first. For a private_key_jwt client it
// rotates with overlap: it makes a new RSA key pair (Options.GenerateKey;
// or takes RotateOptions.NewSecret, a PEM RSA private key), and adds the
// public half, kid its RFC 7638 thumbprint, to the client's set, so that
// old and new keys both work. Rotation.New.Secret is the new private key
// (PKCS#8 PEM), which Hydra never holds. FinishRotation checks that the
// new key is in the set and removes the old one. Each change replaces the
// whole set in one patch and checks Hydra's answer: Hydra's JSON Patch
// refuses "test", so no change can be conditional (specs/ERRATA.md H7),
// and a change made by another writer between credkit's read and its
// patch is overwritten. Two library rotators of one client in one process
// are therefore serialized, step by step (driver.Info.UnconditionalWrites),
// and checked as for every vendor that lists its credentials (see
// "Concurrent rotators" in package unified): they leave exactly one key.
// Rotators in two processes can still overwrite each other's change: a
// stale set may drop another rotation's new key or restore a retired one.
// The checks catch it when they read after the write (the new key gone:
// ReasonNewCredentialGone; the old key back: ReasonRotationOvertaken);
// one that lands after both rotators' checks is seen only by CheckRotation
// later (ReasonRotationStale). Rotate one client from one process, or
// through the CLI's journal. A resumed rotation (RotateOptions.Resume, with
// NewSecret when the new key is not in the set) finds the new key by its
// thumbprint instead of adding a third. A client whose keys are at a
// jwks_uri is refused: Hydra fetches those, credkit cannot change them.
//
// For a client-secret client there is no overlap to give, so RotateSecret
// refuses with FailedPrecondition and unified.ReasonImmediateRotation,
// having sent nothing but the read, unless
// unified.RotateOptions.AllowImmediateRotation says the caller consents
// (Capabilities.RotateImmediately says so ahead of time). With consent it
// makes the new secret (or takes RotateOptions.NewSecret) before the
// request, and the Rotation it returns carries it even when the request
// fails, for the caller to keep before anything else can fail: the patch
// may have taken effect. Sending it again (Resume with NewSecret) completes
// the rotation either way. On success the old secret has stopped working
// already (Rotation.OldValidUntil), and FinishRotation has nothing left to
// do.
//
// # Key credentials
//
// The keys of a client's set reach users through unified.JSONWebKeyManager:
// Credential.ID and KeyID are the kid. Hydra has no inactive keys, so every
// key is ACTIVE, AddJSONWebKey refuses NewJSONWebKey.Inactive,
// ActivateJSONWebKey only reads the key, and DeactivateJSONWebKey is
// Unimplemented; DeleteJSONWebKey removes a key, never the set's only one
// (unified.ReasonOnlyActiveSecret). AddJSONWebKey takes RSA keys of at
// least 2048 bits. Private parameters a set may hold are never returned.
//
// ListClients (unified.ClientLister) pages with page_size (Options.PageSize,
// default 500) and the page_token of each answer's Link rel="next", taking
// only the token from the link, so the next request goes to the configured
// host. It ends at a page without a next link, and at an empty page (Hydra
// links a next page even when there is no client: ERRATA H3). Its loop is
// bounded like every listing of credkit (package unified/internal/paging):
// a token seen before, a token or Link header longer than credkit reads,
// more than Options.MaxPages pages (default 1000) or Options.MaxItems
// clients (default 100000) end it with an Internal error, and so does the
// context.
//
// # Errors
//
// Hydra's error body {error, error_description} is decoded into the
// unified.Error by one table (errors.go): error as VendorCode,
// error_description as Message. The error decides the code where the table
// knows it (the OAuth 2.0 codes, such as invalid_client_metadata, and the
// texts Hydra's admin API puts in their place, such as "Unable to locate
// the resource" for NotFound), the status otherwise. The generic body
// {error: {code, status, message, reason}} of Ory's gateway is read too. A
// 429's RetryAfter comes from Retry-After; the request ID from
// X-Request-Id. The API key and every secret the provider makes or reads
// is removed from every error, in clear, base64, URL- and JSON-encoded
// forms, however the server echoes it.
//
// # As
//
// JSON Web Keys and the new credential of a key rotation answer As with
// gen/ory's JsonWebKey (without private parameters); a secret
// (RegenerateSecret, or a rotation at once) with gen/ory's OAuth2Client,
// its client_secret and registration_access_token emptied.
// unified.ErrorAs reaches *ory.ErrorOAuth2 (gen/ory), whatever the status.
package ory
