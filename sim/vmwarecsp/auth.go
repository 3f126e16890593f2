package vmwarecsp

import (
	"net/http"
	"strings"
)

// admin guards a management operation: the caller needs an organization
// admin access token that the simulator issued (401 otherwise, 403 for an
// app's token), for the organization in the path (404 otherwise).
func (s *Server) admin(h op) op {
	return func(r *request) (any, *cspError) {
		tok := s.tokens[bearer(r.Request)]
		switch {
		case tok == nil || !r.now.Before(tok.expiresAt):
			return nil, unauthorized("the user is not authorized to use the API: missing, unknown or expired access token")
		case tok.clientID != "" && s.apps[tok.clientID] == nil:
			return nil, unauthorized("the access token's client no longer exists")
		case tok.clientID != "":
			return nil, newError(http.StatusForbidden, "forbidden", "the user is forbidden to use the API: an OAuth app's token has no organization role")
		case r.PathValue("orgId") != tok.org:
			return nil, notFound("org_not_found", "organization with this identifier is not found")
		}
		return h(r)
	}
}

// bearer returns the access token a request carries: "Authorization:
// Bearer", or else the legacy csp-auth-token header.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, v, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return ""
		}
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(r.Header.Get("csp-auth-token"))
}
