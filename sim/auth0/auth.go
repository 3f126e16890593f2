package auth0

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// serve runs one Management API operation: authentication, rate limit,
// scope, the syntax of the path's identifiers, then the handler, all under
// s.mu so that operations are atomic.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, op operation, ids pathIDs) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, problem := s.bearer(r)
	if problem != "" {
		writeError(w, http.StatusUnauthorized, "", problem)
		return
	}
	if !s.admit(w, tok) {
		return
	}
	if !slices.ContainsFunc(op.scopes, func(sc string) bool { return slices.Contains(tok.scopes, sc) }) {
		writeError(w, http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: "+strings.Join(op.scopes, ","))
		return
	}
	if !validPathIDs(op, ids) {
		writeError(w, http.StatusBadRequest, "invalid_uri", "Path validation error: the identifier is not valid")
		return
	}
	op.handle(s, w, r, tok, ids)
}

// validPathIDs checks the identifiers the operation's path carries. The
// two reads of credentials document no 400: an identifier that cannot be
// one is simply not found there (404).
func validPathIDs(op operation, ids pathIDs) bool {
	switch op.name {
	case "getClients", "createClient", "getClientCredentials", "getClientCredential":
		return true
	case "updateClientCredential", "deleteClientCredential":
		return validID(ids.client) && validID(ids.credential)
	}
	return validID(ids.client)
}

// bearer finds the request's token; problem says why there is none.
func (s *Server) bearer(r *http.Request) (*token, string) {
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return nil, "Missing authentication"
	}
	scheme, value, ok := strings.Cut(authz, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || value == "" {
		return nil, "Bad HTTP authentication header format"
	}
	tok := s.issued[value]
	switch {
	case tok == nil:
		return nil, "Invalid token"
	case !s.clock.Now().Before(tok.expires):
		return nil, "Expired token received for JSON Web Token validation"
	}
	return tok, ""
}

// admit counts the request against its token's rate-limit window and sets
// the X-RateLimit headers; over the limit it answers 429.
func (s *Server) admit(w http.ResponseWriter, tok *token) bool {
	if s.limiter == nil {
		return true
	}
	v := s.limiter.Take(tok.value)
	setRateHeaders(w, v.Limit, v.Remaining, v.Reset)
	if !v.Allowed {
		writeError(w, http.StatusTooManyRequests, "too_many_requests", "Global limit has been reached")
		return false
	}
	return true
}

// setRateHeaders writes Auth0's rate-limit headers; reset is rounded up to
// the next whole second since the epoch.
func setRateHeaders(w http.ResponseWriter, limit, remaining int, reset time.Time) {
	secs := reset.Unix()
	if reset.Nanosecond() > 0 {
		secs++
	}
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(secs, 10))
}
