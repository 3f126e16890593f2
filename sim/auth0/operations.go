package auth0

import (
	"net/http"
	"strings"
)

// operation is one Management API operation: the scopes that allow it (any
// one of them) and its handler, which runs with s.mu held.
type operation struct {
	name   string
	scopes []string
	handle func(s *Server, w http.ResponseWriter, r *http.Request, tok *token, ids pathIDs)
}

// pathIDs are the identifiers a path names.
type pathIDs struct{ client, credential string }

// operations are keyed by method and path shape ("clients", "client",
// "rotate", "credentials", "credential").
var operations = map[string]operation{
	"GET clients":       {"getClients", []string{"read:clients", "read:client_keys", "read:client_summary"}, (*Server).listClients},
	"POST clients":      {"createClient", []string{"create:clients"}, (*Server).createClient},
	"GET client":        {"getClient", []string{"read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"}, (*Server).getClient},
	"PATCH client":      {"updateClient", []string{"update:clients", "update:client_keys", "update:client_credentials"}, (*Server).updateClient},
	"DELETE client":     {"deleteClient", []string{"delete:clients"}, (*Server).deleteClient},
	"POST rotate":       {"rotateClientSecret", []string{"update:client_keys"}, (*Server).rotateSecret},
	"GET credentials":   {"getClientCredentials", []string{"read:client_credentials"}, (*Server).listCredentials},
	"POST credentials":  {"createClientCredential", []string{"create:client_credentials"}, (*Server).createCredential},
	"GET credential":    {"getClientCredential", []string{"read:client_credentials"}, (*Server).getCredential},
	"PATCH credential":  {"updateClientCredential", []string{"update:client_credentials"}, (*Server).updateCredential},
	"DELETE credential": {"deleteClientCredential", []string{"delete:client_credentials"}, (*Server).deleteCredential},
}

// findOperation maps a method and an (unescaped) path to its operation and
// the identifiers in the path. Identifiers are returned as they are, even
// empty: serve refuses those that cannot be IDs.
func findOperation(method, path string) (operation, pathIDs, bool) {
	shape, ids, ok := pathShape(path)
	if !ok {
		return operation{}, pathIDs{}, false
	}
	op, ok := operations[method+" "+shape]
	return op, ids, ok
}

// pathShape names the kind of path and extracts its identifiers.
func pathShape(path string) (string, pathIDs, bool) {
	if path == clientsPath {
		return "clients", pathIDs{}, true
	}
	rest, ok := strings.CutPrefix(path, clientsPath+"/")
	if !ok {
		return "", pathIDs{}, false
	}
	seg := strings.Split(rest, "/")
	ids := pathIDs{client: seg[0]}
	switch {
	case len(seg) == 1:
		return "client", ids, true
	case len(seg) == 2 && seg[1] == "rotate-secret":
		return "rotate", ids, true
	case len(seg) == 2 && seg[1] == "credentials":
		return "credentials", ids, true
	case len(seg) == 3 && seg[1] == "credentials":
		ids.credential = seg[2]
		return "credential", ids, true
	}
	return "", pathIDs{}, false
}

// validID reports whether id could be an Auth0 identifier: 1 to 64
// letters, digits, '_' or '-'. (Auth0 client IDs are 32 characters,
// credential IDs cred_ and 22; the bounds are the simulator's.)
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
