package auth0

import (
	"crypto/rsa"
	"slices"
	"time"

	api "github.com/credkit/credkit/gen/auth0"
)

// client is one simulated application.
type client struct {
	id, secret, name, description string
	appType                       *api.AppType
	authMethod                    *api.TokenEndpointAuthMethod
	orgUsage                      *api.OrganizationUsage
	jwt                           *api.JwtConfiguration
	grantTypes, callbacks         []string
	aliases                       []string
	metadata                      map[string]string
	firstParty, oidc              bool
	// creds are the IDs of the client's credentials in creation order;
	// enabled those listed under private_key_jwt (nil: the method is off).
	creds, enabled []string
	// grants are the Management API scopes the client may get tokens for.
	grants []string
}

// privateKeyJWT reports whether the client authenticates with keys.
func (c *client) privateKeyJWT() bool { return c.enabled != nil }

// credential is one public-key credential of a client.
type credential struct {
	id, clientID, name, kid string
	typ                     api.CredentialType
	alg                     api.CredentialAlgorithm
	created, updated        time.Time
	expires                 *time.Time
	pub                     *rsa.PublicKey // what the client's assertions would be checked with
}

// seedAdmin creates the machine-to-machine client that fetches the first
// token.
func (s *Server) seedAdmin(id, secret string, scopes []string) {
	if id == "" {
		id = s.ids.Next("", 32)
	}
	if secret == "" {
		secret = s.secrets.Next("", 64)
	}
	gt := []string{"client_credentials"}
	app := api.NonInteractive
	s.adminID = id
	s.clients[id] = &client{id: id, secret: secret, name: "credkit simulator admin", appType: &app, grantTypes: gt, firstParty: true, grants: slices.Clone(scopes)}
	s.order = append(s.order, id)
}

// view renders c as Auth0 answers it; withSecret adds client_secret. The
// enabled credentials are listed by ID, or whole when full holds them (as
// the answer to a create lists them).
func (s *Server) view(c *client, withSecret bool, full map[string]*credential) api.ClientApplication {
	tenant := "credkit-sim"
	out := api.ClientApplication{
		ClientId: &c.id, Tenant: &tenant, Name: &c.name, AppType: c.appType,
		IsFirstParty: &c.firstParty, OidcConformant: &c.oidc, TokenEndpointAuthMethod: c.authMethod,
		OrganizationUsage: c.orgUsage, JwtConfiguration: c.jwt,
	}
	if c.description != "" {
		out.Description = &c.description
	}
	if withSecret && !c.privateKeyJWT() {
		out.ClientSecret = &c.secret
	}
	out.GrantTypes = nonNil(c.grantTypes)
	if c.callbacks != nil {
		out.Callbacks = &c.callbacks
	}
	if c.aliases != nil {
		out.ClientAliases = &c.aliases
	}
	if c.metadata != nil {
		out.ClientMetadata = &c.metadata
	}
	if c.privateKeyJWT() {
		list := make([]api.EnabledCredential, 0, len(c.enabled))
		for _, id := range c.enabled {
			list = append(list, enabledView(id, full[id]))
		}
		out.ClientAuthenticationMethods = &api.ClientAuthenticationMethods{PrivateKeyJwt: &api.EnabledCredentials{Credentials: &list}}
	}
	return out
}

func nonNil(v []string) *[]string {
	if v == nil {
		v = []string{}
	}
	return &v
}

// credentialView renders a credential as Auth0 answers it.
func credentialView(cr *credential) api.ClientCredential {
	created, updated := cr.created, cr.updated
	out := api.ClientCredential{
		Id: cr.id, Name: &cr.name, Kid: &cr.kid, CredentialType: cr.typ, Alg: &cr.alg,
		CreatedAt: &created, UpdatedAt: &updated,
	}
	if cr.expires != nil {
		e := *cr.expires
		out.ExpiresAt = &e
	}
	return out
}

// now is the clock's time, truncated to Auth0's millisecond precision.
func (s *Server) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// enabledView is an enabled credential in a client answer: its ID, and
// the rest of it when cr is given.
func enabledView(id string, cr *credential) api.EnabledCredential {
	out := api.EnabledCredential{Id: id}
	if cr == nil {
		return out
	}
	v := credentialView(cr)
	out.AdditionalProperties = map[string]any{
		"name": *v.Name, "kid": *v.Kid, "credential_type": v.CredentialType, "alg": *v.Alg,
		"created_at": v.CreatedAt, "updated_at": v.UpdatedAt,
	}
	if v.ExpiresAt != nil {
		out.AdditionalProperties["expires_at"] = v.ExpiresAt
	}
	return out
}
