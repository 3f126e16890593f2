package driver

import (
	"context"
	"sync"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/access"
)

// The guard of library rotators: two processes (or goroutines) that rotate
// one client at once, with no journal between them. A driver whose view of
// the client is complete (RotationInspector, RotationView.Complete, and
// Info.CompleteView: every secret or key is listed) is checked around an
// overlapping rotation, so that no rotation retires a credential another
// rotation's new one depends on, and two rotations never both finish from
// one old credential:
//
//   - after a rotation began (or was resumed), the client must hold its old
//     and new credentials and nothing else. When it holds another one (the
//     other rotator's: it began from a stale read), the rotation withdraws
//     its own new credential in favour of the old one (or, when another
//     rotation retired the old one already, of that rotation's new one) and
//     fails with ReasonRotationOvertaken: nothing of it is in force. A
//     failed check leaves the rotation pending, to resume (which checks
//     again).
//   - at a vendor whose credential writes are unconditional
//     (Info.UnconditionalWrites), where a stale writer can drop or restore
//     a credential: before FinishRotation retires the old credential, the
//     client must hold nothing besides the old and new ones (otherwise it
//     fails with ReasonOtherRotationOpen and retires nothing), and after
//     it the old credential must be gone and the new one active
//     (otherwise it fails with ReasonRotationOvertaken instead of claiming
//     to have finished). A vendor that enforces Info.MaxSecrets itself
//     and never brings a deleted credential back needs neither: once the
//     begin was checked, another credential can only appear after the old
//     one is retired, and the driver's finish retires exactly the old one,
//     by ID, after checking that the new one is there and active (so a
//     finish retried after a later rotation began retires nothing and
//     succeeds). It saves two reads of the client per finish.
//
// A vendor whose view is not complete (Info.CompleteView false: one that
// refuses a second open rotation itself, or one whose rotation replaces
// the client and cannot tell two replacements apart; see BegunHere) and an
// immediate rotation (the old credential died when it began) are not
// checked.

// beginGuarded is the driver's RotateSecret with its checks after it. A
// new rotation that begins is marked as begun in this process (see
// BegunHere).
func (p *portable) beginGuarded(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	defer p.lockSteps(clientID)()
	rot, err := p.d.RotateSecret(ctx, clientID, opts)
	if rot != nil && err == nil {
		err = p.checkServerIDs(rot)
	}
	if rot != nil && err == nil {
		err = p.confirmBegun(ctx, rot)
	}
	if rot != nil && err == nil && opts.Resume == nil {
		access.RotationBegunHere(rot, true)
	}
	return rot, err
}

// begunHereKey is the context key of BegunHere.
type begunHereKey struct{}

// BegunHere reports, in a driver's FinishRotation, whether the rotation was
// begun by RotateSecret in this process (not resumed, nor read from
// storage) and this is the first FinishRotation tried on it: then an old
// credential found already retired was retired by another rotator, not by
// an earlier finish of this rotation whose answer was lost. A driver that
// cannot tell those apart otherwise (one whose rotation replaces the
// client) fails such a finish with
// unified.ReasonRotationOvertaken when BegunHere, and succeeds otherwise.
func BegunHere(ctx context.Context) bool {
	here, _ := ctx.Value(begunHereKey{}).(bool)
	return here
}

// finishGuarded is the driver's FinishRotation with, at a vendor whose
// writes are unconditional, its checks before and after it (none before,
// for a rotation known to be finished: finishing it again retires
// nothing).
func (p *portable) finishGuarded(ctx context.Context, r *unified.Rotation) error {
	defer p.lockSteps(r.ClientID)()
	if access.RotationBegunHere(r, false) {
		ctx = context.WithValue(ctx, begunHereKey{}, true)
	}
	checked := p.info.UnconditionalWrites
	if checked && r.Phase != unified.PhaseFinished {
		if err := p.checkBeforeFinish(ctx, r); err != nil {
			return err
		}
	}
	if err := p.d.FinishRotation(ctx, r); err != nil || !checked {
		return err
	}
	return p.checkFinished(ctx, r)
}

// stepLocks are the locks of lockSteps, by vendor and client ID. An entry
// is a few bytes per client ever rotated, and is kept.
var stepLocks sync.Map // string → *sync.Mutex

// lockSteps serializes, within this process, the rotation steps of one
// client at a vendor whose credential writes are unconditional
// (Info.UnconditionalWrites), so that no step writes a stale copy of a
// set another step changed meanwhile; it returns the unlock. For other
// vendors it does nothing. (Clients of the same ID at two tenants share a
// lock: they only wait for each other.)
func (p *portable) lockSteps(clientID string) func() {
	if !p.info.UnconditionalWrites {
		return func() {}
	}
	m, _ := stepLocks.LoadOrStore(string(p.info.Vendor)+"\x00"+clientID, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// view reads the client as the guard sees it: ok is false when the
// rotation is not guarded (see above), and then nothing was read.
func (p *portable) view(ctx context.Context, rot *unified.Rotation) (sides, bool, error) {
	in, ok := p.d.(RotationInspector)
	newRef := unified.CredentialRef{ClientID: rot.NewClientID, ID: rot.New.ID}
	if !ok || !p.info.CompleteView || p.info.RotationReplacesClient || rot.Old == newRef {
		return sides{}, false, nil
	}
	view, err := in.InspectRotation(ctx, rot.ClientID, rot)
	if err != nil || !view.Complete {
		return sides{}, false, err
	}
	return sidesOf(rot, newRef, view), true, nil
}

// sides is the client's credentials as a rotation sees them: whether it
// holds the rotation's old and new ones (and whether they are active), and
// the others, active first.
type sides struct {
	old, oldActive, newHeld, newActive bool
	others                             []unified.Credential
}

func sidesOf(rot *unified.Rotation, newRef unified.CredentialRef, view unified.RotationView) sides {
	var s sides
	for _, c := range view.Working {
		switch c.Ref() {
		case rot.Old:
			s.old, s.oldActive = true, c.Status == unified.StatusActive
		case newRef:
			s.newHeld, s.newActive = true, c.Status == unified.StatusActive
		default:
			if c.Status == unified.StatusActive {
				s.others = append([]unified.Credential{c}, s.others...)
			} else {
				s.others = append(s.others, c)
			}
		}
	}
	return s
}

// confirmBegun checks a rotation that began, or was resumed.
func (p *portable) confirmBegun(ctx context.Context, rot *unified.Rotation) error {
	s, ok, err := p.view(ctx, rot)
	switch {
	case err != nil || !ok:
		return err
	case !s.newHeld:
		return Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
			"another rotator changed the client's credentials while this rotation began: its new credential is gone already; read the client again")
	case len(s.others) == 0:
		return nil
	}
	return p.withdraw(ctx, rot, s)
}

// checkBeforeFinish checks a rotation about to retire its old credential.
// Besides the rotation's own credentials the client holds none, unless
// another rotation is open: one begun from this one's new credential
// after this one finished (a finish retried), or one that retired this
// one's old credential. Which, the vendor cannot say, so nothing is
// retired.
func (p *portable) checkBeforeFinish(ctx context.Context, rot *unified.Rotation) error {
	s, ok, err := p.view(ctx, rot)
	if err != nil || !ok || !s.newHeld || len(s.others) == 0 {
		return err // the driver explains a missing new credential
	}
	return Refuse(unified.FailedPrecondition, unified.ReasonOtherRotationOpen,
		"the client holds %d credential(s) besides this rotation's old and new ones (%s): another rotation is open; nothing was retired",
		len(s.others), s.others[0].ID)
}

// checkFinished checks that a finished rotation's old credential is gone
// and its new one, unless a later rotation retired it already, active.
func (p *portable) checkFinished(ctx context.Context, rot *unified.Rotation) error {
	s, ok, err := p.view(ctx, rot)
	switch {
	case err != nil || !ok:
		return err
	case s.old:
		return Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
			"the rotation's old credential %s is held again after it was retired: another rotator wrote the client's credentials back; read the client again", rot.Old.ID)
	case s.newHeld && !s.newActive:
		return Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
			"the rotation's new credential %s is not active after the old one was retired: another rotator changed it; read the client again", rot.New.ID)
	}
	return nil
}

// withdraw retires rot's own new credential, which another rotator
// overtook, in favour of the old one while it is active, else of the
// other rotator's active credential; it never retires anything else. It
// answers ReasonRotationOvertaken, or the error of the withdrawal.
func (p *portable) withdraw(ctx context.Context, rot *unified.Rotation, s sides) error {
	keep := rot.Old
	if !s.oldActive {
		if s.others[0].Status != unified.StatusActive {
			return Refuse(unified.FailedPrecondition, unified.ReasonOtherRotationOpen,
				"another rotator changed the client's credentials while this rotation began, and none of theirs is active; nothing was retired")
		}
		keep = s.others[0].Ref()
	}
	back := &unified.Rotation{Vendor: rot.Vendor, ClientID: rot.ClientID, NewClientID: rot.ClientID, Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: rot.NewClientID, ID: rot.New.ID}, New: unified.Credential{ClientID: keep.ClientID, ID: keep.ID}}
	if err := p.d.FinishRotation(ctx, back); err != nil {
		return err
	}
	rot.Phase = unified.PhaseAbandoned
	return Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
		"another rotator changed the client's credentials while this rotation began: its new credential %s was withdrawn, and %s is the client's; read the client again",
		rot.New.ID, keep.ID)
}
