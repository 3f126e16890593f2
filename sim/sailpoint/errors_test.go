package sailpoint

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
)

func TestWriteError(t *testing.T) {
	s := New(nil)
	tests := []struct {
		status     int
		text, want string
	}{
		{http.StatusBadRequest, "", `{"detailCode":"400.1 Bad Request Content","trackingId":"T","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The request was syntactically correct but its content is semantically invalid."}]}`},
		{http.StatusForbidden, "", `{"detailCode":"403 Forbidden","trackingId":"T","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The server understood the request but refuses to authorize it."}]}`},
		{http.StatusNotFound, "gone", `{"detailCode":"404 Not found","trackingId":"T","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"gone"}]}`},
		{http.StatusInternalServerError, "", `{"detailCode":"500.0 Internal Fault","trackingId":"T","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"An internal fault occurred."}]}`},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			w := httptest.NewRecorder()
			s.writeError(w, tt.status, tt.text)
			require.Equal(t, tt.status, w.Code)
			require.Equal(t, "application/json", w.Header().Get("Content-Type"))
			var body map[string]any
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
			require.Regexp(t, "^[0-9a-f]{32}$", body["trackingId"])
			body["trackingId"] = "T"
			require.JSONEq(t, tt.want, encode(t, body))
		})
	}
}

func TestWriteRateLimited(t *testing.T) {
	for _, tt := range []struct {
		wait time.Duration
		want string
	}{
		{0, "1"}, {time.Millisecond, "1"}, {time.Second, "1"}, {1001 * time.Millisecond, "2"}, {10 * time.Second, "10"},
	} {
		w := httptest.NewRecorder()
		writeRateLimited(w, tt.wait)
		require.Equal(t, http.StatusTooManyRequests, w.Code)
		require.Equal(t, tt.want, w.Header().Get("Retry-After"), tt.wait)
		require.JSONEq(t, `{"message":" Rate Limit Exceeded "}`, w.Body.String())
	}
}

func TestInjectedFaults(t *testing.T) {
	faults := sim.NewFaults(0, 0)
	h := newHarness(t, &Options{Faults: faults})
	faults.Script(
		sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodGet, PathContains: collectionPath},
		sim.Fault{Kind: sim.FaultInternal, Method: http.MethodPost, PathContains: collectionPath},
		sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPost, PathContains: collectionPath},
	)
	l := h.callOp("listOauthClients", h.admin, "").(*api.ListOauthClientsResponse)
	require.Equal(t, http.StatusTooManyRequests, l.StatusCode())
	require.Equal(t, int32(1), *l.Headers429.RetryAfter)
	require.Equal(t, rateLimitMessage, *l.JSON429.Message)

	c := h.callOp("createOauthClient", h.admin, "faulty").(*api.CreateOauthClientResponse)
	require.Equal(t, http.StatusInternalServerError, c.StatusCode())
	require.Equal(t, "500.0 Internal Fault", *c.JSON500.DetailCode)
	require.Len(t, h.sim.ClientIDs(), 1, "a 500 fault happens before the request is handled")

	_, err := h.api.CreateOauthClientWithResponse(context.Background(), newClientRequest("lost answer"), bearer(h.admin))
	require.Error(t, err, "the connection is dropped")
	require.Len(t, h.sim.ClientIDs(), 2, "but the client was created")
	require.Equal(t, map[sim.FaultKind]int{sim.FaultRateLimit: 1, sim.FaultInternal: 1, sim.FaultDropAfter: 1}, faults.Injected())
}
