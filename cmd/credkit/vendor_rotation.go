package main

// What a rotation is at each vendor, for the secrets commands: how to
// rebuild one from the IDs a user gives, the command that finishes it,
// and the rotations whose secret credkit makes (CSP). The rest of the CLI
// calls these functions and names no vendor; a registry of vendors
// replaces them.

import (
	"context"
	"errors"
	"fmt"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// cspRotation is the rotation of a CSP app, as FinishRotation and
// RotateOptions.Resume take it: CSP names its secrets "current" and
// "previous".
func cspRotation(client string) *unified.Rotation {
	return &unified.Rotation{
		Vendor: unified.VMwareCSP, ClientID: client, NewClientID: client,
		New: unified.Credential{Vendor: unified.VMwareCSP, ClientID: client, ID: "current", Kind: unified.KindClientSecret},
		Old: unified.CredentialRef{ClientID: client, ID: "previous"},
	}
}

// givenSecretRotation is the rotation that `secrets rotate
// --new-secret-env` resumes without a state file, or nil where a rotation
// with a given secret begins afresh. At CSP a rotation that sent the
// secret may have begun: resuming accepts both outcomes, where a new
// rotation would not.
func givenSecretRotation(vendor unified.Vendor, client string) *unified.Rotation {
	if vendor == unified.VMwareCSP {
		return cspRotation(client)
	}
	return nil
}

// retiredUnsure is what `secrets finish` shows as RETIRED where the vendor
// does not say whether a rotation was open (CSP), or "".
func retiredUnsure(vendor unified.Vendor) string {
	if vendor == unified.VMwareCSP {
		return "previous, if a rotation was open"
	}
	return ""
}

// finishCommand is the command line that finishes r.
func finishCommand(r *unified.Rotation) string {
	cmd := "credkit secrets finish --vendor " + string(r.Vendor) + " " + r.ClientID
	switch r.Vendor {
	case unified.Okta:
		cmd += " --old " + r.Old.ID + " --new " + r.New.ID
	case unified.SailPoint:
		cmd += " --new " + r.NewClientID
	}
	return cmd
}

// resuming passes each client's saved rotation to RotateSecret as
// RotateOptions.Resume, so that rotating again completes it, and writes
// each new secret to the secret file.
type resuming struct {
	unified.CredentialProvider
	prior   map[string]*unified.Rotation
	secrets *rotations.SecretFile
}

func (r resuming) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	if prior := r.prior[clientID]; prior != nil {
		o := unified.RotateOptions{}
		if opts != nil {
			o = *opts
		}
		o.Resume = prior
		opts = &o
	}
	if r.secrets != nil && r.Vendor() == unified.VMwareCSP && (opts == nil || opts.NewSecret.IsZero()) {
		// credkit makes CSP's secret: it reaches the file before the
		// request that installs it.
		o := unified.RotateOptions{}
		if opts != nil {
			o = *opts
		}
		secret, err := rotations.CSPSecret()
		if err != nil {
			return nil, err
		}
		if err := r.secrets.Add(unified.VMwareCSP, clientID, clientID, secret); err != nil {
			return nil, err
		}
		o.NewSecret = secret
		opts = &o
	}
	rot, err := r.CredentialProvider.RotateSecret(ctx, clientID, opts)
	if rot != nil && rot.Vendor != unified.VMwareCSP {
		if serr := r.secrets.Add(rot.Vendor, clientID, rot.NewClientID, rot.New.Secret); serr != nil {
			err = errors.Join(err, serr)
		}
	}
	return rot, err
}

// rotationToFinish rebuilds the Rotation of a client from --old and --new,
// in the form its vendor's FinishRotation takes.
func rotationToFinish(ctx context.Context, p unified.CredentialProvider, client, oldID, newID string) (*unified.Rotation, error) {
	r := &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client}
	switch p.Vendor() {
	case unified.Okta:
		if oldID == "" {
			return nil, &usageProblem{"name the old secret with --old ID (see credkit secrets list)"}
		}
		r.Old = unified.CredentialRef{ClientID: client, ID: oldID}
		r.New = unified.Credential{Vendor: unified.Okta, ClientID: client, ID: newID, Kind: unified.KindClientSecret}
		if newID == "" {
			secrets, err := p.ListSecrets(ctx, client)
			if err != nil {
				return nil, err
			}
			var others []string
			for _, sec := range secrets {
				if sec.ID != oldID {
					others = append(others, sec.ID)
				}
			}
			if len(others) != 1 {
				return nil, &usageProblem{fmt.Sprintf("%s holds %d secrets besides %s: name the new one with --new ID", client, len(others), oldID)}
			}
			r.New.ID = others[0]
		}
	case unified.SailPoint:
		if newID == "" {
			return nil, &usageProblem{"name the replacement client with --new ID (the NEW CLIENT of secrets rotate)"}
		}
		if oldID != "" && oldID != client {
			return nil, &usageProblem{"a SailPoint client's only credential is the client itself: --old, if given, is the client ID"}
		}
		r.NewClientID = newID
		r.Old = unified.CredentialRef{ClientID: client, ID: client}
		r.New = unified.Credential{Vendor: unified.SailPoint, ClientID: newID, ID: newID, Kind: unified.KindClientSecret}
	case unified.VMwareCSP:
		if (oldID != "" && oldID != "previous") || (newID != "" && newID != "current") {
			return nil, &usageProblem{`CSP secrets have no IDs: the old one is "previous" and the new one "current"`}
		}
		r = cspRotation(client)
		// Finishing by hand asserts that the rotation has begun.
		r.Phase = unified.PhaseBegun
	case unified.Auth0:
		// A key rotation: the old and new keys are credentials, listed by
		// credkit keys list.
		if oldID == "" || newID == "" {
			return nil, &usageProblem{"name the old and the new key with --old ID and --new ID (see credkit keys list)"}
		}
		r.Old = unified.CredentialRef{ClientID: client, ID: oldID}
		r.New = unified.Credential{Vendor: unified.Auth0, ClientID: client, ID: newID, Kind: unified.KindJSONWebKey}
	}
	return r, nil
}
