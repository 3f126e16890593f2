// Package okta is an in-memory, deterministic simulator of the 25 Okta
// Management API operations that manage an application's credentials (the
// operations of specs/okta.yaml): client secrets, JSON Web Keys, X.509 key
// credentials, certificate signing requests and refresh tokens.
//
// A [Server] is a [net/http.Handler]: start it with httptest.NewServer, seed
// apps with [Server.CreateApp] and refresh tokens with
// [Server.IssueRefreshToken], and drive it with the generated client of
// package gen/okta. Import it under an alias, for example
//
//	import oktasim "github.com/credkit/credkit/sim/okta"
//
// Every answer validates against specs/okta.yaml. The same [Options] (seed,
// clock) and the same requests give byte-identical answers: identifiers,
// secret values, request IDs, timestamps and the Date header all come from
// the seed and the simulator's clock, never from the wall clock. Key
// material comes from a small pool of RSA keys derived from fixed seeds, so
// it repeats across simulators and processes by design; never use it to
// protect anything.
//
// The simulator enforces what Okta documents:
//
//   - authentication: "SSWS <api token>" has full access; "Bearer <access
//     token>" needs okta.apps.read (or okta.apps.manage) to read and
//     okta.apps.manage to change anything;
//   - client secrets: at most two per app; a supplied secret is 14 to 100
//     printable ASCII characters, at least 32 for client_secret_jwt apps and
//     refused for private_key_jwt apps; the only active secret cannot be
//     deactivated and only inactive secrets can be deleted;
//   - JSON Web Keys: at most 50 per app, unique non-null kids, RSA moduli of
//     at least 2048 bits, EC points on their curve, at most one active
//     encryption key (activating another replaces it), only signing keys can
//     be deactivated, never the last active one of a private_key_jwt app,
//     and only inactive keys can be deleted;
//   - key credentials: self-signed X.509 certificates valid for 2 to 10
//     years, cloned to another app at most once;
//   - CSRs: answered as JSON or as base64 PKCS#10 by the Accept header,
//     published from PEM, DER or base64 DER certificates that match the CSR's
//     key and are valid for more than 90 days;
//   - refresh tokens: cursor paging with Link headers, expand=scope, revoking
//     one or all;
//   - rate limits per endpoint (method and path template) with
//     X-Rate-Limit-Limit, -Remaining and -Reset headers, and injected faults
//     (see [sim.Faults]).
//
// # Errors
//
// Every refused request is answered with Okta's Error body,
// {errorCode, errorSummary, errorLink, errorId, errorCauses}, and the status
// Okta documents: 400 E0000001 for a rule violation (the rule is in
// errorCauses) or E0000003 for a body that is not JSON, 401 E0000011 for a
// missing or unknown token, 403 E0000006 for a missing scope, 404 E0000007
// "Not found: Resource not found: {id} ({Type})", 429 E0000047 when a
// rate-limit bucket is exhausted and 500 E0000009 for an injected fault.
// errorId and X-Okta-Request-Id come from the seed.
package okta
