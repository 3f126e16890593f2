package auth0

import (
	"net/http"
	"slices"

	api "github.com/credkit/credkit/gen/auth0"
)

// defaultGrantTypes are the grant types of a client created without any,
// as Auth0 answers them.
var defaultGrantTypes = []string{"authorization_code", "implicit", "refresh_token", "client_credentials"}

// showsSecret reports whether a read answer may carry client_secret.
func showsSecret(tok *token) bool { return slices.Contains(tok.scopes, "read:client_keys") }

func (s *Server) listClients(w http.ResponseWriter, r *http.Request, tok *token, _ pathIDs) {
	lq, problem := parseListQuery(r.URL.Query())
	if problem != "" {
		writeError(w, http.StatusBadRequest, "invalid_query_string", "Query validation error: "+problem+".")
		return
	}
	var kept []*client
	for _, id := range s.order {
		if c := s.clients[id]; lq.keep(c) {
			kept = append(kept, c)
		}
	}
	render := func(cs []*client) []map[string]any {
		out := make([]map[string]any, 0, len(cs))
		for _, c := range cs {
			out = append(out, lq.apply(s.view(c, showsSecret(tok), nil)))
		}
		return out
	}
	switch {
	case lq.checkpoint:
		start := 0
		if lq.from != "" {
			start = slices.IndexFunc(kept, func(c *client) bool { return c.id == lq.from })
			if start < 0 {
				writeError(w, http.StatusBadRequest, "invalid_query_string", "Query validation error: from is not a cursor of this list.")
				return
			}
		}
		end := min(start+lq.take, len(kept))
		page := map[string]any{"clients": render(kept[start:end])}
		if end < len(kept) {
			page["next"] = kept[end].id
		}
		writeJSON(w, http.StatusOK, page)
	case lq.totals:
		start, end := pageBounds(len(kept), lq.page, lq.perPage)
		writeJSON(w, http.StatusOK, map[string]any{"start": start, "limit": lq.perPage, "total": len(kept), "clients": render(kept[start:end])})
	default:
		start, end := pageBounds(len(kept), lq.page, lq.perPage)
		writeJSON(w, http.StatusOK, render(kept[start:end]))
	}
}

func (s *Server) createClient(w http.ResponseWriter, r *http.Request, tok *token, _ pathIDs) {
	var req api.ClientCreate
	if err := decodeBody(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	if err := checkCreate(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	var keys []api.ClientCredentialCreate
	if cam := req.ClientAuthenticationMethods; cam != nil && cam.PrivateKeyJwt != nil {
		if !slices.Contains(tok.scopes, "create:client_credentials") {
			writeError(w, http.StatusForbidden, "insufficient_scope", "Insufficient scope, expected any of: create:client_credentials")
			return
		}
		keys = cam.PrivateKeyJwt.Credentials
	}
	if len(keys) > MaxCredentials {
		writeError(w, http.StatusBadRequest, "too_many_credentials", "A client can hold at most 2 credentials.")
		return
	}
	if alias := s.takenAlias(req.ClientAliases, ""); alias != "" {
		writeError(w, http.StatusConflict, "conflict", "Another client exists with the same alias: "+alias)
		return
	}
	made := make([]*credential, 0, len(keys))
	for i := range keys {
		cr, err := s.newCredential(&keys[i])
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
			return
		}
		made = append(made, cr)
	}
	c := &client{
		id: s.ids.Next("", 32), secret: s.secrets.Next("", 64), name: req.Name, appType: req.AppType,
		authMethod: req.TokenEndpointAuthMethod, orgUsage: req.OrganizationUsage, jwt: req.JwtConfiguration,
		grantTypes: defaultGrantTypes, firstParty: true,
	}
	if req.Description != nil {
		c.description = *req.Description
	}
	setIf(&c.grantTypes, req.GrantTypes)
	setIf(&c.callbacks, req.Callbacks)
	setIf(&c.aliases, req.ClientAliases)
	if req.ClientMetadata != nil {
		c.metadata = *req.ClientMetadata
	}
	if req.IsFirstParty != nil {
		c.firstParty = *req.IsFirstParty
	}
	if req.OidcConformant != nil {
		c.oidc = *req.OidcConformant
	}
	if len(made) > 0 || keys != nil {
		c.enabled = []string{}
	}
	for _, cr := range made {
		cr.id, cr.clientID = s.ids.Next("cred_", 22), c.id
		s.creds[cr.id] = cr
		c.creds = append(c.creds, cr.id)
		c.enabled = append(c.enabled, cr.id)
	}
	s.clients[c.id] = c
	s.order = append(s.order, c.id)
	writeJSON(w, http.StatusCreated, s.view(c, true, s.creds))
}

// checkCreate validates a create request beyond its JSON shape.
func checkCreate(req *api.ClientCreate) error {
	if err := checkName(req.Name); err != nil {
		return err
	}
	if err := checkDescription(req.Description); err != nil {
		return err
	}
	if err := checkEnums(req.AppType, req.TokenEndpointAuthMethod, req.OrganizationUsage, req.JwtConfiguration, req.GrantTypes); err != nil {
		return err
	}
	if cam := req.ClientAuthenticationMethods; cam != nil && cam.PrivateKeyJwt != nil {
		if cam.PrivateKeyJwt.Credentials == nil {
			return invalid("Missing required property: credentials on property client_authentication_methods.private_key_jwt")
		}
		return checkPrivateKeyJWT(req.TokenEndpointAuthMethod, req.JwtConfiguration)
	}
	return nil
}

// takenAlias returns an alias of aliases that a client other than self
// already has.
func (s *Server) takenAlias(aliases *[]string, self string) string {
	if aliases == nil {
		return ""
	}
	for _, id := range s.order {
		if id == self {
			continue
		}
		for _, a := range *aliases {
			if slices.Contains(s.clients[id].aliases, a) {
				return a
			}
		}
	}
	return ""
}

func setIf(dst *[]string, v *[]string) {
	if v != nil {
		*dst = slices.Clone(*v)
	}
}

// lookup finds the path's client, or answers 404.
func (s *Server) lookup(w http.ResponseWriter, id string) *client {
	c := s.clients[id]
	if c == nil {
		writeError(w, http.StatusNotFound, "inexistent_client", "The client does not exist")
	}
	return c
}

func (s *Server) getClient(w http.ResponseWriter, r *http.Request, tok *token, ids pathIDs) {
	p, problem := parseProjection(r.URL.Query())
	if problem != "" {
		writeError(w, http.StatusBadRequest, "invalid_query_string", "Query validation error: "+problem+".")
		return
	}
	if c := s.lookup(w, ids.client); c != nil {
		writeJSON(w, http.StatusOK, p.apply(s.view(c, showsSecret(tok), nil)))
	}
}

func (s *Server) updateClient(w http.ResponseWriter, r *http.Request, tok *token, ids pathIDs) {
	c := s.lookup(w, ids.client)
	if c == nil {
		return
	}
	data, err := readBody(r)
	var req api.ClientUpdate
	if err == nil {
		err = decodeBytes(data, &req)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	_, camGiven := rawMembers(data)["client_authentication_methods"]
	if err := s.checkUpdate(c, &req, camGiven); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	s.applyUpdate(c, &req, camGiven)
	writeJSON(w, http.StatusOK, s.view(c, showsSecret(tok) || slices.Contains(tok.scopes, "update:client_keys"), nil))
}

// checkUpdate validates an update against the client it changes.
func (s *Server) checkUpdate(c *client, req *api.ClientUpdate, camGiven bool) error {
	if req.Name != nil {
		if err := checkName(*req.Name); err != nil {
			return err
		}
	}
	if err := checkDescription(req.Description); err != nil {
		return err
	}
	if err := checkEnums(req.AppType, req.TokenEndpointAuthMethod, nil, req.JwtConfiguration, req.GrantTypes); err != nil {
		return err
	}
	cam := req.ClientAuthenticationMethods
	switch {
	case camGiven && cam != nil && cam.PrivateKeyJwt != nil:
		if cam.PrivateKeyJwt.Credentials == nil {
			return invalid("Missing required property: credentials on property client_authentication_methods.private_key_jwt")
		}
		jwt := req.JwtConfiguration
		if jwt == nil {
			jwt = c.jwt
		}
		if err := checkPrivateKeyJWT(req.TokenEndpointAuthMethod, jwt); err != nil {
			return err
		}
		for _, ref := range cam.PrivateKeyJwt.Credentials {
			if !slices.Contains(c.creds, ref.Id) {
				return invalid("credential %s does not belong to this client on property client_authentication_methods.private_key_jwt.credentials", ref.Id)
			}
		}
	case !camGiven && c.privateKeyJWT() && req.TokenEndpointAuthMethod != nil:
		return invalid("client_authentication_methods and token_endpoint_auth_method are mutually exclusive: set client_authentication_methods to null first")
	}
	return nil
}

// applyUpdate changes what the update names.
func (s *Server) applyUpdate(c *client, req *api.ClientUpdate, camGiven bool) {
	if req.Name != nil {
		c.name = *req.Name
	}
	if req.Description != nil {
		c.description = *req.Description
	}
	if req.ClientSecret != nil {
		c.secret = *req.ClientSecret
	}
	if req.AppType != nil {
		c.appType = req.AppType
	}
	if req.TokenEndpointAuthMethod != nil {
		c.authMethod = req.TokenEndpointAuthMethod
	}
	if req.JwtConfiguration != nil {
		c.jwt = req.JwtConfiguration
	}
	setIf(&c.callbacks, req.Callbacks)
	setIf(&c.grantTypes, req.GrantTypes)
	if req.ClientMetadata != nil {
		c.metadata = *req.ClientMetadata
	}
	if camGiven {
		c.enabled = nil
		if cam := req.ClientAuthenticationMethods; cam != nil && cam.PrivateKeyJwt != nil {
			c.enabled = []string{}
			for _, ref := range cam.PrivateKeyJwt.Credentials {
				c.enabled = append(c.enabled, ref.Id)
			}
			c.authMethod = nil
		}
	}
}

// deleteClient removes a client and its credentials; a client that does
// not exist is deleted already (204).
func (s *Server) deleteClient(w http.ResponseWriter, _ *http.Request, _ *token, ids pathIDs) {
	if c := s.clients[ids.client]; c != nil {
		for _, id := range c.creds {
			delete(s.creds, id)
		}
		delete(s.clients, c.id)
		s.order = slices.DeleteFunc(s.order, func(id string) bool { return id == c.id })
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusNoContent)
}

// rotateSecret replaces the secret at once; the old one is refused from
// now on.
func (s *Server) rotateSecret(w http.ResponseWriter, _ *http.Request, _ *token, ids pathIDs) {
	c := s.lookup(w, ids.client)
	if c == nil {
		return
	}
	if c.privateKeyJWT() {
		writeError(w, http.StatusBadRequest, "operation_not_supported", "This endpoint cannot be used with clients configured with Private Key JWT authentication method")
		return
	}
	c.secret = s.secrets.Next("", 64)
	writeJSON(w, http.StatusOK, s.view(c, true, nil))
}

// Grant lets a client get Management API tokens with scopes, standing in
// for Auth0's client grants (which the simulator does not serve). It
// reports false when there is no such client.
func (s *Server) Grant(clientID string, scopes ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[clientID]
	if c == nil {
		return false
	}
	c.grants = slices.Clone(scopes)
	return true
}
