package main

// What a rotation is at the chosen vendor, for the secrets commands, from
// its registered RotationSpec: how to rebuild one from the IDs a user
// gives, the command that finishes it, and where credkit makes the new
// credential, that it reaches --secret-file before the request.

import (
	"context"
	"errors"
	"strings"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// givenSecretRotation is the rotation that `secrets rotate
// --new-secret-env` resumes without a state file, or nil where a rotation
// with a given secret begins afresh: where the client alone names its
// rotation (CSP's secrets have no IDs), a rotation that sent the secret
// may have begun, and resuming accepts both outcomes, where a new
// rotation would not.
func givenSecretRotation(ctx context.Context, p *unified.Provider, client string) *unified.Rotation {
	spec := specOf(p.Vendor())
	if spec.Rotation.Rebuild == nil {
		return nil
	}
	r, err := spec.Rotation.Rebuild(ctx, p, client, "", "")
	if err != nil {
		return nil
	}
	r.Phase = ""
	return r
}

// retiredUnsure is what `secrets finish` shows as RETIRED where the vendor
// cannot list secrets to say whether a rotation was open (CSP), or "".
func retiredUnsure(p *unified.Provider, r *unified.Rotation) string {
	if caps := p.Capabilities(); caps.ListSecrets || !caps.RotateInPlace || r == nil {
		return ""
	}
	return r.Old.ID + ", if a rotation was open"
}

// finishCommand is the command line that finishes r, or "" when r leaves
// nothing to finish (a rotation that replaced the secret at once).
func finishCommand(r *unified.Rotation) string {
	spec := specOf(r.Vendor)
	if spec.Rotation.FinishArgs == nil {
		return ""
	}
	args := spec.Rotation.FinishArgs(r)
	if args == nil {
		return ""
	}
	return strings.TrimSpace("credkit secrets finish --vendor " + string(r.Vendor) + " " + r.ClientID + " " + strings.Join(args, " "))
}

// rotationToFinish rebuilds the Rotation of a client from --old and --new,
// in the form its vendor's FinishRotation takes; a refusal of the IDs
// given is a usage problem.
func rotationToFinish(ctx context.Context, p *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	spec := specOf(p.Vendor())
	r, err := spec.Rotation.Rebuild(ctx, p, client, oldID, newID)
	if r := unified.ReasonOf(err); r == unified.ReasonRotationMismatch {
		var e *unified.Error
		errors.As(err, &e)
		return nil, &usageProblem{e.Message}
	}
	return r, err
}

// resuming passes each client's saved rotation to RotateSecret as
// RotateOptions.Resume, so that rotating again completes it, and writes
// each new secret to the secret file: where credkit makes the new
// credential (the vendor's Intent sets it), before the request that
// installs it.
type resuming struct {
	*unified.Provider
	prior   map[string]*unified.Rotation
	secrets *rotations.SecretFile
}

func (r resuming) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	o := unified.RotateOptions{}
	if opts != nil {
		o = *opts
	}
	if prior := r.prior[clientID]; prior != nil {
		o.Resume = prior
	}
	kept := false
	var line rotations.Line
	if plan := specOf(r.Vendor()).Rotation.Intent; r.secrets != nil && plan != nil && o.NewSecret.IsZero() && o.Resume == nil {
		intent, err := plan(ctx, r.Provider, clientID, &o)
		if err != nil {
			return nil, err
		}
		if !o.NewSecret.IsZero() {
			newClient := intent.NewClientID
			if newClient == "" {
				newClient = clientID
			}
			if line, err = r.secrets.Add(intent.Vendor, clientID, newClient, o.NewSecret); err != nil {
				return nil, err
			}
			kept = true
		}
	}
	rot, err := r.Provider.RotateSecret(ctx, clientID, &o)
	if kept && specOf(r.Vendor()).Rotation.OneRequest && rotations.Refused(err) {
		// Refused: the secret never was in force; its line goes.
		return nil, errors.Join(err, r.secrets.Withdraw(line))
	}
	if rot != nil && !kept {
		if _, serr := r.secrets.Add(rot.Vendor, clientID, rot.NewClientID, rot.New.Secret); serr != nil {
			err = errors.Join(err, serr)
		}
	}
	return rot, err
}
