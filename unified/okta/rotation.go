package okta

import (
	"context"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// RotateSecret begins a rotation by adding a secret. With opts.Resume it
// continues that rotation: it adopts the secret created after the old one
// (even if the answer to its creation was lost), activates it if needed,
// and creates one only if none exists yet. On failure after it has read the
// app's secrets, it returns a partial Rotation to pass as opts.Resume.
func (p *adapter) RotateSecret(ctx context.Context, appID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	secrets, err := p.listSecrets(ctx, "RotateSecret", appID)
	if err != nil {
		return nil, err
	}
	rot := &unified.Rotation{Vendor: unified.Okta, ClientID: appID, NewClientID: appID}
	var newer []unified.Credential
	if opts.Resume != nil {
		rot.Old = opts.Resume.Old
		newer = others(secrets, rot.Old.ID)
		if err := ownNewSecret(newer, opts.Resume.New.ID); err != nil {
			return nil, err
		}
	} else {
		if len(secrets) >= 2 {
			return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOpen,
				"the app already holds two secrets (an unfinished rotation?): finish it, or pass it as RotateOptions.Resume")
		}
		if len(secrets) == 1 {
			rot.Old = secrets[0].Ref()
		}
	}
	return p.completeBegin(ctx, rot, newer, opts.NewSecret)
}

// completeBegin makes sure the rotation's new secret exists and is active.
func (p *adapter) completeBegin(ctx context.Context, rot *unified.Rotation, newer []unified.Credential, value unified.Secret) (*unified.Rotation, error) {
	switch len(newer) {
	case 0:
		created, err := p.createSecret(ctx, "RotateSecret", rot.ClientID, value)
		if err != nil {
			return rot, err
		}
		rot.New = created
	case 1:
		rot.New = newer[0]
		if rot.New.Status != unified.StatusActive {
			activated, err := p.activate(ctx, "RotateSecret", rot.New)
			if err != nil {
				return rot, err
			}
			rot.New = activated
		}
	default:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonOtherRotationOpen,
			"the app holds %d secrets besides the rotation's old one; resolve by hand", len(newer))
	}
	return rot, nil
}

// FinishRotation retires the old secret: it first makes sure the new one
// exists and is active, then deactivates and deletes the old one. Calling
// it again after a failure, or after success, completes without harm.
func (p *adapter) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	if r.Old.ID == "" {
		return nil
	}
	if r.New.ID == "" {
		return driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no new secret; resume it first")
	}
	secrets, err := p.listSecrets(ctx, "FinishRotation", r.ClientID)
	if err != nil {
		return err
	}
	newSecret, ok := find(secrets, r.New.ID)
	if !ok {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone,
			"the rotation's new secret is gone; refusing to retire the old one")
	}
	if newSecret.Status != unified.StatusActive {
		if _, err := p.activate(ctx, "FinishRotation", newSecret); err != nil {
			return err
		}
	}
	old, ok := find(secrets, r.Old.ID)
	if !ok {
		return nil
	}
	return p.retire(ctx, "FinishRotation", old)
}

// ownNewSecret refuses to resume a rotation whose new secret is known
// (newID) when the app holds another one besides the old: that secret is
// someone else's, and adopting it would hand the caller a secret it never
// made. A partial rotation whose creation got no answer knows no ID, and
// adopts the one newer secret.
func ownNewSecret(newer []unified.Credential, newID string) error {
	if newID == "" {
		return nil
	}
	for _, s := range newer {
		if s.ID != newID {
			return driver.Refuse(unified.FailedPrecondition, unified.ReasonOtherRotationOpen,
				"the app holds a secret (%s) that is neither the rotation's old nor its new one; resolve by hand", s.ID)
		}
	}
	return nil
}

// others returns the secrets other than id.
func others(secrets []unified.Credential, id string) []unified.Credential {
	var out []unified.Credential
	for _, s := range secrets {
		if s.ID != id {
			out = append(out, s)
		}
	}
	return out
}
