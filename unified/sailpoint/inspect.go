package sailpoint

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// InspectRotation lists the tenant's clients (one request) and says which
// of the rotation's old and new clients exist: those work, the others are
// gone. Clients of the same name are not counted as another rotation,
// since SailPoint does not keep names unique, so the view is not
// complete: two rotators of one client are not told apart here.
func (p *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	exists := map[string]unified.Client{}
	err := p.ListClients(ctx, func(c unified.Client) bool {
		if c.ID == clientID || c.ID == saved.NewClientID {
			exists[c.ID] = c
		}
		return true
	})
	if err != nil {
		return unified.RotationView{}, err
	}
	var view unified.RotationView
	for _, id := range []string{clientID, saved.NewClientID} {
		if id == "" {
			continue
		}
		if c, ok := exists[id]; ok {
			view.Working = append(view.Working, unified.Credential{Vendor: unified.SailPoint, ClientID: id, ID: id,
				Kind: unified.KindClientSecret, Status: unified.StatusActive, Created: c.Created})
		} else {
			view.Gone = append(view.Gone, unified.CredentialRef{ClientID: id, ID: id})
		}
	}
	return view, nil
}
