package auth0

import (
	"net/http"
	"slices"
	"time"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/jwk"
)

// newCredential validates a credential request and makes the credential,
// without its IDs. The error is a payload validation error.
func (s *Server) newCredential(req *api.ClientCredentialCreate) (*credential, error) {
	if err := checkSubjectDN(req); err != nil {
		return nil, err
	}
	if req.CredentialType != api.PublicKey {
		if !req.CredentialType.Valid() {
			return nil, invalid("No enum match for: %q on property credential_type", req.CredentialType)
		}
		return nil, invalid("credential_type %s (mTLS) is not simulated; use public_key", req.CredentialType)
	}
	if req.Name != nil && len([]rune(*req.Name)) > 128 {
		return nil, invalid("String is too long, maximum 128 on property name")
	}
	if req.Pem == nil || *req.Pem == "" {
		return nil, invalid("Missing required property: pem")
	}
	pub, cert, err := parsePEM(*req.Pem)
	if err != nil {
		return nil, invalid("%s", err.Error())
	}
	now := s.now()
	cr := &credential{pub: pub, typ: api.PublicKey, alg: api.CredentialAlgorithmRS256, kid: jwk.RSAThumbprint(pub), created: now, updated: now}
	if req.Name != nil {
		cr.name = *req.Name
	}
	if req.Alg != nil {
		if !req.Alg.Valid() {
			return nil, invalid("No enum match for: %q on property alg", *req.Alg)
		}
		cr.alg = *req.Alg
	}
	if req.Kid != nil {
		if !kidPattern.MatchString(*req.Kid) {
			return nil, invalid("String does not match pattern [0-9a-zA-Z-_]{10,64} on property kid")
		}
		cr.kid = *req.Kid
	}
	parse := req.ParseExpiryFromCert != nil && *req.ParseExpiryFromCert
	switch {
	case parse && req.ExpiresAt != nil:
		return nil, invalid("parse_expiry_from_cert and expires_at are mutually exclusive")
	case parse && cert == nil:
		return nil, invalid("parse_expiry_from_cert needs an X.509 certificate in pem")
	case parse:
		at := cert.NotAfter.UTC()
		cr.expires = &at
	case req.ExpiresAt != nil:
		at := req.ExpiresAt.UTC().Truncate(time.Millisecond)
		cr.expires = &at
	}
	return cr, nil
}

// lookupCredential finds the path's client and credential, or answers 404.
func (s *Server) lookupCredential(w http.ResponseWriter, ids pathIDs) *credential {
	if s.lookup(w, ids.client) == nil {
		return nil
	}
	cr := s.creds[ids.credential]
	if cr == nil || cr.clientID != ids.client {
		writeError(w, http.StatusNotFound, "inexistent_credential", "The credential does not exist")
		return nil
	}
	return cr
}

func (s *Server) listCredentials(w http.ResponseWriter, _ *http.Request, _ *token, ids pathIDs) {
	c := s.lookup(w, ids.client)
	if c == nil {
		return
	}
	out := make([]api.ClientCredential, 0, len(c.creds))
	for _, id := range c.creds {
		out = append(out, credentialView(s.creds[id]))
	}
	writeJSON(w, http.StatusOK, out)
}

// createCredential adds a credential, not enabled, within MaxCredentials.
func (s *Server) createCredential(w http.ResponseWriter, r *http.Request, _ *token, ids pathIDs) {
	c := s.lookup(w, ids.client)
	if c == nil {
		return
	}
	var req api.ClientCredentialCreate
	if err := decodeBody(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	cr, err := s.newCredential(&req)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	if len(c.creds) >= MaxCredentials {
		writeError(w, http.StatusBadRequest, "too_many_credentials", "A client can hold at most 2 credentials: delete one first.")
		return
	}
	cr.id, cr.clientID = s.ids.Next("cred_", 22), c.id
	s.creds[cr.id] = cr
	c.creds = append(c.creds, cr.id)
	writeJSON(w, http.StatusCreated, credentialView(cr))
}

func (s *Server) getCredential(w http.ResponseWriter, _ *http.Request, _ *token, ids pathIDs) {
	if cr := s.lookupCredential(w, ids); cr != nil {
		writeJSON(w, http.StatusOK, credentialView(cr))
	}
}

// updateCredential changes the expiry; null removes it.
func (s *Server) updateCredential(w http.ResponseWriter, r *http.Request, _ *token, ids pathIDs) {
	cr := s.lookupCredential(w, ids)
	if cr == nil {
		return
	}
	data, err := readBody(r)
	var req api.ClientCredentialUpdate
	if err == nil {
		err = decodeBytes(data, &req)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_body", err.Error())
		return
	}
	if _, given := rawMembers(data)["expires_at"]; given {
		cr.expires = nil
		if req.ExpiresAt != nil {
			at := req.ExpiresAt.UTC().Truncate(time.Millisecond)
			cr.expires = &at
		}
	}
	cr.updated = s.now()
	writeJSON(w, http.StatusOK, credentialView(cr))
}

// deleteCredential removes a credential the client does not have enabled;
// one that is gone already answers 204, as Auth0 does.
func (s *Server) deleteCredential(w http.ResponseWriter, _ *http.Request, _ *token, ids pathIDs) {
	c := s.clients[ids.client]
	if c != nil && slices.Contains(c.creds, ids.credential) {
		if slices.Contains(c.enabled, ids.credential) {
			writeError(w, http.StatusBadRequest, "credential_enabled", "The credential is enabled for private_key_jwt: remove it from client_authentication_methods first.")
			return
		}
		delete(s.creds, ids.credential)
		c.creds = slices.DeleteFunc(c.creds, func(id string) bool { return id == ids.credential })
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusNoContent)
}

// checkSubjectDN applies the rules of subject_dn: 1 to 256 characters, only
// for cert_subject_dn credentials, and never with pem ("pem and
// subject_dn are mutually exclusive", Auth0's credential reference).
func checkSubjectDN(req *api.ClientCredentialCreate) error {
	if req.SubjectDn == nil {
		return nil
	}
	switch n := len([]rune(*req.SubjectDn)); {
	case n < 1:
		return invalid("String is too short (0 chars), minimum 1 on property subject_dn")
	case n > 256:
		return invalid("String is too long (%d chars), maximum 256 on property subject_dn", n)
	case req.Pem != nil:
		return invalid("pem and subject_dn are mutually exclusive")
	case req.CredentialType != api.CertSubjectDn:
		return invalid("subject_dn applies to cert_subject_dn credentials only, not to %s", req.CredentialType)
	}
	return nil
}
