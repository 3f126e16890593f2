package auth0

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestToken(t *testing.T) {
	h := newHarness(t, nil)
	id, secret := h.sim.AdminCredentials()
	admin := func(k, v string) url.Values {
		f := url.Values{"client_id": {id}, "client_secret": {secret}}
		if k != "" {
			f.Set(k, v)
		}
		return f
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		error  string
		scope  string
	}{
		{"every granted scope", admin("", ""), 200, "", strings.Join(Scopes, " ")},
		{"narrowed", admin("scope", "read:clients"), 200, "", "read:clients"},
		{"scope not granted", admin("scope", "read:clients read:users"), 403, "access_denied", ""},
		{"wrong audience", admin("audience", "https://elsewhere.example/api/v2/"), 403, "access_denied", ""},
		{"wrong secret", admin("client_secret", "nope"), 401, "access_denied", ""},
		{"no secret", admin("client_secret", ""), 401, "access_denied", ""},
		{"unknown client", admin("client_id", "nobody"), 401, "access_denied", ""},
		{"no client", admin("client_id", ""), 400, "invalid_request", ""},
		{"no grant type", admin("grant_type", ""), 400, "invalid_request", ""},
		{"other grant", admin("grant_type", "password"), 400, "unsupported_grant_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := h.token(tt.form)
			require.Equal(t, tt.status, reply.Status, reply.Body)
			if tt.error != "" {
				require.Equal(t, tt.error, reply.Body["error"])
				require.NotEmpty(t, reply.Body["error_description"])
				return
			}
			require.Equal(t, tt.scope, reply.Body["scope"])
			require.Equal(t, float64(86400), reply.Body["expires_in"])
		})
	}
}

func TestTokenBodies(t *testing.T) {
	s := New(nil)
	id, secret := s.AdminCredentials()
	tests := []struct {
		name, contentType, body string
		status                  int
	}{
		{"json", "application/json", `{"grant_type":"client_credentials","client_id":"` + id + `","client_secret":"` + secret + `","audience":"` + s.Audience() + `"}`, 200},
		{"form", "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret + "&audience=" + url.QueryEscape(s.Audience()), 200},
		{"bad json", "application/json", `{"grant_type":1}`, 400},
		{"bad form", "application/x-www-form-urlencoded", "a=%zz", 400},
		{"text", "text/plain", "grant_type=client_credentials", 400},
		{"too large", "application/x-www-form-urlencoded", "a=" + strings.Repeat("x", 1<<17), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptestRequest(http.MethodPost, tokenPath, tt.body)
			req.Header.Set("Content-Type", tt.contentType)
			w := serve(s, req)
			require.Equal(t, tt.status, w.Code, w.Body.String())
		})
	}
	w := serve(s, httptestRequest(http.MethodGet, tokenPath, ""))
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
}

// TestTokenOutlivesItsClient: like Auth0's JWTs, a token stays valid until
// it expires, even once its client is gone; then it is refused.
func TestTokenOutlivesItsClient(t *testing.T) {
	h := newHarness(t, &Options{TokenTTL: time.Hour})
	c := h.createClient(createBody("short-lived"))
	require.True(t, h.sim.Grant(*c.ClientId, "read:clients"))
	reply := h.token(url.Values{"client_id": {*c.ClientId}, "client_secret": {*c.ClientSecret}})
	require.Equal(t, http.StatusOK, reply.Status, reply.Body)
	tok := reply.Body["access_token"].(string)
	status, _ := h.do(http.MethodDelete, clientsPath+"/"+*c.ClientId, "")
	require.Equal(t, http.StatusNoContent, status)
	h.admin = tok
	status, _ = h.do(http.MethodGet, clientsPath, "")
	require.Equal(t, http.StatusOK, status)
	h.clock.Advance(time.Hour)
	status, body := h.do(http.MethodGet, clientsPath, "")
	require.Equal(t, http.StatusUnauthorized, status)
	require.Contains(t, body, "Expired token")
	require.False(t, h.sim.Grant("nobody", "read:clients"))
}
