package okta

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// InspectRotation reads the app's secrets. Every secret counts, active or
// not: a deactivated old secret is not retired until it is deleted, so a
// rotation whose finish stopped half-way still reads begun. Okta lists
// every secret, so the view is complete.
func (p *adapter) InspectRotation(ctx context.Context, appID string, _ *unified.Rotation) (unified.RotationView, error) {
	secrets, err := p.listSecrets(ctx, "CheckRotation", appID)
	if err != nil {
		return unified.RotationView{}, err
	}
	view := unified.RotationView{Complete: true}
	view.Working = secrets
	return view, nil
}
