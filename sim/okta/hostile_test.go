package okta

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestHostileModes(t *testing.T) {
	cases := []struct {
		mode   sim.Hostility
		path   string
		status int
		check  func(t *testing.T, rec *httptest.ResponseRecorder)
	}{
		{sim.EchoJSON, "/api/v1/apps/x/credentials/secrets", 400, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Contains(t, rec.Body.String(), `"errorSummary":"Authorization: SSWS tok-12345678`)
		}},
		{sim.EchoHTML, "/api/v1/apps/x/credentials/secrets", 403, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Contains(t, rec.Body.String(), "SSWS tok-12345678")
		}},
		{sim.LoopSelf, "/api/v1/apps/x/tokens?limit=3", 200, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Contains(t, rec.Header().Get("Link"), `</api/v1/apps/x/tokens?limit=3>; rel="next"`[1:])
			require.Equal(t, 3, strings.Count(rec.Body.String(), `"id"`))
		}},
		{sim.LoopAdvance, "/api/v1/apps/x/tokens?after=40&limit=20", 200, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Contains(t, rec.Header().Get("Link"), "after=60")
		}},
		{sim.LoopEmpty, "/api/v1/apps/x/tokens", 200, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Equal(t, "[]", rec.Body.String())
			require.Contains(t, rec.Header().Get("Link"), `rel="next"`)
		}},
		{sim.ResetFar, "/api/v1/apps", 429, func(t *testing.T, rec *httptest.ResponseRecorder) {
			require.Equal(t, "9223372036854775807", rec.Header().Get("X-Rate-Limit-Reset"))
			require.Contains(t, rec.Body.String(), "E0000047")
		}},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			h := NewHostile(New(&Options{APIToken: "tok-12345678"}), c.mode)
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			req.Header.Set("Authorization", "SSWS tok-12345678")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, c.status, rec.Code, rec.Body.String())
			c.check(t, rec)
			require.Equal(t, int64(1), h.Requests())
		})
	}
}
