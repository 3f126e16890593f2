package driver

import (
	"context"
	"iter"

	"github.com/credkit/credkit/unified"
)

// The user's operations, each once: checks, then the driver, then the
// wrapping.

// ListSecrets returns the client's secrets.
func (p *portable) ListSecrets(ctx context.Context, clientID string) ([]unified.Credential, error) {
	return call(p, "ListSecrets", ids("client ID", clientID), func(d SecretLister) ([]unified.Credential, error) {
		return d.ListSecrets(ctx, clientID)
	})
}

// GetSecret returns one secret.
func (p *portable) GetSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	return call(p, "GetSecret", refIDs(ref, "secret ID"), func(d SecretGetter) (unified.Credential, error) {
		return d.GetSecret(ctx, ref)
	})
}

// CreateSecret adds a secret to the client; opts may be nil.
func (p *portable) CreateSecret(ctx context.Context, clientID string, opts *unified.CreateSecretOptions) (unified.Credential, error) {
	var value unified.Secret
	if opts != nil {
		value = opts.Value
	}
	return call(p, "CreateSecret", ids("client ID", clientID), func(d SecretCreator) (unified.Credential, error) {
		return d.CreateSecret(ctx, clientID, value)
	})
}

// RevokeSecret makes a secret stop working and removes it.
func (p *portable) RevokeSecret(ctx context.Context, ref unified.CredentialRef) error {
	return exec(p, "RevokeSecret", refIDs(ref, "secret ID"), func(d SecretRevoker) error {
		return d.RevokeSecret(ctx, ref)
	})
}

// ActivateSecret makes an inactive secret work again.
func (p *portable) ActivateSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	return call(p, "ActivateSecret", refIDs(ref, "secret ID"), func(d SecretStateManager) (unified.Credential, error) {
		return d.ActivateSecret(ctx, ref)
	})
}

// DeactivateSecret stops a secret working without removing it.
func (p *portable) DeactivateSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	return call(p, "DeactivateSecret", refIDs(ref, "secret ID"), func(d SecretStateManager) (unified.Credential, error) {
		return d.DeactivateSecret(ctx, ref)
	})
}

// RotateSecret begins a rotation, or resumes opts.Resume.
func (p *portable) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	const op = "RotateSecret"
	if err := p.checkIDs(op, "client ID", clientID); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &unified.RotateOptions{}
	}
	if opts.Overlap < 0 {
		return nil, p.wrap(op, Refuse(unified.InvalidArgument, "", "RotateOptions.Overlap is negative"))
	}
	if p.info.RotationReplacesClient && !opts.AllowNewClientID {
		return nil, p.wrap(op, Refuse(unified.FailedPrecondition, unified.ReasonConsentRequired,
			"%s cannot change a client's secret: rotation creates a replacement client, so the client ID changes; "+
				"set RotateOptions.AllowNewClientID to consent, then switch every user of the client to Rotation.NewClientID", p.info.Vendor))
	}
	if opts.Resume != nil {
		if err := p.checkRotation(op, clientID, opts.Resume); err != nil {
			return nil, err
		}
	}
	rot, err := p.beginGuarded(ctx, clientID, opts)
	if rot != nil && rot.Phase != unified.PhaseAbandoned {
		rot.Phase = unified.PhaseBegun
		if err != nil {
			rot.Phase = unified.PhasePending
		}
	}
	return rot, p.wrap(op, err)
}

// checkServerIDs refuses, at begin, a rotation whose vendor named a new
// client or credential ID that cannot be one (a path step, a slash): such
// an ID could never be finished, nor safely put in a later request. The
// IDs are cleared, so that nothing records them; the rotation, with its
// new secret, still reaches the caller, as pending.
func (p *portable) checkServerIDs(rot *unified.Rotation) error {
	for _, f := range []struct {
		what string
		id   *string
	}{{"new client ID", &rot.NewClientID}, {"new credential ID", &rot.New.ID}, {"new credential's client ID", &rot.New.ClientID}} {
		if *f.id == "" {
			continue
		}
		if err := CheckID(f.what, *f.id, p.info.MaxIDLength); err != nil {
			rot.NewClientID, rot.New.ID, rot.New.ClientID = "", "", ""
			return Refuse(unified.Internal, "", "the vendor answered with a %s that cannot be an ID (%s); the rotation is kept pending without it",
				f.what, unified.ReasonOf(err))
		}
	}
	return nil
}

// FinishRotation retires the old secret of a rotation.
func (p *portable) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	const op = "FinishRotation"
	if r == nil {
		return p.wrap(op, Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "rotation is nil"))
	}
	if err := p.checkIDs(op, "client ID", r.ClientID); err != nil {
		return err
	}
	if err := p.checkRotation(op, r.ClientID, r); err != nil {
		return err
	}
	if r.Phase != "" && !r.Phase.Known() {
		return p.wrap(op, Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation's phase %q is not one this credkit knows", r.Phase))
	}
	if r.Phase == unified.PhaseAbandoned {
		return p.wrap(op, Refuse(unified.FailedPrecondition, unified.ReasonNothingToFinish, "the rotation was abandoned: its new credential is gone; nothing to finish"))
	}
	if err := shapeToFinish(r, p.info.RotationReplacesClient); err != nil {
		return p.wrap(op, err)
	}
	if err := p.finishGuarded(ctx, r); err != nil {
		return p.wrap(op, err)
	}
	r.Phase = unified.PhaseFinished
	return nil
}

// shapeToFinish refuses, the same way for every vendor, a rotation that
// cannot be finished as it is: one the vendor never confirmed (pending:
// resume it first), one that names no credential to retire, and an
// in-place rotation that names no new credential. (A rotation that lost
// its replacement client is the driver's to explain.)
func shapeToFinish(r *unified.Rotation, replacesClient bool) error {
	switch {
	case replacesClient && r.NewClientID == "":
		return nil // the replacement client is unknown: the driver says what to do
	case r.Phase == unified.PhasePending:
		return Refuse(unified.FailedPrecondition, unified.ReasonResumeNeeded,
			"the rotation has not begun (the vendor never confirmed its new credential): resume it with RotateOptions.Resume, then finish it")
	case r.Old.ID == "":
		return Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no old credential to retire")
	case !replacesClient && r.New.ID == "":
		return Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no new credential")
	}
	return nil
}

// checkRotation refuses a rotation of another vendor or client, and
// malformed IDs inside it.
func (p *portable) checkRotation(op, clientID string, r *unified.Rotation) error {
	if r.Vendor != p.info.Vendor || r.ClientID != clientID {
		return p.wrap(op, Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation belongs to another vendor or client"))
	}
	for _, f := range []struct{ what, id string }{
		{"new client ID", r.NewClientID}, {"new credential ID", r.New.ID},
		{"old credential's client ID", r.Old.ClientID}, {"old credential ID", r.Old.ID},
	} {
		if f.id == "" {
			continue
		}
		if err := CheckID(f.what, f.id, p.info.MaxIDLength); err != nil {
			return p.wrap(op, err)
		}
	}
	return nil
}

// ListClients lists the OAuth clients the account can see.
func (p *portable) ListClients(ctx context.Context) iter.Seq2[unified.Client, error] {
	const op = "ListClients"
	return func(yield func(unified.Client, error) bool) {
		d, err := driverFor[ClientLister](p, op)
		if err != nil {
			yield(unified.Client{}, err)
			return
		}
		list(p, op, yield, func(yield func(unified.Client) bool) error { return d.ListClients(ctx, yield) })
	}
}

// DeleteClient deletes an OAuth client and its secret.
func (p *portable) DeleteClient(ctx context.Context, clientID string) error {
	return exec(p, "DeleteClient", ids("client ID", clientID), func(d ClientDeleter) error { return d.DeleteClient(ctx, clientID) })
}

// RegenerateSecret replaces a client's secret at once.
func (p *portable) RegenerateSecret(ctx context.Context, clientID string) (unified.Credential, error) {
	return call(p, "RegenerateSecret", ids("client ID", clientID), func(d SecretRegenerator) (unified.Credential, error) {
		return d.RegenerateSecret(ctx, clientID)
	})
}
