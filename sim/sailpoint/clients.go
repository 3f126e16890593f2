package sailpoint

import (
	"net/http"
)

// list is listOauthClients: every client, in creation order, that the
// filters expression (if any) selects.
func (s *Server) list(w http.ResponseWriter, r *http.Request, _ *token, _ string) {
	f, err := parseFilter(r.URL.Query().Get("filters"))
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	out := []getView{}
	for _, id := range s.order {
		if c := s.clients[id]; f.match(c.ClientState) {
			out = append(out, newGetView(c.ClientState))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// get is getOauthClient.
func (s *Server) get(w http.ResponseWriter, _ *http.Request, _ *token, id string) {
	c := s.clients[id]
	if c == nil {
		s.notFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, newGetView(c.ClientState))
}

// delete is deleteOauthClient: the client and its secret are gone; tokens
// already issued to it live on until they expire.
func (s *Server) delete(w http.ResponseWriter, _ *http.Request, _ *token, id string) {
	if s.clients[id] == nil {
		s.notFound(w, id)
		return
	}
	s.remove(id)
	w.WriteHeader(http.StatusNoContent)
}

// notFound answers 404 for client id.
func (s *Server) notFound(w http.ResponseWriter, id string) {
	s.writeError(w, http.StatusNotFound, "The OAuth client \""+id+"\" does not exist.")
}
