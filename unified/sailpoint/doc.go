// Package sailpoint is the unified.CredentialProvider for SailPoint Identity
// Security Cloud: the OAuth clients of a tenant's v3 API, over the generated
// client of gen/sailpoint.
//
// SailPoint gives a client one secret, shows it once, in the answer to the
// creation of the client, and has no operation on secrets: they cannot be
// listed, read, added, revoked or changed. ListSecrets, GetSecret,
// CreateSecret and RevokeSecret therefore return Unimplemented; the provider
// also implements unified.ClientLister. A client ID here is the client's
// "id", which is also its OAuth client_id, and the ID of its one credential
// (unified.CredentialRef.ID is the client ID itself).
//
// The provider authenticates as an admin API client (SAIL_CLIENT_ID and
// SAIL_CLIENT_SECRET, with the sp:oauth-client:manage scope) through the
// client-credentials grant, its credentials in the form body; the access
// token is cached and fetched again shortly before it expires.
//
// # Rotation
//
// The only way to a new secret is a new client, so the client ID changes:
// RotateSecret refuses (FailedPrecondition) unless
// unified.RotateOptions.AllowNewClientID says the caller consents. It reads
// the old client and creates a replacement with the same settings (name,
// description, businessName, homepageUrl, token lifetimes, redirectUris,
// grantTypes, accessType, type, internal, enabled, strongAuthSupported,
// claimsSupported and scope; a scope of null is left out, which SailPoint
// takes as sp:scopes:all); Rotation.NewClientID and Rotation.New carry
// the new client's ID and its secret, which nothing can show again. The old
// client works until FinishRotation deletes it, which it does only after
// checking that the new client exists (and is enabled, unless the old one
// is not either). Switch every user of the client to the new ID and secret
// in between. RotateOptions.NewSecret cannot choose the secret (SailPoint
// makes it) and returns Unimplemented, except with Resume, where it gives
// back the secret a stored Rotation does not hold; RotateOptions.Overlap is
// ignored: the old client works until FinishRotation.
//
// Rotating the very client the provider authenticates with works, but the
// provider keeps its old credentials: build a new one with the new ID and
// secret before its cached token expires.
//
// The creation of the replacement is a POST, which is never retried. If its
// answer is lost or unusable (a dropped connection, a 5xx, a body that does
// not decode), the new client may exist without anyone knowing its ID or
// secret. RotateSecret then returns, with an error saying so, a partial
// Rotation whose NewClientID is empty, and resuming it returns
// FailedPrecondition: the provider does not guess which client is the
// orphan. List the clients (ListClients), delete the replacement the
// failed attempt left, if any (same name, created after the old client;
// DeleteClient), then rotate again without Resume. A Rotation with NewClientID set resumes
// without creating anything.
//
// # Two rotators of one client
//
// SailPoint cannot tell two replacements of one client apart (names are
// not unique, and nothing links a replacement to the client it replaces),
// so two library rotators of one client at once (the CLI's journal lock
// prevents it there) are only detected, not prevented:
//
//   - RotateSecret reads the old client again once its replacement exists;
//     when another rotator has deleted it meanwhile, it deletes its own
//     replacement (nobody has seen it) and fails with
//     unified.ReasonRotationOvertaken, Phase abandoned;
//   - FinishRotation reads the old client before deleting it. When it is
//     gone already, or the DELETE then finds it gone, another rotator
//     deleted it, and FinishRotation fails with
//     unified.ReasonRotationOvertaken: both replacements live (the old
//     client is gone either way). "Gone already" is told from a finish
//     retried after a lost answer by driver.BegunHere: only a rotation
//     begun by RotateSecret in this process, on its first finish, can be
//     sure; one read from storage (or finished again) succeeds, since it
//     cannot tell.
//
// In unified/providertest's two rotators × 40 rounds every round that
// leaves two replacements reports it to a rotator (20 runs, 800 rounds: 305
// such rounds, all reported). Rotators in two processes that store their
// rotations between begin and finish are not told when the first finish
// completes before the second one's finish reads the old client.
//
// Afterwards, list the clients (ListClients): two clients of the old one's
// name created after it are two replacements; keep the one your users
// switched to and delete the other (DeleteClient).
//
// # Errors
//
// SailPoint's error bodies are decoded into the unified.Error: for 400, 403,
// 404 and 500 the ErrorResponseDto's detailCode as VendorCode, its message
// texts (then its causes) as Message and its trackingId as RequestID; for
// 401 the {"error"} text as Message; for 429 the {"message"} text as Message
// and Retry-After as RetryAfter. A body in none of these shapes is quoted,
// with any secret it holds redacted. A refusal of the token endpoint
// (wrong admin credentials) is Unauthenticated, with the OAuth error code
// as VendorCode.
//
// # As
//
// Credentials answer As with the gen/sailpoint type they came from:
// sailpoint.CreateOAuthClientResponse for a client just created (the new
// credential of a rotation; its Secret field is emptied, the value being in
// Credential.Secret), sailpoint.GetOAuthClientResponse for one read back (a
// resumed rotation). unified.ErrorAs reaches
// *sailpoint.ErrorResponseDto, *sailpoint.UnauthorizedError or
// *sailpoint.TooManyRequestsError, whichever the vendor sent.
package sailpoint
