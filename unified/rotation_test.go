package unified_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	_ "github.com/credkit/credkit/unified/vmwarecsp" // its rule for records without a phase
)

// The JSON written before Phase existed is read with the phase its old
// conventions meant; a Phase present is kept; a secret is never written.
func TestRotationJSONPhase(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       unified.Phase
	}{
		{"csp begun", `{"vendor":"vmwarecsp","clientId":"a","newClientId":"a","new":{"id":"current"},"old":{"clientId":"a","id":"previous"},"oldValidUntil":"2026-01-01T00:00:00Z"}`, unified.PhaseBegun},
		{"csp not begun", `{"vendor":"vmwarecsp","clientId":"a","newClientId":"a","new":{"id":"current"},"old":{"clientId":"a","id":"previous"}}`, unified.PhasePending},
		{"sailpoint unknown new client", `{"vendor":"sailpoint","clientId":"a","newClientId":"","old":{"clientId":"a","id":"a"}}`, unified.PhasePending},
		{"sailpoint begun", `{"vendor":"sailpoint","clientId":"a","newClientId":"b","new":{"id":"b"},"old":{"clientId":"a","id":"a"}}`, unified.PhaseBegun},
		{"okta no new ID", `{"vendor":"okta","clientId":"a","newClientId":"a","new":{},"old":{"clientId":"a","id":"s1"}}`, unified.PhasePending},
		{"okta begun", `{"vendor":"okta","clientId":"a","newClientId":"a","new":{"id":"s2"},"old":{"clientId":"a","id":"s1"}}`, unified.PhaseBegun},
		{"explicit phase kept", `{"vendor":"okta","clientId":"a","phase":"finished","newClientId":"a","new":{"id":"s2"}}`, unified.PhaseFinished},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r unified.Rotation
			require.NoError(t, json.Unmarshal([]byte(c.json), &r))
			require.Equal(t, c.want, r.Phase)
			require.True(t, r.Phase.Known())
		})
	}
	r := unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "a", Phase: unified.PhaseBegun, New: unified.Credential{ID: "s2", Secret: unified.NewSecret("hunter2-secret")}}
	out, err := json.Marshal(r)
	require.NoError(t, err)
	require.NotContains(t, string(out), "hunter2-secret")
	require.Contains(t, string(out), `"phase":"begun"`)
	require.False(t, unified.Phase("half").Known())
}

func TestRotationViewGone(t *testing.T) {
	a := unified.CredentialRef{ClientID: "c", ID: "a"}
	b := unified.CredentialRef{ClientID: "c", ID: "b"}
	complete := unified.RotationView{Complete: true, Working: []unified.Credential{{ClientID: "c", ID: "a"}}}
	require.False(t, complete.IsGone(a))
	require.True(t, complete.IsGone(b), "missing from a complete list is gone")
	partial := unified.RotationView{Gone: []unified.CredentialRef{b}}
	require.False(t, partial.IsGone(a), "an incomplete view says nothing of what it does not name")
	require.True(t, partial.IsGone(b))
}
