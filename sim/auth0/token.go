package auth0

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// token is one issued access token. Like Auth0's JWTs it is self-contained:
// it stays valid until it expires, even if its client is deleted or its
// secret rotated.
type token struct {
	value    string
	clientID string
	scopes   []string
	expires  time.Time
}

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
	ExpiresIn   int64  `json:"expires_in"`
	TokenType   string `json:"token_type"`
}

// handleToken is POST /oauth/token with the client-credentials grant, in a
// URL-encoded or JSON body, as Auth0 accepts both.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The token endpoint takes POST only.")
		return
	}
	form, err := tokenForm(r)
	if err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	switch grant := form.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
		return
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+grant)
		return
	}
	if form.Get("client_id") == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: client_id")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[form.Get("client_id")]
	if c == nil || form.Get("client_secret") == "" || c.privateKeyJWT() || form.Get("client_secret") != c.secret {
		writeOAuthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	}
	if audience := form.Get("audience"); audience != s.Audience() {
		writeOAuthError(w, http.StatusForbidden, "access_denied", "Service not found: "+audience)
		return
	}
	if len(c.grants) == 0 {
		writeOAuthError(w, http.StatusForbidden, "access_denied", "Client is not authorized to access \""+s.Audience()+"\". You need to create a \"client-grant\" associated to this API.")
		return
	}
	scopes := c.grants
	if asked := strings.Fields(form.Get("scope")); len(asked) > 0 {
		var missing []string
		for _, sc := range asked {
			if !slices.Contains(c.grants, sc) {
				missing = append(missing, sc)
			}
		}
		if len(missing) > 0 {
			writeOAuthError(w, http.StatusForbidden, "access_denied", "Client has not been granted scopes: "+strings.Join(missing, ", "))
			return
		}
		scopes = asked
	}
	tok := &token{value: s.tokens.Next("", 48), clientID: c.id, scopes: slices.Clone(scopes), expires: s.clock.Now().Add(s.ttl)}
	s.issued[tok.value] = tok
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: tok.value, Scope: strings.Join(tok.scopes, " "), ExpiresIn: int64(s.ttl / time.Second), TokenType: "Bearer"})
}

// tokenForm reads the parameters of a token request from a URL-encoded or
// JSON body of at most 64 KiB.
func tokenForm(r *http.Request) (url.Values, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<16))
	if err != nil {
		return nil, errors.New("the request body is too large or unreadable")
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errors.New("the request body is not URL-encoded")
		}
		return v, nil
	case "application/json":
		var fields map[string]string
		if err := json.Unmarshal(body, &fields); err != nil {
			return nil, errors.New("the request body is not a JSON object of strings")
		}
		v := url.Values{}
		for k, f := range fields {
			v.Set(k, f)
		}
		return v, nil
	}
	return nil, errors.New("the request body must be application/x-www-form-urlencoded or application/json")
}
