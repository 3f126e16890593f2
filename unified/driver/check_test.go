package driver_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

func TestCompare(t *testing.T) {
	okta := &unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "app", Phase: unified.PhaseBegun, NewClientID: "app",
		New: unified.Credential{ClientID: "app", ID: "new"}, Old: unified.CredentialRef{ClientID: "app", ID: "old"}}
	cred := func(client, id string) unified.Credential { return unified.Credential{ClientID: client, ID: id} }
	csp := &unified.Rotation{Vendor: unified.Vendor("vmwarecsp"), ClientID: "app", Phase: unified.PhaseBegun, NewClientID: "app",
		New: unified.Credential{ClientID: "app", ID: "current"}, Old: unified.CredentialRef{ClientID: "app", ID: "previous"}}
	for _, c := range []struct {
		name   string
		saved  *unified.Rotation
		view   unified.RotationView
		want   unified.Phase
		reason unified.Reason
	}{
		{"both work", okta, unified.RotationView{Complete: true, Working: []unified.Credential{cred("app", "old"), cred("app", "new")}}, unified.PhaseBegun, ""},
		{"finished by hand", okta, unified.RotationView{Complete: true, Working: []unified.Credential{cred("app", "new")}}, unified.PhaseFinished, ""},
		{"rotated without the file", okta, unified.RotationView{Complete: true, Working: []unified.Credential{cred("app", "other")}}, "", unified.ReasonRotationStale},
		{"rolled back", okta, unified.RotationView{Complete: true, Working: []unified.Credential{cred("app", "old")}}, "", unified.ReasonRotationStale},
		{"a third secret", okta, unified.RotationView{Complete: true, Working: []unified.Credential{cred("app", "new"), cred("app", "x")}}, "", unified.ReasonOtherRotationOpen},
		{"csp secret current", csp, unified.RotationView{Working: []unified.Credential{cred("app", "current")}}, unified.PhaseBegun, ""},
		{"csp secret replaced", csp, unified.RotationView{Gone: []unified.CredentialRef{{ClientID: "app", ID: "current"}}}, "", unified.ReasonRotationStale},
		{"csp previous gone", csp, unified.RotationView{Gone: []unified.CredentialRef{{ClientID: "app", ID: "previous"}}}, unified.PhaseFinished, ""},
		{"csp unknown", csp, unified.RotationView{}, unified.PhaseBegun, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := driver.Compare(c.saved, c.view)
			if c.reason != "" {
				require.ErrorIs(t, err, c.reason)
				require.Equal(t, unified.FailedPrecondition, unified.CodeOf(err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, got)
		})
	}
}
