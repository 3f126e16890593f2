package unified

import (
	"encoding/json"
	"time"
)

// Phase is how far a rotation got, with one meaning for every vendor (see
// the package documentation's state machine).
type Phase string

// The phases of a rotation.
const (
	// PhasePending: the rotation is recorded, or its request was sent, but
	// the vendor has not confirmed the new credential. New.ID and
	// NewClientID are empty exactly when the vendor has not named them yet.
	// Resume it (RotateOptions.Resume) to learn the outcome.
	PhasePending Phase = "pending"
	// PhaseBegun: the vendor confirmed the new credential; old and new both
	// work (the old one until OldValidUntil, when set).
	PhaseBegun Phase = "begun"
	// PhaseFinished: the old credential is retired; only the new works.
	PhaseFinished Phase = "finished"
	// PhaseAbandoned: the rotation's new credential is gone (removed by
	// hand, or never made); the old one is the client's credential.
	PhaseAbandoned Phase = "abandoned"
)

// Rotation is a rotation: what it replaces, with what, and how far it got.
// It carries no secret in JSON, so it can be stored and handed to
// FinishRotation later, by another process. Every field means the same for
// every vendor.
type Rotation struct {
	Vendor   Vendor `json:"vendor"`
	ClientID string `json:"clientId"`
	// Phase is how far the rotation got.
	Phase Phase `json:"phase"`
	// NewClientID is the client that holds the new credential: ClientID,
	// unless the rotation replaced the client (SailPoint with
	// RotateOptions.AllowNewClientID). Empty only in PhasePending, when the
	// vendor has not named it yet.
	NewClientID string `json:"newClientId"`
	// New is the new credential; New.Secret is set when the vendor returned
	// the value, or the caller chose it (it is not kept in JSON).
	New Credential `json:"new"`
	// Old is what FinishRotation retires.
	Old CredentialRef `json:"old"`
	// OldValidUntil is when the vendor ends the old secret by itself
	// (CSP's overlap); zero means it works until FinishRotation. It never
	// says how far the rotation got: Phase does.
	OldValidUntil time.Time `json:"oldValidUntil,omitzero"`

	// begunHere: this value was begun by RotateSecret in this process (not
	// resumed) and no FinishRotation has been tried on it, so that a
	// finish that finds the old credential gone knows another rotator
	// retired it. Not kept in JSON: a stored rotation cannot tell.
	begunHere bool
}

// swapBegunHere sets r's begunHere to v and returns what it was; package
// unified/driver calls it through package access.
func swapBegunHere(r any, v bool) bool {
	rot := r.(*Rotation)
	was := rot.begunHere
	rot.begunHere = v
	return was
}

// UnmarshalJSON reads a Rotation, including the form written before Phase
// existed, whose phase it infers from the old conventions (an empty new
// client or credential ID, or CSP's zero OldValidUntil: pending).
func (r *Rotation) UnmarshalJSON(data []byte) error {
	type plain Rotation
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*r = Rotation(p)
	if r.Phase == "" {
		r.Phase = legacyPhase(r)
	}
	return nil
}

func legacyPhase(r *Rotation) Phase {
	switch {
	case r.NewClientID == "" || r.New.ID == "":
		return PhasePending
	case r.OldValidUntil.IsZero():
		if v := Lookup(string(r.Vendor)); v != nil && v.Rotation.BegunHasValidUntil {
			return PhasePending
		}
	}
	return PhaseBegun
}

// Known reports whether p is one of the phases above.
func (p Phase) Known() bool {
	switch p {
	case PhasePending, PhaseBegun, PhaseFinished, PhaseAbandoned:
		return true
	}
	return false
}

// RotationView is what a vendor shows of a client's rotation, as
// driver.RotationInspector reads it; CheckRotation compares a saved
// Rotation with it.
type RotationView struct {
	// Working are the credentials the client holds now, as the vendor
	// lists them: Okta every secret of the app (a deactivated one is not
	// yet retired); SailPoint the rotation's old and new clients that
	// exist (Credential.ClientID their ID); CSP the "current" secret when
	// the saved rotation's secret was checked and authenticates.
	Working []Credential
	// Complete: Working lists every credential of the client (Okta), so
	// one missing from it is gone, and any other is another rotation's.
	// SailPoint (names are not unique) and CSP (no list): false.
	Complete bool
	// Gone are credentials the vendor showed not to work: SailPoint's old
	// or new client that does not exist; CSP's "current" when the saved
	// rotation's secret no longer authenticates.
	Gone []CredentialRef
}

// Has reports whether the view shows ref working.
func (v RotationView) Has(ref CredentialRef) bool {
	for _, c := range v.Working {
		if c.ClientID == ref.ClientID && c.ID == ref.ID {
			return true
		}
	}
	return false
}

// IsGone reports whether the view shows ref not working.
func (v RotationView) IsGone(ref CredentialRef) bool {
	for _, g := range v.Gone {
		if g == ref {
			return true
		}
	}
	return v.Complete && !v.Has(ref)
}
