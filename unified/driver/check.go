package driver

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// CheckRotation compares saved with what the vendor shows (see
// unified.RotationChecker); it changes nothing, at the vendor or in saved.
func (p *portable) CheckRotation(ctx context.Context, saved *unified.Rotation) (*unified.Rotation, error) {
	const op = "CheckRotation"
	if saved == nil {
		return nil, p.wrap(op, Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "rotation is nil"))
	}
	if err := p.checkIDs(op, "client ID", saved.ClientID); err != nil {
		return nil, err
	}
	if err := p.checkRotation(op, saved.ClientID, saved); err != nil {
		return nil, err
	}
	in, ok := p.d.(RotationInspector)
	if !ok {
		return nil, p.unimplemented(op)
	}
	out := *saved
	if saved.Phase == unified.PhasePending || saved.Phase == unified.PhaseAbandoned {
		return &out, nil
	}
	view, err := in.InspectRotation(ctx, saved.ClientID, saved)
	if err != nil {
		return nil, p.wrap(op, err)
	}
	phase, err := Compare(saved, view)
	if err != nil {
		return nil, p.wrap(op, err)
	}
	out.Phase = phase
	return &out, nil
}

// Compare decides the phase of a begun or finished rotation from the
// vendor's view: finished when the new credential works and the old one is
// gone, begun when both work and nothing else does. It returns
// ReasonRotationStale when the new credential is gone, and
// ReasonOtherRotationOpen when another credential works besides them.
func Compare(saved *unified.Rotation, view unified.RotationView) (unified.Phase, error) {
	newRef := unified.CredentialRef{ClientID: saved.NewClientID, ID: saved.New.ID}
	if view.IsGone(newRef) {
		return "", Refuse(unified.FailedPrecondition, unified.ReasonRotationStale,
			"the saved rotation's new credential %s is gone at the vendor: the client was rotated or rolled back without it; drop the saved rotation", newRef.ID)
	}
	if view.Complete {
		for _, c := range view.Working {
			if ref := c.Ref(); ref != newRef && ref != saved.Old {
				return "", Refuse(unified.FailedPrecondition, unified.ReasonOtherRotationOpen,
					"the client holds a working credential (%s of %s) that is neither the saved rotation's old nor its new one", ref.ID, ref.ClientID)
			}
		}
	}
	if view.IsGone(saved.Old) {
		return unified.PhaseFinished, nil
	}
	if saved.Phase == unified.PhaseFinished && !view.Complete {
		return unified.PhaseFinished, nil
	}
	return unified.PhaseBegun, nil
}
