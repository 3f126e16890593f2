package okta

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

const (
	tokenType     = "OAuth2RefreshTokenTx"
	tokenLifetime = 90 * 24 * time.Hour
)

// refreshToken is a refresh token issued to an app. Revoked tokens stay
// stored, hidden, so that paging cursors past them keep working.
type refreshToken struct {
	id, userID                string
	scopes                    []string
	seq                       int
	created, updated, expires time.Time
	revoked                   bool
}

// tokenJSON is Okta's OAuth2RefreshToken; the token value is never shown.
type tokenJSON struct {
	ID          string         `json:"id"`
	Status      string         `json:"status"`
	Created     oktaTime       `json:"created"`
	LastUpdated oktaTime       `json:"lastUpdated"`
	ExpiresAt   oktaTime       `json:"expiresAt"`
	Issuer      string         `json:"issuer"`
	ClientID    string         `json:"clientId"`
	UserID      string         `json:"userId"`
	Scopes      []string       `json:"scopes"`
	Embedded    *tokenEmbedded `json:"_embedded,omitempty"`
	Links       tokenLinks     `json:"_links"`
}

type tokenEmbedded struct {
	Scopes []scopeJSON `json:"scopes"`
}

type scopeJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Links       struct {
		Scope titledLink `json:"scope"`
	} `json:"_links"`
}

type tokenLinks struct {
	App                 titledLink  `json:"app"`
	Client              titledLink  `json:"client"`
	User                titledLink  `json:"user"`
	AuthorizationServer titledLink  `json:"authorizationServer"`
	Self                *hrefObject `json:"self"`
	Revoke              *hrefObject `json:"revoke"`
}

// IssueRefreshToken records a refresh token issued to the app appID for the
// user userID with scopes, as if a token request had succeeded, and returns
// its ID (oar...). It returns "" when the app does not exist.
func (s *Server) IssueRefreshToken(appID, userID string, scopes []string) string {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok {
		return ""
	}
	for _, name := range scopes {
		if _, ok := s.scopeIDs[name]; !ok {
			s.scopeIDs[name] = s.ids.Next("scp", 17)
		}
	}
	s.tokenSeq++
	t := &refreshToken{
		id: s.ids.Next("oar", 17), userID: userID, scopes: slices.Clone(scopes),
		seq: s.tokenSeq, created: now, updated: now, expires: now.Add(tokenLifetime),
	}
	a.tokens = append(a.tokens, t)
	return t.id
}

func (s *Server) tokenJSON(c *call, a *app, t *refreshToken, expand bool) tokenJSON {
	issuer := c.base + "/oauth2/" + s.authServerID
	self := c.appURL(a) + "/tokens/" + t.id
	out := tokenJSON{
		ID: t.id, Status: statusActive, Issuer: issuer, ClientID: a.id, UserID: t.userID,
		Scopes:  append([]string{}, t.scopes...),
		Created: oktaTime(t.created), LastUpdated: oktaTime(t.updated), ExpiresAt: oktaTime(t.expires),
		Links: tokenLinks{
			App:                 titledLink{Href: c.appURL(a), Title: a.label},
			Client:              titledLink{Href: c.base + "/oauth2/v1/clients/" + a.id, Title: a.label},
			User:                titledLink{Href: c.base + "/api/v1/users/" + t.userID},
			AuthorizationServer: titledLink{Href: c.base + "/api/v1/authorizationServers/" + s.authServerID, Title: "default"},
			Self:                &hrefObject{Href: self},
			Revoke:              link(self, http.MethodDelete),
		},
	}
	if expand {
		out.Embedded = &tokenEmbedded{Scopes: []scopeJSON{}}
		for _, name := range t.scopes {
			sc := scopeJSON{ID: s.scopeIDs[name], Name: name, DisplayName: name}
			sc.Links.Scope = titledLink{Href: c.base + "/api/v1/authorizationServers/" + s.authServerID + "/scopes/" + sc.ID, Title: name}
			out.Embedded.Scopes = append(out.Embedded.Scopes, sc)
		}
	}
	return out
}

// expandsScope reports whether the expand parameter asks for scope.
func expandsScope(r *http.Request) bool {
	return slices.Contains(strings.Split(r.URL.Query().Get("expand"), ","), "scope")
}

// lookupToken finds the app and live refresh token of the request's path.
func (s *Server) lookupToken(c *call) (*app, *refreshToken, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.path("tokenId")
	for _, t := range a.tokens {
		if t.id == id && !t.revoked {
			return a, t, nil
		}
	}
	return nil, nil, errNotFound(a.id+"."+id, tokenType)
}

func (s *Server) getToken(c *call) (*reply, *apiError) {
	a, t, err := s.lookupToken(c)
	if err != nil {
		return nil, err
	}
	return jsonReply(http.StatusOK, s.tokenJSON(c, a, t, expandsScope(c.r))), nil
}

func (s *Server) revokeToken(c *call) (*reply, *apiError) {
	_, t, err := s.lookupToken(c)
	if err != nil {
		return nil, err
	}
	t.revoked, t.updated = true, c.now
	return noContent(), nil
}

// revokeTokens revokes every refresh token of the app.
func (s *Server) revokeTokens(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	for _, t := range a.tokens {
		if !t.revoked {
			t.revoked, t.updated = true, c.now
		}
	}
	return noContent(), nil
}
