package auth0

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/sim"
)

// httptestRequest builds a request to the simulator's handler.
func httptestRequest(method, target, body string) *http.Request {
	return httptest.NewRequest(method, target, bytes.NewBufferString(body))
}

// serve runs one request through s without a network.
func serve(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// createBody is a minimal create request.
func createBody(name string) api.ClientCreate {
	return api.ClientCreate{Name: "credkit test " + name, GrantTypes: &[]string{"client_credentials"}}
}

func TestNewDefaults(t *testing.T) {
	s := New(nil)
	require.Equal(t, "https://"+DefaultDomain+"/api/v2/", s.Audience())
	id, secret := s.AdminCredentials()
	require.Len(t, id, 32)
	require.Len(t, secret, 64)
	require.Equal(t, sim.Epoch, s.Clock().Now())
	other := New(&Options{Seed: 7, Domain: "tenant.example", AdminClientID: "admin-id", AdminClientSecret: "admin-secret"})
	id, secret = other.AdminCredentials()
	require.Equal(t, []string{"admin-id", "admin-secret"}, []string{id, secret})
	require.Equal(t, "https://tenant.example/api/v2/", other.Audience())
}

// TestDeterministic: two simulators with one seed answer the same traffic
// with the same bytes.
func TestDeterministic(t *testing.T) {
	run := func() []string {
		s := New(&Options{Seed: 42})
		id, secret := s.AdminCredentials()
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {s.Audience()}}
		req := httptestRequest(http.MethodPost, tokenPath, form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		tokBody := serve(s, req).Body.String()
		var out []string
		out = append(out, tokBody)
		tok := tokBody[len(`{"access_token":"`) : len(`{"access_token":"`)+48]
		for _, body := range []string{`{"name":"one"}`, `{"name":"two","client_aliases":["a"]}`} {
			r := httptestRequest(http.MethodPost, clientsPath, body)
			r.Header.Set("Authorization", "Bearer "+tok)
			out = append(out, serve(s, r).Body.String())
		}
		return out
	}
	require.Equal(t, run(), run())
}

func TestUnknownPaths(t *testing.T) {
	s := New(nil)
	for _, target := range []string{"/api/v2/users", "/api/v2/clients/a/b/c/d", "/api/v2/clients/a/rotate", "/"} {
		w := serve(s, httptestRequest(http.MethodGet, target, ""))
		require.Equal(t, http.StatusNotFound, w.Code, target)
		require.JSONEq(t, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`, w.Body.String())
	}
	w := serve(s, httptestRequest(http.MethodPut, clientsPath, ""))
	require.Equal(t, http.StatusNotFound, w.Code, "a method no operation has")
	require.NotEmpty(t, w.Header().Get("Date"))
}
