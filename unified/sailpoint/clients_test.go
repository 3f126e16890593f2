package sailpoint

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
)

func TestListClients(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	adminID, _ := h.Server.AdminCredentials()
	h.Clock.Advance(time.Hour)
	a, _ := h.Server.CreateClient("billing", nil)
	b, _ := h.Server.CreateClient("reports", []string{"sp:oauth-client:read"})

	var got []unified.Client
	for c, err := range h.p.ListClients(ctx) {
		require.NoError(t, err)
		got = append(got, c)
	}
	require.Equal(t, 1, h.seen.count("GET /v3/oauth-clients"), "one request: SailPoint does not page")
	require.Len(t, got, 3)
	require.Equal(t, []string{adminID, a, b}, []string{got[0].ID, got[1].ID, got[2].ID})
	require.Equal(t, []string{"credkit simulator admin", "billing", "reports"}, []string{got[0].Name, got[1].Name, got[2].Name})
	for _, c := range got {
		require.Equal(t, unified.SailPoint, c.Vendor)
		require.Equal(t, time.UTC, c.Created.Location())
	}
	require.Equal(t, sim.Epoch, got[0].Created)
	require.Equal(t, sim.Epoch.Add(time.Hour), got[1].Created)
	require.Equal(t, sim.Epoch.Add(time.Hour), got[0].LastUsed, "the admin client was used for this token")
	require.True(t, got[1].LastUsed.IsZero(), "billing was never used")
	require.Zero(t, got[0].SecretAge, "SailPoint does not say; Created is the secret's age")
}

func TestListClientsStopsWhenTheCallerDoes(t *testing.T) {
	h := newHarness(t, nil)
	h.Server.CreateClient("a", nil)
	n := 0
	for range h.p.ListClients(context.Background()) { //nolint:errcheck // stops at the first item: only the count matters
		n++
		break
	}
	require.Equal(t, 1, n)
}

func TestListClientsErrors(t *testing.T) {
	cases := []struct {
		name  string
		fault sim.FaultKind
		retry int
		code  unified.Code
		calls int
	}{
		{"500, retried", sim.FaultInternal, 0, unified.Code(0), 2},
		{"500, no retries", sim.FaultInternal, -1, unified.Internal, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, &harnessOptions{maxRetries: c.retry})
			h.Faults.Script(sim.Fault{Kind: c.fault, Method: http.MethodGet, PathContains: "/v3/oauth-clients"})
			n, errs := 0, 0
			for _, err := range h.p.ListClients(context.Background()) {
				if err != nil {
					requireError(t, err, c.code, "ListClients")
					errs++
					continue
				}
				n++
			}
			require.Equal(t, c.calls, h.seen.count("GET /v3/oauth-clients"))
			if c.code == 0 {
				require.Equal(t, 1, n, "the admin client")
				require.Zero(t, errs)
			} else {
				require.Zero(t, n)
				require.Equal(t, 1, errs, "one error, then the sequence ends")
			}
		})
	}
}

func TestGetClientRefusesAnAnswerThatIsNotJSON(t *testing.T) {
	srv := newScriptedServer(t, nil, answer(http.StatusOK, "text/plain", "ok"))
	p, err := newProvider(Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: "secret"}, &Options{HTTPTransport: srv.Client().Transport, MaxRetries: -1})
	require.NoError(t, err)
	_, err = adapterOf(t, p).getClient(context.Background(), "FinishRotation", "2c9180835d2e5168015d32f890ca1581")
	e := requireError(t, err, unified.Internal, "FinishRotation")
	require.Contains(t, e.Error(), `not JSON (Content-Type "text/plain")`)
	require.ErrorIs(t, err, call.ErrNotJSON)
	for _, err := range p.ListClients(context.Background()) {
		requireError(t, err, unified.Internal, "ListClients")
	}
}
