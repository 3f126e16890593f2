package sailpoint

import (
	"crypto/subtle"
	"slices"
	"time"
)

// ClientState is what the simulator knows of one OAuth client, except its
// secret. Nil pointers and slices stand for JSON null.
type ClientState struct {
	ID                          string
	Name                        string
	Description                 *string
	BusinessName                *string
	HomepageURL                 *string
	Tenant                      *string // patchable, never answered (the spec has no such field)
	AccessTokenValiditySeconds  int32
	RefreshTokenValiditySeconds int32
	RedirectURIs                []string
	GrantTypes                  []string
	AccessType                  string // ONLINE or OFFLINE
	Type                        string // CONFIDENTIAL or PUBLIC
	Internal                    bool
	Enabled                     bool
	StrongAuthSupported         bool
	ClaimsSupported             bool
	Scope                       []string
	Created, Modified           time.Time
	LastUsed                    *time.Time
}

// client is one stored client: its state, its secret, and the rights its
// tokens carry (its scope, with sp:scopes:all expanded to its creator's
// rights).
type client struct {
	ClientState
	secret string
	rights []string
}

// clone returns a deep copy of c.
func (c ClientState) clone() ClientState {
	out := c
	out.Description = clonePtr(c.Description)
	out.BusinessName = clonePtr(c.BusinessName)
	out.HomepageURL = clonePtr(c.HomepageURL)
	out.Tenant = clonePtr(c.Tenant)
	out.LastUsed = clonePtr(c.LastUsed)
	out.RedirectURIs = slices.Clone(c.RedirectURIs)
	out.GrantTypes = slices.Clone(c.GrantTypes)
	out.Scope = slices.Clone(c.Scope)
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// newClientState returns the defaults of a new client, created now.
func (s *Server) newClientState() ClientState {
	now := s.now()
	return ClientState{
		AccessTokenValiditySeconds:  750,
		RefreshTokenValiditySeconds: 86400,
		GrantTypes:                  []string{grantClientCredentials},
		AccessType:                  "OFFLINE",
		Type:                        "CONFIDENTIAL",
		Enabled:                     true,
		Scope:                       []string{scopeAll},
		Created:                     now,
		Modified:                    now,
	}
}

// now is the clock's time in UTC, to the millisecond as SailPoint answers.
func (s *Server) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// store gives st an ID (unless it has one) and a new secret, and keeps it.
// The caller holds s.mu.
func (s *Server) store(st ClientState, secret string, rights []string) *client {
	if st.ID == "" {
		st.ID = s.ids.Hex(32)
	}
	if secret == "" {
		secret = s.secrets.Hex(64)
	}
	c := &client{ClientState: st, secret: secret, rights: slices.Clone(rights)}
	s.clients[st.ID] = c
	s.order = append(s.order, st.ID)
	return c
}

// seedAdmin creates the admin client with scope sp:oauth-client:manage.
func (s *Server) seedAdmin(id, secret string) {
	st := s.newClientState()
	st.ID, st.Name = id, "credkit simulator admin"
	st.Scope = []string{scopeManage}
	c := s.store(st, secret, st.Scope)
	s.adminID, s.adminSecret = c.ID, c.secret
}

// CreateClient adds an enabled CONFIDENTIAL client with the
// CLIENT_CREDENTIALS grant and the given scopes (nil or empty:
// sp:scopes:all, every right), as if a tenant administrator had created
// it, and returns its ID and secret.
func (s *Server) CreateClient(name string, scopes []string) (id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.newClientState()
	st.Name = name
	if len(scopes) > 0 {
		st.Scope = slices.Clone(scopes)
	}
	c := s.store(st, "", st.Scope)
	return c.ID, c.secret
}

// SecretWorks reports whether clientID and secret would get a token: the
// client exists, is enabled, and the secret is its own.
func (s *Server) SecretWorks(clientID, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authenticate(clientID, secret) != nil
}

// authenticate returns the enabled client that clientID and secret name,
// or nil. The caller holds s.mu.
func (s *Server) authenticate(clientID, secret string) *client {
	c := s.clients[clientID]
	if c == nil || !c.Enabled || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		return nil
	}
	return c
}

// Client returns a copy of the state of client id.
func (s *Server) Client(id string) (ClientState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[id]
	if c == nil {
		return ClientState{}, false
	}
	return c.clone(), true
}

// ClientIDs returns the IDs of every client, the admin client included, in
// the order they were created.
func (s *Server) ClientIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order)
}

// AdminCredentials returns the ID and secret of the admin client seeded at
// New (whether or not it still exists).
func (s *Server) AdminCredentials() (id, secret string) { return s.adminID, s.adminSecret }

// remove forgets client id. The caller holds s.mu.
func (s *Server) remove(id string) {
	delete(s.clients, id)
	s.order = slices.DeleteFunc(s.order, func(v string) bool { return v == id })
}
