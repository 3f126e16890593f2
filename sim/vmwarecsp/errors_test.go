package vmwarecsp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestErrorBody(t *testing.T) {
	errs := []*cspError{
		invalid("bad %s", "thing"),
		unauthorized("who"),
		newError(http.StatusForbidden, "forbidden", "no"),
		notFound("oauth_app_not_found", "gone"),
		conflict("rotation_in_progress", "busy"),
		internal("oops"),
	}
	srv := New(&Options{Seed: 3})
	ids := map[string]bool{}
	for _, want := range errs {
		rec := httptest.NewRecorder()
		srv.writeError(rec, want)
		require.Equal(t, want.status, rec.Code)
		require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		for _, field := range []string{"cspErrorCode", "errorCode", "message", "moduleCode", "requestId", "statusCode"} {
			require.Contains(t, rec.Body.String(), `"`+field+`":`)
		}
		got := errorOf(t, rec.Body.Bytes())
		require.Equal(t, errorBody{
			CspErrorCode: "credkit.sim." + want.code, ErrorCode: want.code, Message: want.message,
			RequestID: got.RequestID, StatusCode: int32(want.status),
		}, got)
		require.Len(t, got.RequestID, 16)
		require.False(t, ids[got.RequestID], "request IDs are distinct")
		ids[got.RequestID] = true
	}
	require.Equal(t, "400 invalid_request: bad thing", errs[0].Error())
}

func TestRequestIDsFollowTheSeed(t *testing.T) {
	first := func(seed uint64) string {
		rec := httptest.NewRecorder()
		New(&Options{Seed: seed}).writeError(rec, invalid("x"))
		return errorOf(t, rec.Body.Bytes()).RequestID
	}
	require.Equal(t, first(1), first(1))
	require.NotEqual(t, first(1), first(2))
}

// TestFaults covers 500 on every operation through a scripted fault, and a
// scripted 429 with its Retry-After.
func TestFaults(t *testing.T) {
	for _, op := range allOps {
		t.Run(op.id, func(t *testing.T) {
			faults := sim.NewFaults(0, 1)
			e := newEnv(t, &Options{Faults: faults})
			id, _ := e.srv.CreateApp("faulty")
			faults.Script(sim.Fault{Kind: sim.FaultInternal}, sim.Fault{Kind: sim.FaultRateLimit})

			resp, err := e.on(op, e.org, id, e.auth())
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, 500, resp.StatusCode)
			require.Equal(t, int32(500), errorOf(t, body).StatusCode)
			require.NotEmpty(t, resp.Header.Get("Date"))

			resp, err = e.on(op, e.org, id, e.auth())
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, 429, resp.StatusCode)
			require.Equal(t, "1", resp.Header.Get("Retry-After"))

			require.NotContains(t, []int{429, 500}, e.status(e.on(op, e.org, id, e.auth())), "scripted faults are used once")
			require.Equal(t, map[sim.FaultKind]int{sim.FaultInternal: 1, sim.FaultRateLimit: 1}, faults.Injected())
		})
	}
}

func TestOversizedBody(t *testing.T) {
	e := newEnv(t, nil)
	big := `{"displayName":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	require.Equal(t, 400, e.status(e.c.CreateOrgOAuthAppWithBody(e.ctx, e.org, "application/json", strings.NewReader(big), e.auth())))
}
