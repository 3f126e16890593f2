package driver

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// viewing is a driver whose client holds the credentials in held (ID →
// active), shown as a complete view; its rotation adds "new", its finish
// removes r.Old after checking that r.New is held, and after, when set,
// runs once after the driver's finish, as another rotator would.
type viewing struct {
	held          map[string]bool
	after         func(*viewing)
	complete      bool
	unconditional bool
	finishes      []unified.CredentialRef
}

func (v *viewing) Info() Info {
	return Info{Vendor: "fake", MaxIDLength: 16, MaxSecrets: 2, CompleteView: v.complete, UnconditionalWrites: v.unconditional}
}

func (v *viewing) RotateSecret(_ context.Context, client string, _ *unified.RotateOptions) (*unified.Rotation, error) {
	v.held["new"] = true
	return &unified.Rotation{Vendor: "fake", ClientID: client, NewClientID: client,
		Old: unified.CredentialRef{ClientID: client, ID: "old"}, New: unified.Credential{ClientID: client, ID: "new"}}, nil
}

func (v *viewing) FinishRotation(_ context.Context, r *unified.Rotation) error {
	v.finishes = append(v.finishes, r.Old)
	if !v.held[r.New.ID] {
		return Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone, "gone")
	}
	delete(v.held, r.Old.ID)
	v.step()
	return nil
}

func (v *viewing) step() {
	if f := v.after; f != nil {
		v.after = nil
		f(v)
	}
}

func (v *viewing) Close() error { return nil }

func (v *viewing) InspectRotation(_ context.Context, client string, _ *unified.Rotation) (unified.RotationView, error) {
	view := unified.RotationView{Complete: v.complete}
	for id, active := range v.held {
		status := unified.StatusInactive
		if active {
			status = unified.StatusActive
		}
		view.Working = append(view.Working, unified.Credential{ClientID: client, ID: id, Status: status})
	}
	return view, nil
}

func TestTheGuardOfConcurrentRotators(t *testing.T) {
	for _, tc := range []struct {
		name     string
		held     map[string]bool // before the rotation
		between  func(*viewing)  // another rotator, between begin and finish
		after    func(*viewing)  // another rotator, right after the driver's finish
		complete bool
		reason   unified.Reason // of RotateSecret, else of FinishRotation
		phase    unified.Phase
		left     []string // the credentials held at the end
	}{
		{"alone", map[string]bool{"old": true}, nil, nil, true, "", unified.PhaseFinished, []string{"new"}},
		{"the other finished before this one's secret was added", map[string]bool{"other": true}, nil, nil, true,
			unified.ReasonRotationOvertaken, unified.PhaseAbandoned, []string{"other"}},
		{"the other added its secret too (a vendor with room for three)", map[string]bool{"old": true, "other": true}, nil, nil, true,
			unified.ReasonRotationOvertaken, unified.PhaseAbandoned, []string{"old", "other"}},
		{"the other's secret is not active", map[string]bool{"other": false}, nil, nil, true,
			unified.ReasonOtherRotationOpen, unified.PhasePending, []string{"new", "other"}},
		{"the other began between this one's begin and finish", map[string]bool{"old": true}, func(v *viewing) { v.held["other"] = true }, nil, true,
			unified.ReasonOtherRotationOpen, unified.PhaseBegun, []string{"new", "old", "other"}},
		{"a stale writer restored the old secret", map[string]bool{"old": true}, nil, func(v *viewing) { v.held["old"] = true }, true,
			unified.ReasonRotationOvertaken, unified.PhaseBegun, []string{"new", "old"}},
		{"another rotator deactivated the new secret", map[string]bool{"old": true}, nil, func(v *viewing) { v.held["new"] = false }, true,
			unified.ReasonRotationOvertaken, unified.PhaseBegun, []string{"new"}},
		{"an incomplete view is not checked", map[string]bool{"other": true}, nil, nil, false, "", unified.PhaseFinished, []string{"new", "other"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &viewing{held: tc.held, complete: tc.complete, unconditional: true}
			p := NewProvider(v)
			ctx := context.Background()
			rot, err := p.RotateSecret(ctx, "c1", nil)
			if err == nil {
				if tc.between != nil {
					tc.between(v)
				}
				v.after = tc.after
				err = p.FinishRotation(ctx, rot)
			}
			require.Equal(t, tc.reason, unified.ReasonOf(err), "%v", err)
			require.Equal(t, tc.phase, rot.Phase)
			var left []string
			for id := range v.held {
				left = append(left, id)
			}
			slices.Sort(left)
			require.Equal(t, tc.left, left)
			for _, retired := range v.finishes {
				require.Contains(t, []string{"old", "new"}, retired.ID, "only the rotation's own credentials are ever retired")
			}
		})
	}
}

// A vendor that enforces its limit and never brings a credential back is
// checked at begin only: its finish retires the old credential, by ID,
// whatever else the client holds, as a finish retried after a later
// rotation began must.
func TestFinishIsCheckedOnlyWhereWritesAreUnconditional(t *testing.T) {
	v := &viewing{held: map[string]bool{"old": true}, complete: true}
	p := NewProvider(v)
	ctx := context.Background()
	rot, err := p.RotateSecret(ctx, "c1", nil)
	require.NoError(t, err)
	v.held["later"] = true
	v.after = func(v *viewing) { v.held["new"] = false }
	require.NoError(t, p.FinishRotation(ctx, rot))
	require.Equal(t, map[string]bool{"new": false, "later": true}, v.held)
}

// An immediate rotation (old and new are the client's one secret) is
// not checked: the old one died when it began.
func TestTheGuardSkipsImmediateRotations(t *testing.T) {
	v := &viewing{held: map[string]bool{"secret": true}, complete: true}
	p := &portable{d: v, info: v.Info()}
	rot := &unified.Rotation{ClientID: "c1", NewClientID: "c1",
		Old: unified.CredentialRef{ClientID: "c1", ID: "secret"}, New: unified.Credential{ClientID: "c1", ID: "secret"}}
	_, guarded, err := p.view(context.Background(), rot)
	require.NoError(t, err)
	require.False(t, guarded)
}
