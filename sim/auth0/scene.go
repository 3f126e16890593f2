package auth0

import (
	"crypto/rsa"
	"slices"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/jwk"
)

// The methods here set a scene and read the simulator's state directly,
// for tests and demos: they send no request and are not Auth0 operations.

// CreateClient adds a machine-to-machine client that authenticates with
// its secret, and returns its ID and secret.
func (s *Server) CreateClient(name string) (id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.addClient(name)
	return c.id, c.secret
}

// CreateKeyClient adds a client that authenticates with private_key_jwt,
// holding one enabled public_key credential for pub, and returns the
// client's and the credential's IDs.
func (s *Server) CreateKeyClient(name string, pub *rsa.PublicKey) (id, credentialID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.addClient(name)
	c.authMethod = nil
	alg := api.JwtConfigurationAlg("RS256")
	c.jwt = &api.JwtConfiguration{Alg: &alg}
	now := s.now()
	cr := &credential{id: s.ids.Next("cred_", 22), clientID: c.id, pub: pub, typ: api.PublicKey,
		alg: api.CredentialAlgorithmRS256, kid: jwk.RSAThumbprint(pub), created: now, updated: now}
	s.creds[cr.id] = cr
	c.creds, c.enabled = []string{cr.id}, []string{cr.id}
	return c.id, cr.id
}

// addClient adds a client; s.mu is held.
func (s *Server) addClient(name string) *client {
	app := api.NonInteractive
	method := api.TokenEndpointAuthMethod("client_secret_post")
	c := &client{id: s.ids.Next("", 32), secret: s.secrets.Next("", 64), name: name, appType: &app, authMethod: &method,
		grantTypes: []string{"client_credentials"}, firstParty: true}
	s.clients[c.id] = c
	s.order = append(s.order, c.id)
	return c
}

// SecretWorks reports whether secret is the client's secret now, and the
// client authenticates with it.
func (s *Server) SecretWorks(clientID, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[clientID]
	return c != nil && !c.privateKeyJWT() && secret != "" && c.secret == secret
}

// KeyWorks reports whether a client assertion signed by pub's private key
// would authenticate the client now: the client enables an unexpired
// credential holding pub.
func (s *Server) KeyWorks(clientID string, pub *rsa.PublicKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[clientID]
	if c == nil || pub == nil {
		return false
	}
	now := s.clock.Now()
	return slices.ContainsFunc(c.enabled, func(id string) bool {
		cr := s.creds[id]
		return cr != nil && cr.pub != nil && cr.pub.Equal(pub) && (cr.expires == nil || now.Before(*cr.expires))
	})
}

// CredentialWorks reports whether secret authenticates the client now: a
// PKCS#8 PEM private key whose public half the client enables (KeyWorks),
// or else the client's secret (SecretWorks).
func (s *Server) CredentialWorks(clientID, secret string) bool {
	if key := parseKey(secret); key != nil {
		return s.KeyWorks(clientID, &key.PublicKey)
	}
	return s.SecretWorks(clientID, secret)
}

// CredentialCount is how many credentials the client holds, enabled or
// not.
func (s *Server) CredentialCount(clientID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clients[clientID]; c != nil {
		return len(c.creds)
	}
	return 0
}

// ClientIDs are the clients the simulator holds, in creation order, the
// admin client first.
func (s *Server) ClientIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order)
}

// ClientName is the client's name, "" when there is no such client.
func (s *Server) ClientName(clientID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clients[clientID]; c != nil {
		return c.name
	}
	return ""
}
