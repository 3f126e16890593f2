package okta

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// InspectRotation reads the app's secrets: the active ones work. Okta
// lists every secret, so the view is complete.
func (p *adapter) InspectRotation(ctx context.Context, appID string, _ *unified.Rotation) (unified.RotationView, error) {
	secrets, err := p.listSecrets(ctx, "CheckRotation", appID)
	if err != nil {
		return unified.RotationView{}, err
	}
	view := unified.RotationView{Complete: true}
	for _, s := range secrets {
		if s.Status == unified.StatusActive {
			view.Working = append(view.Working, s)
		}
	}
	return view, nil
}
