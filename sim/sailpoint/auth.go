package sailpoint

import (
	"net/http"
	"slices"
	"strings"
)

// The scopes the simulator knows. sp:scopes:all grants every right of the
// token's owner; sp:oauth-client:manage implies sp:oauth-client:read.
const (
	scopeRead    = "sp:oauth-client:read"
	scopeManage  = "sp:oauth-client:manage"
	scopeAll     = "sp:scopes:all"
	scopeDefault = "sp:scopes:default"
)

// Texts of the 401 answers.
const (
	jwtMissing = "JWT validation failed: JWT is missing"
	jwtInvalid = "JWT validation failed: JWT is invalid"
	jwtExpired = "JWT validation failed: JWT is expired"
)

// authorize checks, in this order, the bearer token (401), the token's rate
// limit (429) and the scope need (403). It answers and returns false when
// one fails. The caller holds s.mu.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, need string) (*token, bool) {
	tok, problem := s.bearer(r)
	if tok == nil {
		writeUnauthorized(w, problem)
		return nil, false
	}
	if s.limiter != nil {
		if v := s.limiter.Take(tok.value); !v.Allowed {
			writeRateLimited(w, v.Reset.Sub(s.clock.Now()))
			return nil, false
		}
	}
	if !holds(tok.rights, need) {
		s.writeError(w, http.StatusForbidden, "The token lacks the scope "+need+".")
		return nil, false
	}
	return tok, true
}

// bearer returns the live token of r's Authorization header, or nil and
// why not. The caller holds s.mu.
func (s *Server) bearer(r *http.Request) (*token, string) {
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	value = strings.TrimSpace(value)
	if !strings.EqualFold(scheme, "Bearer") || value == "" {
		return nil, jwtMissing
	}
	tok := s.issued[value]
	switch {
	case tok == nil:
		return nil, jwtInvalid
	case !s.clock.Now().Before(tok.expires):
		return nil, jwtExpired
	}
	return tok, ""
}

// holds reports whether rights include scope: literally, through
// sp:scopes:all, or (for read) through manage.
func holds(rights []string, scope string) bool {
	return slices.Contains(rights, scopeAll) || slices.Contains(rights, scope) ||
		scope == scopeRead && slices.Contains(rights, scopeManage)
}

// grant returns the rights of a client created with scope by a token with
// creator rights: sp:scopes:all stands for the creator's rights, and
// sp:scopes:default may always be granted. It returns the first scope the
// creator cannot grant, if any.
func grant(creator, scope []string) (rights []string, denied string) {
	for _, sc := range scope {
		switch {
		case sc == scopeAll:
			rights = append(rights, creator...)
		case sc == scopeDefault || holds(creator, sc):
			rights = append(rights, sc)
		default:
			return nil, sc
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(rights))), ""
}
