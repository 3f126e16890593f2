package sailpoint

import (
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// grantClientCredentials is the one grant the token endpoint simulates.
const grantClientCredentials = "CLIENT_CREDENTIALS"

// token is one issued access token. Like SailPoint's JWTs it is
// self-contained: it stays valid until it expires, even if its client is
// later disabled or deleted. Expired tokens are kept, so that they are
// refused as expired rather than unknown.
type token struct {
	value    string
	clientID string
	rights   []string
	expires  time.Time
}

// tokenResponse is the token endpoint's answer (SailPoint's fields, as
// documented for the client credentials grant).
type tokenResponse struct {
	AccessToken         string `json:"access_token"`
	TokenType           string `json:"token_type"`
	ExpiresIn           int64  `json:"expires_in"`
	Scope               string `json:"scope"`
	AccessType          string `json:"accessType"`
	TenantID            string `json:"tenant_id"`
	Internal            bool   `json:"internal"`
	Pod                 string `json:"pod"`
	StrongAuthSupported bool   `json:"strong_auth_supported"`
	Org                 string `json:"org"`
	ClientID            string `json:"client_id"`
	Enabled             bool   `json:"enabled"`
	JTI                 string `json:"jti"`
}

// handleToken is POST /oauth/token with grant_type=client_credentials and
// client_id and client_secret in the form body (or the query).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The token endpoint takes POST only.")
		return
	}
	if err := parseTokenForm(r); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	switch grant := r.Form.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "Missing grant type.")
		return
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+grant+".")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.authenticate(r.Form.Get("client_id"), r.Form.Get("client_secret"))
	switch {
	case c == nil:
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials.")
	case !slices.Contains(c.GrantTypes, grantClientCredentials):
		writeOAuthError(w, http.StatusBadRequest, "unauthorized_client", "The client may not use the client_credentials grant.")
	default:
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, s.issue(c))
	}
}

// parseTokenForm reads the form from a URL-encoded or multipart body and
// the query, as SailPoint accepts all three.
func parseTokenForm(r *http.Request) error {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<16)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return r.ParseMultipartForm(1 << 16) //nolint:gosec // the body is bounded by the MaxBytesReader above
	}
	return r.ParseForm()
}

// issue makes a token for c, remembers it, and marks c used. The caller
// holds s.mu.
func (s *Server) issue(c *client) tokenResponse {
	now := s.clock.Now()
	ttl := s.ttl
	if ttl <= 0 {
		ttl = time.Duration(c.AccessTokenValiditySeconds) * time.Second
	}
	tok := &token{value: s.tokens.Next("", 64), clientID: c.ID, rights: slices.Clone(c.rights), expires: now.Add(ttl)}
	s.issued[tok.value] = tok
	if c.LastUsed == nil || now.Sub(*c.LastUsed) >= 24*time.Hour {
		used := s.now()
		c.LastUsed = &used
	}
	return tokenResponse{
		AccessToken: tok.value, TokenType: "bearer", ExpiresIn: int64(ttl / time.Second),
		Scope: strings.Join(c.Scope, " "), AccessType: c.AccessType, TenantID: s.tenantID,
		Internal: c.Internal, Pod: "sim01", StrongAuthSupported: c.StrongAuthSupported,
		Org: "credkit-sim", ClientID: c.ID, Enabled: c.Enabled, JTI: s.tokens.Hex(32),
	}
}
