package vmwarecsp

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// InspectRotation checks what CSP can show: it lists no secrets and does
// not say whether an overlap is open, so the view is never complete. When
// saved holds its new secret, a client-credentials token request says
// whether that secret is the app's current one (Working) or not (Gone).
// Whether "previous" still works is never known: finishing again is a
// harmless DELETE.
func (p *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	var view unified.RotationView
	current := unified.CredentialRef{ClientID: clientID, ID: currentID}
	if !saved.New.Secret.IsZero() {
		works, err := p.secretAuthenticates(ctx, "CheckRotation", clientID, saved.New.Secret)
		if err != nil {
			return view, err
		}
		if works {
			view.Working = append(view.Working, currentSecret(clientID, unified.Secret{}))
		} else {
			view.Gone = append(view.Gone, current)
		}
	}
	return view, nil
}
