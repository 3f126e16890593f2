// Package vmwarecsp is an in-memory, deterministic simulator of the VMware
// Cloud Services Platform (CSP) API for an organization's OAuth apps and
// their client secrets, as described by specs/vmwarecsp.yaml.
//
// A [Server] is an http.Handler for httptest.NewServer. It serves the nine
// operations of the spec and the OAuth client-credentials token endpoint
// (POST /csp/gateway/am/api/auth/authorize, and its twin /auth/token), which
// is outside the spec but is how an app proves that its secret works.
//
// It enforces:
//   - authentication: management operations need an access token that the
//     simulator issued, as "Authorization: Bearer" or as the legacy
//     csp-auth-token header; organization admin tokens come only from the
//     API-token exchange, app tokens only from client credentials, and app
//     tokens may not manage apps;
//   - validation: required fields, grant types a customer organization may
//     use, the client ID pattern, the client secret rule (at least 8
//     characters with a lower-case letter, an upper-case letter, a digit and
//     one of !@#$%^&*()_+=[]-{|}',./:;<>?`~), token lifetimes, paging
//     parameters, 1 to 15 IDs per bulk delete;
//   - the secret lifecycle: two implicit slots, current and previous; an
//     owner rotation keeps the previous secret valid for a window (48 hours
//     by default) measured on the simulator's clock, one rotation at a time;
//     deleting the old secret, regenerating, or setting a secret through
//     create or patch leaves exactly one valid secret;
//   - rate limits per organization, method and path template, and scripted
//     or random faults, on the simulator's clock and seed.
//
// Every answer is a function of the options (clock, seed) and of the traffic,
// so the same traffic gives byte-identical responses, Date header included.
//
// # Errors
//
// Every error is a CspErrorResponse whose statusCode is the HTTP status and
// whose requestId comes from the seed. The statuses follow the spec:
//   - 400: a malformed body or query, a broken rule, an unknown or expired
//     API token, a malformed app ID on an operation that documents 400;
//   - 401: no access token, or one the simulator did not issue or that has
//     expired (and, on the token endpoint, wrong client credentials);
//   - 403: an app's client-credentials token on a management operation;
//   - 404: an unknown organization or app, an API token scoped to another
//     organization;
//   - 409: a duplicate client ID, an owner rotation already open, an app
//     whose deletion is in progress (see [Options.DeletionDelay]), a revoked
//     API token;
//   - 429: a rate limit (with Retry-After in seconds) or a fault;
//   - 500: a fault.
package vmwarecsp
