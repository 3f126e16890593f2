package sailpoint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// requiredOnCreate are the required fields of CreateOAuthClientRequest.
var requiredOnCreate = []string{"name", "description", "accessTokenValiditySeconds", "grantTypes", "accessType", "enabled"}

// create is createOauthClient: validate, check the scopes the creator may
// grant, store, and answer the client with its secret.
func (s *Server) create(w http.ResponseWriter, r *http.Request, tok *token, _ string) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		s.writeError(w, http.StatusBadRequest, "The Content-Type must be application/json.")
		return
	}
	var doc map[string]any
	if err := readJSON(r, &doc); err != nil || doc == nil {
		s.writeError(w, http.StatusBadRequest, "The body must be a JSON object.")
		return
	}
	st, scope, err := s.newClientFrom(doc)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	rights, denied := grant(tok.rights, scope)
	if denied != "" {
		s.writeError(w, http.StatusForbidden, "The scope "+denied+" cannot be granted: the token lacks it.")
		return
	}
	st.Scope = scope
	c := s.store(st, "", rights)
	writeJSON(w, http.StatusOK, newCreateView(c.clone(), c.secret))
}

// newClientFrom validates a CreateOAuthClientRequest and returns the client
// it describes and its requested scope.
func (s *Server) newClientFrom(doc map[string]any) (ClientState, []string, error) {
	st := s.newClientState()
	for _, name := range requiredOnCreate {
		if _, ok := doc[name]; !ok {
			return st, nil, fmt.Errorf("Required field %q is missing.", name)
		}
	}
	for _, f := range fields {
		if v, ok := doc[f.name]; ok && f.creatable {
			if err := setField(&st, f, v); err != nil {
				return st, nil, err
			}
		}
	}
	scope, err := stringList(doc["scope"])
	if err != nil {
		return st, nil, fmt.Errorf("Field %q %w.", "scope", err)
	}
	if len(scope) == 0 {
		scope = []string{scopeAll}
	}
	return st, scope, checkClient(&st)
}

// readJSON decodes r's body (at most 1 MiB, one JSON value, numbers kept
// as json.Number) into v.
func readJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}
