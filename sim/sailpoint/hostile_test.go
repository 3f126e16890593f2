package sailpoint

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestHostileModes(t *testing.T) {
	s := New(&Options{AdminClientID: "admin", AdminClientSecret: "admin-secret-123"})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"admin"}, "client_secret": {"admin-secret-123"}}.Encode()
	token := func(h http.Handler) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, tokenPath, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	t.Run("echo-token", func(t *testing.T) {
		rec := token(NewHostile(s, sim.EchoToken))
		require.Equal(t, http.StatusUnauthorized, rec.Code)
		require.Contains(t, rec.Body.String(), "admin-secret-123")
	})
	t.Run("echo-json serves tokens", func(t *testing.T) {
		require.Equal(t, http.StatusOK, token(NewHostile(s, sim.EchoJSON)).Code)
	})
	t.Run("absurd-numbers", func(t *testing.T) {
		rec := token(NewHostile(s, sim.AbsurdNumbers))
		require.Equal(t, http.StatusOK, rec.Code)
		var tok map[string]json.Number
		d := json.NewDecoder(rec.Body)
		d.UseNumber()
		var raw map[string]any
		require.NoError(t, d.Decode(&raw))
		tok = map[string]json.Number{"expires_in": raw["expires_in"].(json.Number)}
		require.Equal(t, json.Number("9223372036854775807"), tok["expires_in"])
		require.Equal(t, "-9223372036854775808", rec.Header().Get("X-Rate-Limit-Remaining"))
	})
	t.Run("echo-json", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/v3/oauth-clients", nil)
		req.Header.Set("Authorization", "Bearer access-token-1234")
		rec := httptest.NewRecorder()
		NewHostile(s, sim.EchoJSON).ServeHTTP(rec, req)
		require.Equal(t, http.StatusBadRequest, rec.Code)
		require.Contains(t, rec.Body.String(), `"text":"Authorization: Bearer access-token-1234`)
	})
}
