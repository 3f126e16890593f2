package okta

import "time"

// The client authentication methods that change the credential rules.
const (
	AuthClientSecretBasic = "client_secret_basic"
	AuthClientSecretPost  = "client_secret_post"
	AuthClientSecretJWT   = "client_secret_jwt"
	AuthPrivateKeyJWT     = "private_key_jwt"
	AuthNone              = "none"
)

// Credential statuses.
const (
	statusActive   = "ACTIVE"
	statusInactive = "INACTIVE"
)

// parseStatus reads an optional ACTIVE/INACTIVE status; nil means ACTIVE.
func parseStatus(v *string) (string, bool) {
	if v == nil {
		return statusActive, true
	}
	return *v, *v == statusActive || *v == statusInactive
}

// app is one OAuth 2.0 client app and its credentials, each list in the
// order the credentials were made.
type app struct {
	id         string
	label      string
	authMethod string
	created    time.Time
	secrets    []*secret
	jwks       []*jwk
	keys       []*keyCredential
	csrs       []*csr
	tokens     []*refreshToken
}

// CreateApp adds an OAuth 2.0 client app and returns its ID (0oa...).
// authMethod is the app's token_endpoint_auth_method (empty means
// client_secret_basic): apps that authenticate with a client secret
// (client_secret_basic, client_secret_post, client_secret_jwt) start with
// one generated ACTIVE secret, as Okta creates them; a supplied secret must
// be at least 32 characters for client_secret_jwt and is refused for
// private_key_jwt, whose last active signing JSON Web Key cannot be
// deactivated.
func (s *Server) CreateApp(label, authMethod string) string {
	if authMethod == "" {
		authMethod = AuthClientSecretBasic
	}
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &app{id: s.ids.Next("0oa", 17), label: label, authMethod: authMethod, created: now}
	switch authMethod {
	case AuthClientSecretBasic, AuthClientSecretPost, AuthClientSecretJWT:
		a.secrets = append(a.secrets, s.newSecret("", statusActive, now))
	}
	s.apps[a.id] = a
	return a.id
}

// lookupApp finds the app of the request's appId.
func (s *Server) lookupApp(c *call) (*app, *apiError) {
	id := c.path("appId")
	a, ok := s.apps[id]
	if !ok {
		return nil, errNotFound(id, "AppInstance")
	}
	return a, nil
}
