package okta_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

func TestFaultsEveryOperation(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("faulty", "")
	tg := target{app: app, sub: "x", targetApp: app}
	for _, o := range allOps() {
		t.Run(o.id, func(t *testing.T) {
			h.faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: o.method})
			status, body, err := o.call(h.ctx, h.api, tg)
			require.NoError(t, err)
			requireError(t, status, body, http.StatusInternalServerError, "E0000009", "Internal Server Error")

			h.faults.Script(sim.Fault{Kind: sim.FaultRateLimit, Method: o.method})
			hdr := callHeaders(t, h, o, tg)
			require.Equal(t, http.StatusTooManyRequests, hdr.status)
			require.Equal(t, "0", hdr.Get("X-Rate-Limit-Remaining"))
			require.Equal(t, strconv.FormatInt(sim.Epoch.Add(time.Second).Unix(), 10), hdr.Get("X-Rate-Limit-Reset"))
			require.NotEmpty(t, hdr.Get("X-Okta-Request-Id"))
		})
	}
	n := len(allOps())
	require.Equal(t, map[sim.FaultKind]int{sim.FaultInternal: n, sim.FaultRateLimit: n}, h.sim.Injected())
}

func TestFaultDropAfterTakesEffect(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("dropped", "")
	h.faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPost})
	status, _, err := allOpsByID()["createOAuth2ClientSecret"].call(h.ctx, h.api, target{app: app})
	require.Error(t, err, "status %d", status)
	require.Len(t, h.sim.Secrets(app), 2, "the secret was created although the answer was lost")
}

func TestFaultDropFailsBeforeHandling(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("dropped", "")
	h.faults.Script(sim.Fault{Kind: sim.FaultDrop})
	_, _, err := allOpsByID()["createOAuth2ClientSecret"].call(h.ctx, h.api, target{app: app})
	require.Error(t, err)
	require.Len(t, h.sim.Secrets(app), 1)
	require.Equal(t, 1, h.sim.Injected()[sim.FaultDrop])
}

func TestInjectedWithoutFaults(t *testing.T) {
	require.Empty(t, oktasim.New(nil).Injected())
}

func allOpsByID() map[string]op {
	out := map[string]op{}
	for _, o := range allOps() {
		out[o.id] = o
	}
	return out
}
