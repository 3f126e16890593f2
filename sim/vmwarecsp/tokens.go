package vmwarecsp

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultAPIToken is the API token a simulator accepts when
// Options.APITokens is nil.
const DefaultAPIToken = "csp-sim-api-token-0000"

// adminTokenTTL is the lifetime of an access token from the API-token
// exchange: 1799 seconds, as in CSP's published example.
const adminTokenTTL = 1799 * time.Second

// APIToken describes an API token that the API-token exchange knows.
type APIToken struct {
	// OrgID is the organization the token is scoped to; empty means the
	// simulator's. A token scoped to another organization is answered 404
	// (organization not found), as if that organization had been deleted.
	OrgID string
	// ExpiresAt is when the token expires on the simulator's clock; zero
	// means never. An expired token is answered 400, as CSP documents.
	ExpiresAt time.Time
	// Revoked makes the exchange answer 409: the request conflicts with the
	// token's state. CSP documents a 409 without saying when; this is the
	// simulator's choice.
	Revoked bool
}

// AddAPIToken makes the API-token exchange know token as t, replacing what
// it knew of it.
func (s *Server) AddAPIToken(token string, t APIToken) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiTokens[token] = t
}

// accessToken is an access token the simulator issued: an organization
// admin's (clientID empty) or an app's (from client credentials).
type accessToken struct {
	org       string
	clientID  string
	expiresAt time.Time
}

// tokenResponse is AccessTokenDto with id_token and refresh_token written
// as null when absent, as CSP does.
type tokenResponse struct {
	AccessToken  string  `json:"access_token"`
	ExpiresIn    int64   `json:"expires_in"`
	IDToken      *string `json:"id_token"`
	RefreshToken *string `json:"refresh_token"`
	Scope        string  `json:"scope"`
	TokenType    string  `json:"token_type"`
}

// issue remembers a new access token t valid for ttl and answers it.
func (s *Server) issue(t accessToken, ttl time.Duration, now time.Time, scope string, refresh *string) tokenResponse {
	for v, old := range s.tokens {
		if !now.Before(old.expiresAt) {
			delete(s.tokens, v)
		}
	}
	t.expiresAt = now.Add(ttl)
	value := s.ids.Next("", 48)
	s.tokens[value] = &t
	return tokenResponse{AccessToken: value, ExpiresIn: int64(ttl / time.Second), RefreshToken: refresh, Scope: scope, TokenType: "bearer"}
}

// exchangeAPIToken is exchangeApiToken: api_token (or the deprecated
// refresh_token, in the form or the query) for an org admin access token.
func (s *Server) exchangeAPIToken(r *request) (any, *cspError) {
	form, cerr := r.form()
	if cerr != nil {
		return nil, cerr
	}
	token := form.Get("api_token")
	if token == "" {
		token = form.Get("refresh_token")
	}
	if token == "" {
		return nil, invalid("api_token is required")
	}
	t, known := s.apiTokens[token]
	switch {
	case !known:
		return nil, newError(http.StatusBadRequest, "invalid_grant", "invalid refresh token")
	case t.Revoked:
		return nil, conflict("token_revoked", "the API token has been revoked")
	case !t.ExpiresAt.IsZero() && !r.now.Before(t.ExpiresAt):
		return nil, newError(http.StatusBadRequest, "invalid_grant", "the refresh token has expired")
	case t.OrgID != "" && t.OrgID != s.org:
		return nil, notFound("org_not_found", "organization with this identifier is not found")
	}
	return s.issue(accessToken{org: s.org}, adminTokenTTL, r.now, "openid csp:org_owner", &token), nil
}

// clientCredentials is the OAuth client-credentials grant: an app proves
// its secret (HTTP Basic, or client_id and client_secret in the form) and
// gets an app access token that lives the app's accessTokenTTL.
func (s *Server) clientCredentials(r *request) (any, *cspError) {
	form, cerr := r.form()
	if cerr != nil {
		return nil, cerr
	}
	switch gt := form.Get("grant_type"); gt {
	case "client_credentials":
	case "":
		return nil, invalid("grant_type is required")
	default:
		return nil, newError(http.StatusBadRequest, "unsupported_grant_type", "grant_type %q is not supported", gt)
	}
	a := s.authenticateClient(r.Request, form, r.now)
	switch {
	case a == nil:
		return nil, newError(http.StatusUnauthorized, "invalid_client", "client authentication failed")
	case !a.hasGrant("client_credentials"):
		return nil, newError(http.StatusBadRequest, "unauthorized_client", "the client may not use client_credentials")
	case form.Get("orgId") != "" && form.Get("orgId") != s.org:
		return nil, invalid("the client does not belong to organization %q", form.Get("orgId"))
	}
	ttl := time.Duration(deref(a.info.AccessTokenTTL)) * time.Second
	scope := strings.Join(derefSlice(deref(a.info.AllowedScopes).GeneralScopes), " ")
	return s.issue(accessToken{org: s.org, clientID: a.info.Id}, ttl, r.now, scope, nil), nil
}

// authenticateClient returns the app whose credentials r carries, or nil.
// Basic credentials are tried as sent and, failing that, form-unescaped
// (RFC 6749 section 2.3.1, as golang.org/x/oauth2 sends them).
func (s *Server) authenticateClient(r *http.Request, form url.Values, now time.Time) *app {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if a := s.apps[id]; a != nil && a.secretWorks(secret, now) {
		return a
	}
	uid, err1 := url.QueryUnescape(id)
	usecret, err2 := url.QueryUnescape(secret)
	if ok && err1 == nil && err2 == nil {
		if a := s.apps[uid]; a != nil && a.secretWorks(usecret, now) {
			return a
		}
	}
	return nil
}

// form parses a form body, with query parameters as fallbacks.
func (r *request) form() (url.Values, *cspError) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return nil, invalid("the body must be application/x-www-form-urlencoded")
	}
	form, err := url.ParseQuery(string(r.body))
	if err != nil {
		return nil, invalid("the form body cannot be parsed: %v", err)
	}
	for k, vs := range r.URL.Query() {
		if _, set := form[k]; !set {
			form[k] = vs
		}
	}
	return form, nil
}
