package auth0

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestServeAuthentication(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name, authz, message string
	}{
		{"none", "", "Missing authentication"},
		{"basic", "Basic Zm9vOmJhcg==", "Bad HTTP authentication header format"},
		{"empty bearer", "Bearer ", "Bad HTTP authentication header format"},
		{"unknown", "Bearer not-issued", "Invalid token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, h.url+clientsPath, nil)
			require.NoError(t, err)
			if tt.authz != "" {
				req.Header.Set("Authorization", tt.authz)
			}
			resp, err := h.http.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			var body map[string]any
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			require.Equal(t, map[string]any{"statusCode": float64(401), "error": "Unauthorized", "message": tt.message}, body)
		})
	}
}

// TestServeScopes: each operation takes any one of its scopes and refuses
// a token with none of them.
func TestServeScopes(t *testing.T) {
	h := newHarness(t, nil)
	for _, call := range scenarioCalls {
		op, _, ok := findOperation(call.method, call.path)
		require.True(t, ok)
		for _, scope := range op.scopes {
			h.admin = h.scoped(scope)
			status, body := h.do(call.method, call.path, call.body)
			require.NotEqual(t, http.StatusForbidden, status, "%s with %s: %s", op.name, scope, body)
		}
		h.admin = h.scoped("read:client_summary", "create:clients")
		if op.name == "getClients" || op.name == "getClient" || op.name == "createClient" {
			continue
		}
		status, body := h.do(call.method, call.path, call.body)
		require.Equal(t, http.StatusForbidden, status, op.name)
		require.Equal(t, "insufficient_scope", errorCode(t, []byte(body)))
	}
}

func TestServeRefusesBadIdentifiers(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, clientsPath + "/" + url.PathEscape("a b"), 400, "invalid_uri"},
		{http.MethodDelete, clientsPath + "/" + url.PathEscape("a b"), 400, "invalid_uri"},
		{http.MethodPost, clientsPath + "/" + url.PathEscape("x!") + "/rotate-secret", 400, "invalid_uri"},
		{http.MethodDelete, clientsPath + "/ok/credentials/" + url.PathEscape("bad id"), 400, "invalid_uri"},
		// The credential reads document no 400: such an ID is not found.
		{http.MethodGet, clientsPath + "/ok/credentials/" + url.PathEscape("bad id"), 404, "inexistent_client"},
		{http.MethodGet, clientsPath + "/" + url.PathEscape("a b") + "/credentials", 404, "inexistent_client"},
	}
	for _, tt := range tests {
		status, body := h.do(tt.method, tt.path, "")
		require.Equal(t, tt.status, status, tt.path)
		require.Equal(t, tt.code, errorCode(t, []byte(body)), tt.path)
	}
}

func TestServeRateLimit(t *testing.T) {
	h := newHarness(t, &Options{RateLimit: sim.RateLimit{Limit: 3}})
	other := h.scoped("read:clients")
	for i, want := range []int{200, 200, 200, 429} {
		req, err := http.NewRequest(http.MethodGet, h.url+clientsPath, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+h.admin)
		resp, err := h.http.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode, i)
		require.Equal(t, "3", resp.Header.Get("X-RateLimit-Limit"))
		require.Equal(t, []string{"2", "1", "0", "0"}[i], resp.Header.Get("X-RateLimit-Remaining"))
		require.Equal(t, "1767729059", resp.Header.Get("X-RateLimit-Reset"), "epoch seconds of the window's end")
	}
	h.admin = other
	status, _ := h.do(http.MethodGet, clientsPath, "")
	require.Equal(t, http.StatusOK, status, "each token has its own window")
	h.clock.Advance(time.Second)
	status, _ = h.do(http.MethodGet, clientsPath, "")
	require.Equal(t, http.StatusOK, status)
}

func TestSetRateHeadersRoundsUp(t *testing.T) {
	w := newRecorder()
	setRateHeaders(w, 5, 4, time.Unix(100, 1))
	require.Equal(t, "101", w.Header().Get("X-RateLimit-Reset"))
	setRateHeaders(w, 5, 4, time.Unix(100, 0))
	require.Equal(t, "100", w.Header().Get("X-RateLimit-Reset"))
}
