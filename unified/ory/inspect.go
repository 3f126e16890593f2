package ory

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// InspectRotation reads the client: for a private_key_jwt client every
// key of its set works (Hydra accepts them all), so the view lists them;
// a secret rotation is immediate, and the view is the client's one
// secret, which works. Hydra shows the whole set, so the view is
// complete.
func (a *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	c, err := a.getClient(ctx, "CheckRotation", clientID)
	if err != nil {
		return unified.RotationView{}, err
	}
	view := unified.RotationView{Complete: true}
	if deref(c.TokenEndpointAuthMethod) != methodKeyJWT || saved.Old.ID == secretID {
		view.Working = []unified.Credential{{Vendor: Vendor, ClientID: clientID, ID: secretID,
			Kind: unified.KindClientSecret, Status: unified.StatusActive}}
		return view, nil
	}
	for _, k := range clientKeys(c) {
		view.Working = append(view.Working, jsonWebKey(clientID, k).Credential)
	}
	return view, nil
}
