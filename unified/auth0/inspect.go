package auth0

import (
	"context"
	"slices"

	"github.com/credkit/credkit/unified"
)

// InspectRotation reads the client and, for a key client, its
// credentials. Every credential the client holds counts as working,
// enabled (ACTIVE) or not: a disabled old key is not retired until it is
// deleted, so a finish stopped half-way still reads begun, and a third
// credential reads as another rotation. Auth0 lists every credential, so
// the view is complete. A secret rotation is immediate: there is nothing
// to see beyond the client's one secret, which works.
func (a *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	const op = "CheckRotation"
	app, err := a.getClient(ctx, op, clientID)
	if err != nil {
		return unified.RotationView{}, err
	}
	enabled, keyClient := enabledIDs(app)
	view := unified.RotationView{Complete: true}
	if !keyClient || saved.Old.ID == secretID {
		view.Working = []unified.Credential{{Vendor: unified.Auth0, ClientID: clientID, ID: secretID,
			Kind: unified.KindClientSecret, Status: unified.StatusActive}}
		return view, nil
	}
	creds, err := a.listCredentials(ctx, op, clientID)
	if err != nil {
		return unified.RotationView{}, err
	}
	for _, c := range creds {
		view.Working = append(view.Working, jsonWebKey(clientID, c, slices.Contains(enabled, c.Id)).Credential)
	}
	return view, nil
}
