// Package auth0 simulates the part of Auth0's Management API v2 that manages
// clients and their credentials, and the client-credentials token request of
// its Authentication API, as an in-memory, deterministic http.Handler.
//
// It enforces the rules of specs/auth0.yaml and Auth0's documents:
//
//   - every /api/v2 call needs a bearer token from POST /oauth/token
//     (grant_type client_credentials, audience https://{Domain}/api/v2/);
//     a token carries the scopes granted to its client (narrowed by a scope
//     parameter), and each operation needs one of its documented scopes
//     (403 insufficient_scope otherwise);
//   - a missing, unknown or expired token is 401;
//   - an unknown client is 404 inexistent_client and an unknown credential
//     404 (deleting either answers 204: deletion is idempotent, as real
//     traffic shows);
//   - request bodies are validated (required name, no < or > in it, at most
//     140 characters of description, the enums, a PEM RSA public key or
//     certificate of at least 2048 bits, kid and expiry formats, unknown
//     members refused): 400 invalid_body; bad fields, page, per_page, take
//     or from: 400 invalid_query_string; an identifier that cannot be one
//     (over 64 characters, or other than letters, digits, '_' and '-'):
//     400 invalid_uri;
//   - a client alias that another client has: 409 on create;
//   - a client holds at most MaxCredentials (2) credentials; a third is 400;
//     client_authentication_methods and token_endpoint_auth_method cannot
//     be set together, and private_key_jwt needs jwt_configuration.alg
//     RS256 (400);
//   - a credential enabled for private_key_jwt cannot be deleted (400) until
//     the client stops listing it; a client with private_key_jwt cannot
//     rotate its secret (400) nor get a token with its secret (401);
//   - POST /api/v2/clients/{id}/rotate-secret replaces the secret at once:
//     the old one is refused by /oauth/token from that moment;
//   - X-RateLimit-Limit, -Remaining and -Reset (epoch seconds) on every
//     /api/v2 answer when Options.RateLimit is set, and 429 too_many_requests
//     over it;
//   - scripted or random faults (sim.Faults): 500, 429, a dropped
//     connection, or a connection dropped after the request took effect.
//
// The token endpoint takes client secrets only: it does not verify
// private_key_jwt client assertions, so a client with private_key_jwt gets
// no token from the simulator; client grants are not served either (Grant
// stands in for them).
//
// IDs (32-character client IDs, cred_ credential IDs), secrets, tokens and
// times come from Options.Seed and Options.Clock, so the same traffic gives
// byte-identical answers. A credential's kid, when not given, is the RFC
// 7638 thumbprint of its key, as Auth0's are.
//
// Use it with httptest.NewServer(auth0.New(nil)); gen/auth0's client talks
// to server.URL, and tokens come from server.URL + "/oauth/token".
// NewHostile wraps a Server to misbehave on purpose in one sim.Hostility
// (echoed credentials, endless paging of clients, absurd numbers), as
// credkit sim --hostile does.
//
// # Errors
//
// Management API errors carry Auth0's body {"statusCode", "error",
// "message", "errorCode"} (errorCode invalid_body, invalid_query_string,
// invalid_uri, insufficient_scope, inexistent_client,
// inexistent_credential, too_many_credentials, credential_enabled,
// operation_not_supported, conflict, too_many_requests, internal_error;
// a 401 has none). Only insufficient_scope and inexistent_client are codes
// seen from Auth0; the others are the simulator's names for its refusals. The token endpoint
// answers OAuth 2.0 errors ({"error", "error_description"}, RFC 6749
// section 5.2): 400 invalid_request or unsupported_grant_type, 401
// access_denied for wrong client credentials, 403 access_denied for an
// audience or scope the client was not granted.
package auth0
