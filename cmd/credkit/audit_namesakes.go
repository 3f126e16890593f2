package main

import (
	"fmt"

	"github.com/credkit/credkit/unified"
)

// namesakeAdvice says what to do about clients that share a name at a
// vendor whose rotation makes a new client (ids: oldest first). Finishing
// deletes the old client; where the new client's secret is shown once
// (RotationMakes.NewClient and ShownOnce), that is safe only if the secret
// reached someone, so the advice never deletes the only client whose
// secret works: the journal's record of the old client says whether the
// secret reached a destination (begun, naming the new client) or not
// (pending: roll back, deleting the new client); without a record, both
// ways are given, the roll-back first.
func (a *auditor) namesakeAdvice(ids []string) string {
	vendor := a.p.Vendor()
	oldest, newest := ids[0], ids[len(ids)-1]
	finish := fmt.Sprintf("credkit secrets finish --vendor %s %s --new %s", vendor, oldest, newest)
	if len(ids) > 2 {
		finish = fmt.Sprintf("credkit secrets finish --vendor %s <old client> --new <its replacement>", vendor)
	}
	if !newClientShownOnce(vendor) {
		return "finish it (" + finish + ")"
	}
	switch r := a.saved[oldest]; {
	case r != nil && r.Phase == unified.PhaseBegun && r.NewClientID == newest:
		return "the journal shows the new client's secret kept: once its users have it, finish it (" + finish + ")"
	case r != nil:
		return fmt.Sprintf("the journal shows the rotation of %s unfinished and its new client's secret kept by no destination: "+
			"do not finish it (that deletes the only client whose secret works); roll it back: rotate %s again "+
			"(credkit secrets rotate --vendor %s %s --allow-new-client-id …), which deletes the new client and begins anew", oldest, oldest, vendor, oldest)
	}
	return fmt.Sprintf("if the new client's secret (%s) reached its users, finish it (%s); if nobody has that secret, "+
		"do not finish: that deletes %s, the only client whose secret works; delete %s at the vendor instead (roll back)", newest, finish, oldest, newest)
}

// newClientShownOnce reports whether the vendor's rotation makes a new
// client whose secret is shown only once.
func newClientShownOnce(vendor unified.Vendor) bool {
	for _, m := range specOf(vendor).Rotation.Makes {
		if m.NewClient && m.ShownOnce {
			return true
		}
	}
	return false
}
