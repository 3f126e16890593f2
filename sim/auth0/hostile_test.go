package auth0

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

// hostilePage is the include_totals shape of a hostile clients page.
type hostilePage struct {
	Start   int64 `json:"start"`
	Limit   int64 `json:"limit"`
	Total   int64 `json:"total"`
	Clients []struct {
		ClientID string `json:"client_id"`
	} `json:"clients"`
}

func TestHostileClientsPages(t *testing.T) {
	s := New(nil)
	cases := []struct {
		mode    sim.Hostility
		query   string
		start   int64
		clients int
		first   string
	}{
		{sim.LoopSelf, "?page=3&per_page=100&include_totals=true", 0, 100, "hostile0000000000000000000000000"},
		{sim.LoopSelf, "?page=0&per_page=20&include_totals=true", 0, 20, "hostile0000000000000000000000000"},
		{sim.LoopAdvance, "?page=3&per_page=100&include_totals=true", 300, 100, "hostile0000000000000000000000300"},
		{sim.LoopAdvance, "?page=2", 100, 50, "hostile0000000000000000000000100"},
		{sim.LoopEmpty, "?page=7&per_page=100&include_totals=true", 700, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.mode.String()+c.query, func(t *testing.T) {
			h := NewHostile(s, c.mode)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, clientsPath+c.query, nil))
			require.Equal(t, http.StatusOK, rec.Code)
			var page hostilePage
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			require.Equal(t, c.start, page.Start)
			require.Len(t, page.Clients, c.clients)
			require.Equal(t, int64(9223372036854775807), page.Total, "every page claims more")
			if c.clients > 0 {
				require.Equal(t, c.first, page.Clients[0].ClientID)
				require.Len(t, page.Clients[0].ClientID, 32, "shaped like Auth0's client IDs")
			}
			require.Equal(t, int64(1), h.Requests())
		})
	}
	t.Run("other requests pass through", func(t *testing.T) {
		rec := httptest.NewRecorder()
		NewHostile(s, sim.LoopSelf).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, clientsPath+"/x", nil))
		require.Equal(t, http.StatusUnauthorized, rec.Code, "the simulator's own answer: no token")
	})
}

func TestHostileEchoAndRateLimits(t *testing.T) {
	s := New(&Options{AdminClientID: "admin", AdminClientSecret: "admin-secret-123"})
	cases := []struct {
		mode   sim.Hostility
		path   string
		status int
		check  func(t *testing.T, rec *httptest.ResponseRecorder)
	}{
		{sim.EchoJSON, clientsPath, http.StatusBadRequest, func(t *testing.T, rec *httptest.ResponseRecorder) {
			var e apiError
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e))
			require.Equal(t, http.StatusBadRequest, e.StatusCode)
			require.Equal(t, "Bad Request", e.Error)
			require.Contains(t, e.Message, "Authorization: Bearer access-token-1234")
		}},
		{sim.EchoHTML, clientsPath, http.StatusForbidden, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Contains(t, rec.Body.String(), "Bearer access-token-1234")
		}},
		{sim.ResetFar, clientsPath, http.StatusTooManyRequests, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Equal(t, "9223372036854775807", rec.Header().Get("X-RateLimit-Reset"), "Auth0's spelling")
			require.Empty(t, rec.Header().Get("X-Rate-Limit-Reset"))
			require.Contains(t, rec.Body.String(), `"errorCode":"too_many_requests"`)
		}},
		{sim.RetryAfterNegative, clientsPath, http.StatusTooManyRequests, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Equal(t, "-1", rec.Header().Get("X-RateLimit-Reset"))
		}},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			req.Header.Set("Authorization", "Bearer access-token-1234")
			rec := httptest.NewRecorder()
			NewHostile(s, c.mode).ServeHTTP(rec, req)
			require.Equal(t, c.status, rec.Code, rec.Body.String())
			c.check(t, rec)
		})
	}
}

func TestHostileTokenEndpoint(t *testing.T) {
	s := New(&Options{AdminClientID: "admin", AdminClientSecret: "admin-secret-123"})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"admin"}, "client_secret": {"admin-secret-123"}, "audience": {s.Audience()}}.Encode()
	token := func(mode sim.Hostility) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, tokenPath, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		NewHostile(s, mode).ServeHTTP(rec, req)
		return rec
	}
	t.Run("echo-token", func(t *testing.T) {
		rec := token(sim.EchoToken)
		require.Equal(t, http.StatusUnauthorized, rec.Code)
		require.Contains(t, rec.Body.String(), "admin-secret-123")
	})
	for _, mode := range []sim.Hostility{sim.EchoJSON, sim.EchoHTML, sim.EchoSuccess, sim.LoopSelf, sim.ResetFar} {
		t.Run(mode.String()+" serves tokens", func(t *testing.T) {
			require.Equal(t, http.StatusOK, token(mode).Code)
		})
	}
	t.Run("absurd-numbers", func(t *testing.T) {
		rec := token(sim.AbsurdNumbers)
		require.Equal(t, http.StatusOK, rec.Code)
		d := json.NewDecoder(rec.Body)
		d.UseNumber()
		var tok map[string]any
		require.NoError(t, d.Decode(&tok))
		require.Equal(t, hugeNumber, tok["expires_in"])
		require.NotEmpty(t, tok["access_token"])
		require.Equal(t, "-9223372036854775808", rec.Header().Get("X-RateLimit-Remaining"))
		require.Equal(t, "18446744073709551615", rec.Header().Get("X-RateLimit-Reset"))
	})
}

func TestHostileAbsurdNumbers(t *testing.T) {
	cases := []struct {
		path, in, want string
	}{
		{tokenPath, `{"access_token":"a","expires_in":86400}`, `{"access_token":"a","expires_in":9223372036854775807}`},
		{tokenPath, `{"error":"access_denied"}`, `{"error":"access_denied"}`},
		{clientsPath, `{"start":0,"limit":50,"total":2,"clients":[{"client_id":"x"}]}`,
			`{"start":9223372036854775807,"limit":9223372036854775807,"total":9223372036854775807,"clients":[{"client_id":"x"}]}`},
		{clientsPath, `[{"client_id":"x"}]`, `[{"client_id":"x"}]`},
		{clientsPath + "/x", `{"client_id":"x"}`, `{"client_id":"x"}`},
	}
	for _, c := range cases {
		out := absurdNumbers(httptest.NewRequest(http.MethodGet, c.path, nil), []byte(c.in))
		require.JSONEq(t, c.want, string(out), c.path+" "+c.in)
	}
}
