package vmwarecsp

import (
	"context"
	"errors"
	"net/http"

	"github.com/credkit/credkit/unified"
)

// InspectRotation checks what CSP can show: it lists no secrets and does
// not say whether an overlap is open, so the view is never complete. When
// saved holds its new secret, a client-credentials token request says
// whether that secret is the app's current one (Working) or not (Gone).
// A secret that authenticates is then sent again as the new secret of an
// owner rotation: CSP answers a repeat of the current secret with a 200
// that changes nothing, and any other secret, while a rotation is open,
// with a 409: so the saved secret is the previous one of a newer rotation,
// and the saved rotation is gone. Whether "previous" still works is never
// known: finishing again is a harmless DELETE.
func (p *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	var view unified.RotationView
	current := unified.CredentialRef{ClientID: clientID, ID: currentID}
	if !saved.New.Secret.IsZero() {
		works, err := p.secretAuthenticates(ctx, "CheckRotation", clientID, saved.New.Secret)
		if err != nil {
			return view, err
		}
		if works {
			// A working secret is the current one, or the previous one
			// of a newer rotation (within its window): finishing that
			// would end the newer rotation's overlap.
			if works, err = p.isCurrent(ctx, clientID, saved.New.Secret); err != nil {
				return view, err
			}
		}
		if works {
			view.Working = append(view.Working, currentSecret(clientID, unified.Secret{}))
		} else {
			view.Gone = append(view.Gone, current)
		}
	}
	return view, nil
}

// isCurrent reports whether secret, which authenticates the app, is its
// current secret rather than the previous one of a newer rotation (see
// InspectRotation): a repeat of the current secret changes nothing, and
// anything else is refused with a 409 while a rotation is open.
func (p *adapter) isCurrent(ctx context.Context, clientID string, secret unified.Secret) (bool, error) {
	err := p.startRotation(ctx, "CheckRotation", clientID, secret, nil)
	var e *unified.Error
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &e) && e.HTTPStatus == http.StatusConflict:
		return false, nil
	}
	return false, err
}
