package auth0

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/sim"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func TestWriteError(t *testing.T) {
	w := newRecorder()
	writeError(w, http.StatusNotFound, "inexistent_client", "The client does not exist")
	require.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	require.JSONEq(t, `{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`, w.Body.String())
	w = newRecorder()
	writeOAuthError(w, http.StatusForbidden, "access_denied", "Unauthorized")
	require.JSONEq(t, `{"error":"access_denied","error_description":"Unauthorized"}`, w.Body.String())
}

// TestFaults injects every fault kind into a real loopback server: 500 and
// 429 answer Auth0's bodies; drop loses the request; drop-after loses only
// the answer, the client is created.
func TestFaults(t *testing.T) {
	faults := sim.NewFaults(0, 1)
	h := newHarness(t, &Options{Faults: faults, RateLimit: sim.RateLimit{Limit: 100}})
	ctx := context.Background()
	faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet})
	r, err := h.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusInternalServerError, r.StatusCode())
	require.Equal(t, "internal_error", *r.JSON500.ErrorCode)

	faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: http.MethodGet})
	r, err = h.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, r.StatusCode())
	require.Equal(t, "100", r.HTTPResponse.Header.Get("X-RateLimit-Limit"))
	require.Equal(t, "1767729059", r.HTTPResponse.Header.Get("X-RateLimit-Reset"))

	faults.Script(sim.Fault{Kind: sim.FaultDrop, Method: http.MethodPost, PathContains: clientsPath})
	_, err = h.api.CreateClientWithResponse(ctx, createBody("dropped"), bearer(h.admin))
	require.Error(t, err)
	faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPost, PathContains: clientsPath})
	_, err = h.api.CreateClientWithResponse(ctx, createBody("dropped after"), bearer(h.admin))
	require.Error(t, err)
	list, err := h.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(h.admin))
	require.NoError(t, err)
	arr, err := list.JSON200.AsClientList0()
	require.NoError(t, err)
	var names []string
	for _, c := range arr {
		names = append(names, *c.Name)
	}
	require.Contains(t, names, "credkit test dropped after", "drop-after takes effect")
	require.NotContains(t, names, "credkit test dropped", "drop does not")

	id, secret := h.sim.AdminCredentials()
	faults.Script(sim.Fault{Kind: sim.FaultRateLimit, PathContains: tokenPath})
	reply := h.token(url.Values{"client_id": {id}, "client_secret": {secret}})
	require.Equal(t, http.StatusTooManyRequests, reply.Status)
	require.Equal(t, "too_many_requests", reply.Body["error"])
	faults.Script(sim.Fault{Kind: sim.FaultInternal, PathContains: tokenPath})
	reply = h.token(url.Values{"client_id": {id}, "client_secret": {secret}})
	require.Equal(t, http.StatusInternalServerError, reply.Status)
	require.True(t, strings.HasPrefix(reply.Body["error"].(string), "server_error"))
}
