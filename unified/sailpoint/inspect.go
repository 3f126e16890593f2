package sailpoint

import (
	"context"
	"time"

	"github.com/credkit/credkit/unified"
)

// InspectRotation lists the tenant's clients and returns, as working
// credentials, the rotation's old and new clients and every client of
// their name created since the earlier of them: the replacements a
// rotation may have made. SailPoint lists every client, so the view is
// complete.
func (p *adapter) InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error) {
	var all []unified.Client
	for c, err := range p.ListClients(ctx) {
		if err != nil {
			return unified.RotationView{}, err
		}
		all = append(all, c)
	}
	name, since := "", time.Time{}
	for _, c := range all {
		if c.ID == clientID || (saved.NewClientID != "" && c.ID == saved.NewClientID) {
			if name == "" || since.IsZero() || c.Created.Before(since) {
				name, since = c.Name, c.Created
			}
		}
	}
	view := unified.RotationView{Complete: true}
	for _, c := range all {
		mine := c.ID == clientID || c.ID == saved.NewClientID
		if mine || (name != "" && c.Name == name && !c.Created.Before(since)) {
			view.Working = append(view.Working, unified.Credential{Vendor: unified.SailPoint, ClientID: c.ID, ID: c.ID,
				Kind: unified.KindClientSecret, Status: unified.StatusActive, Created: c.Created})
		}
	}
	return view, nil
}
