package rotations

import (
	"time"

	"github.com/credkit/credkit/unified"
)

// unverifiable decides about a begun rotation the vendor can check only
// by its new secret (RotationSpec.CheckNeedsSecret) when no destination
// credkit reads holds that secret. Its window tells what is known: once
// the old credential's validity ended, the vendor ended the rotation by
// itself, and whatever the client holds now belongs to a newer one, which
// finishing this record would cut short: the record is dropped, and
// finishing sends nothing. Within the window, finishing goes on (nothing
// newer can have begun while the vendor holds this one open, unless it was
// finished elsewhere), and rotating again is refused: the rotation may be
// open, and a run that cannot show its secret must not claim it begun.
func (j *Provider) unverifiable(saved *unified.Rotation, finishing bool) (*unified.Rotation, error) {
	if j.windowEnded(saved) {
		return nil, j.State.Drop(saved.Vendor, saved.ClientID)
	}
	if finishing {
		return saved, nil
	}
	until := "until it is finished"
	if !saved.OldValidUntil.IsZero() {
		until = "until " + saved.OldValidUntil.UTC().Format(time.RFC3339)
	}
	return nil, &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonSecretRequired, Vendor: saved.Vendor, Op: "RotateSecret",
		Message: "the journal holds a rotation of " + saved.ClientID + " begun " + saved.New.Created.UTC().Format(time.RFC3339) +
			" whose old secret works " + until + "; its new secret is in no destination credkit reads, so the vendor cannot confirm it and it is not claimed begun again: " +
			"finish it first (credkit secrets finish), or give its secret back with --new-secret-env to check and resume it"}
}

// windowEnded reports whether the old credential of saved stopped working
// by itself (its OldValidUntil passed).
func (j *Provider) windowEnded(saved *unified.Rotation) bool {
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	return !saved.OldValidUntil.IsZero() && !now().Before(saved.OldValidUntil)
}
