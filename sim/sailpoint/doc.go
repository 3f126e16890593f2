// Package sailpoint simulates the OAuth-client API of SailPoint Identity
// Security Cloud (the five /v3/oauth-clients operations and the
// POST /oauth/token endpoint) as an in-memory, deterministic http.Handler.
//
// It enforces what specs/sailpoint.yaml and SailPoint's documents say: a
// bearer token from the token endpoint on every /v3 call, the scopes each
// operation needs (sp:oauth-client:read or sp:oauth-client:manage, or
// sp:scopes:all), the required fields and enums of a new client, a secret
// shown only in the answer to the create call, JSON Patch (RFC 6902) on the
// patchable fields only and all-or-nothing, the lastUsed filters of the
// list, a per-token rate limit and scripted faults. Its IDs, secrets,
// tokens, tracking IDs and Date headers come from Options.Seed and
// Options.Clock, so the same traffic gives byte-identical answers.
//
// Use it with httptest.NewServer(sailpoint.New(nil)); the generated client
// of gen/sailpoint talks to server.URL + "/v3", and tokens are fetched from
// server.URL + "/oauth/token".
//
// # Errors
//
// The simulator answers in SailPoint's own error bodies: 400, 403, 404 and
// 500 carry an ErrorResponseDto (detailCode "400.1 Bad Request Content",
// "403 Forbidden", "404 Not found", "500.0 Internal Fault") whose first
// message names the cause; 401 carries {"error": "JWT validation failed:
// ..."}; 429 carries {"message": " Rate Limit Exceeded "} and a Retry-After
// header in seconds. The token endpoint answers OAuth 2.0 errors
// ({"error": "invalid_client"} and the like, RFC 6749 section 5.2).
package sailpoint
