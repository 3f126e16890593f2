package rotations_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	_ "github.com/credkit/credkit/internal/vendors"
	"github.com/credkit/credkit/unified"
)

func TestNothingToFinishFollowsWhatTheVendorMakes(t *testing.T) {
	immediate := 0
	for _, spec := range unified.Vendors() {
		for _, m := range spec.Rotation.Makes {
			begun := &unified.Rotation{Vendor: spec.Name, ClientID: "c", Phase: unified.PhaseBegun, New: unified.Credential{Kind: m.Kind}}
			require.Equal(t, m.Immediate, rotations.NothingToFinish(begun), "%s %s", spec.Name, m.Kind)
			if m.Immediate {
				immediate++
			}
			for _, phase := range []unified.Phase{unified.PhasePending, unified.PhaseFinished, unified.PhaseAbandoned} {
				other := *begun
				other.Phase = phase
				require.False(t, rotations.NothingToFinish(&other), "%s %s %s: only a begun rotation is over at once", spec.Name, m.Kind, phase)
			}
		}
	}
	require.NotZero(t, immediate, "some registered vendor replaces a credential at once")
	require.False(t, rotations.NothingToFinish(nil))
	require.False(t, rotations.NothingToFinish(&unified.Rotation{Vendor: "no-such-vendor", Phase: unified.PhaseBegun}))
}
