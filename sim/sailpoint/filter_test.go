package sailpoint

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
)

func TestParseFilter(t *testing.T) {
	at := time.Date(2023, 2, 5, 10, 59, 27, 214e6, time.UTC)
	tests := []struct {
		expr    string
		want    filter
		wantErr bool
	}{
		{"", filter{any: true}, false},
		{"  ", filter{any: true}, false},
		{"lastUsed isnull", filter{isNull: true}, false},
		{"lastUsed ISNULL", filter{isNull: true}, false},
		{"lastUsed le 2023-02-05T10:59:27.214Z", filter{le: at}, false},
		{`lastUsed le "2023-02-05T10:59:27.214Z"`, filter{le: at}, false},
		{"lastUsed LE 2023-02-05", filter{le: time.Date(2023, 2, 5, 0, 0, 0, 0, time.UTC)}, false},
		{"lastUsed le yesterday", filter{}, true},
		{"lastUsed ge 2023-02-05", filter{}, true},
		{"lastUsed le", filter{}, true},
		{"lastUsed isnull extra", filter{}, true},
		{`name eq "x"`, filter{}, true},
		{"LastUsed isnull", filter{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got, err := parseFilter(tt.expr)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.True(t, tt.want.le.Equal(got.le))
			got.le = tt.want.le
			require.Equal(t, tt.want, got)
		})
	}
}

func TestListFilters(t *testing.T) {
	h := newHarness(t, nil)
	adminID, _ := h.sim.AdminCredentials()
	early, earlySecret := h.sim.CreateClient("early", nil)
	h.mustToken(early, earlySecret)
	h.clock.Advance(48 * time.Hour)
	late, lateSecret := h.sim.CreateClient("late", nil)
	h.mustToken(late, lateSecret)
	never, _ := h.sim.CreateClient("never", nil)
	admin := h.mustToken(h.sim.AdminCredentials())

	tests := []struct {
		filters string
		want    []string
		status  int
	}{
		{"", []string{adminID, early, late, never}, http.StatusOK},
		{"lastUsed isnull", []string{never}, http.StatusOK},
		{"lastUsed le 2026-01-07T00:00:00Z", []string{early}, http.StatusOK}, // the admin was used again just now
		{"lastUsed le " + h.clock.Now().UTC().Format(time.RFC3339Nano), []string{adminID, early, late}, http.StatusOK},
		{"lastUsed le 2026-01-01", nil, http.StatusOK},
		{"lastUsed gt 2026-01-01", nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.filters, func(t *testing.T) {
			r := h.callOp("listOauthClients", admin, tt.filters).(*api.ListOauthClientsResponse)
			require.Equal(t, tt.status, r.StatusCode())
			if tt.status != http.StatusOK {
				require.Contains(t, errorText(t, r.JSON400), "Invalid filter")
				return
			}
			var got []string
			for _, c := range *r.JSON200 {
				got = append(got, c.Id)
			}
			require.Equal(t, tt.want, got)
		})
	}
}
