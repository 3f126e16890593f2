package sailpoint

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

// Why a rotation stops.
const (
	noNewSecret   = "SailPoint makes a new client's secret itself; RotateOptions.NewSecret cannot be honoured"
	orphanAdvice  = "list the clients (ListClients), delete the replacement this attempt may have left (the old client's name, created after it; DeleteClient), then rotate again without Resume"
	unknownNew    = "the rotation never learned its new client (its creation got no usable answer): " + orphanAdvice
	mayExistAfter = "; the replacement client may exist all the same: " + orphanAdvice
)

// RotateSecret begins a rotation by creating a replacement client with the
// old one's settings; it needs opts.AllowNewClientID. With opts.Resume it
// creates nothing: it checks that the rotation's new client exists and
// returns the rotation, with the new secret if opts.Resume still holds it
// or opts.NewSecret gives it back (SailPoint cannot show it again). If the
// creation's outcome is unknown it returns, with the error, a partial
// Rotation whose NewClientID is empty (see the package doc).
func (p *adapter) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	const op = "RotateSecret"
	if opts.Resume != nil {
		return p.resume(ctx, clientID, opts.Resume, opts.NewSecret)
	}
	if !opts.NewSecret.IsZero() {
		return nil, driver.Refuse(unified.Unimplemented, unified.ReasonSecretNotAccepted, "%s", noNewSecret)
	}
	old, err := p.getClient(ctx, op, clientID)
	if err != nil {
		return nil, err
	}
	rot := &unified.Rotation{Vendor: unified.SailPoint, ClientID: clientID, Old: oldRef(clientID)}
	created, err := p.createClient(ctx, op, replacement(old))
	if err != nil {
		if !mayHaveCreated(err) {
			return nil, err
		}
		var e *unified.Error
		if errors.As(err, &e) {
			e.Message += mayExistAfter
			e.Reason = unified.ReasonNewClientUnknown
		}
		return rot, err
	}
	rot.NewClientID, rot.New = created.Id, createdCredential(created)
	return p.confirmBegun(ctx, rot)
}

// confirmBegun reads the old client again once its replacement exists:
// when it is gone, another rotator replaced it and finished meanwhile (two
// library rotators of one client), so this rotation deletes its own
// replacement, which nobody has seen, and fails with
// ReasonRotationOvertaken. A failed read leaves the rotation to finish,
// whose own read checks again.
func (p *adapter) confirmBegun(ctx context.Context, rot *unified.Rotation) (*unified.Rotation, error) {
	const op = "RotateSecret"
	_, err := p.getClient(ctx, op, rot.ClientID)
	if unified.CodeOf(err) != unified.NotFound {
		return rot, nil
	}
	if err := p.deleteClient(ctx, op, rot.NewClientID); err != nil {
		return rot, err
	}
	rot.Phase = unified.PhaseAbandoned
	return rot, driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
		"the client was replaced and deleted by another rotation while this one began; this rotation's replacement client %s was deleted again: use the other rotation's client", rot.NewClientID)
}

// resume returns the rotation r, after checking that its new client
// exists. secret, when set, is the new client's secret as the caller kept
// it (a stored Rotation holds none); it must match r's, if r has one.
func (p *adapter) resume(ctx context.Context, clientID string, r *unified.Rotation, secret unified.Secret) (*unified.Rotation, error) {
	const op = "RotateSecret"
	if err := checkRotation(op, clientID, r); err != nil {
		return nil, err
	}
	if r.New.ID == r.NewClientID && !r.New.Secret.IsZero() {
		if !secret.IsZero() && subtle.ConstantTimeCompare([]byte(secret.Reveal()), []byte(r.New.Secret.Reveal())) != 1 {
			return nil, driver.Refuse(unified.InvalidArgument, unified.ReasonSecretNotAccepted, "RotateOptions.NewSecret differs from the secret of the rotation's new client")
		}
		secret = r.New.Secret
	}
	current, err := p.getClient(ctx, op, r.NewClientID)
	if unified.CodeOf(err) == unified.NotFound {
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone, "the rotation's new client no longer exists; rotate again without Resume")
	}
	if err != nil {
		return nil, err
	}
	rot := &unified.Rotation{Vendor: unified.SailPoint, ClientID: clientID, NewClientID: r.NewClientID,
		New: clientCredential(current), Old: oldRef(clientID)}
	if !secret.IsZero() {
		rot.New.Secret, rot.New.Hint = secret, unified.Hint(secret)
	}
	return rot, nil
}

// FinishRotation deletes the old client, after checking that the new one
// exists (and is enabled, unless the old one is not either), so that the
// caller never ends with no working client. Calling it again after a
// failure, or after success, completes without harm.
func (p *adapter) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	const op = "FinishRotation"
	if err := checkRotation(op, r.ClientID, r); err != nil {
		return err
	}
	current, err := p.getClient(ctx, op, r.NewClientID)
	if unified.CodeOf(err) == unified.NotFound {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone, "the rotation's new client does not exist; refusing to delete the old one, which would leave no client")
	}
	if err != nil {
		return err
	}
	old, err := p.getClient(ctx, op, r.ClientID)
	switch {
	case unified.CodeOf(err) == unified.NotFound && driver.BegunHere(ctx):
		return overtakenAtFinish(r)
	case unified.CodeOf(err) == unified.NotFound:
		return nil // deleted already: by a finish whose answer was lost, or by another rotator (see the package doc)
	case err != nil:
		return err
	case !current.Enabled && old.Enabled:
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewClientDisabled, "the rotation's new client is disabled and the old one is not; refusing to delete the old one: enable the new client first")
	}
	return p.deleteOld(ctx, r)
}

// deleteOld deletes the old client, which was just read. A 404 now means
// someone deleted it in between: another rotator of the same client,
// whose replacement lives too; FinishRotation then fails with
// ReasonRotationOvertaken, so that the two replacements are not left
// unnoticed.
func (p *adapter) deleteOld(ctx context.Context, r *unified.Rotation) error {
	_, err := call.Do(ctx, p.vendor, "FinishRotation", func(ctx context.Context) (*http.Response, error) {
		return p.api.DeleteOauthClient(ctx, r.ClientID)
	}, gen.ParseDeleteOauthClientResponse)
	if unified.CodeOf(err) == unified.NotFound {
		return overtakenAtFinish(r)
	}
	return err
}

// overtakenAtFinish is the refusal of a finish whose old client another
// rotation deleted: both replacements live.
func overtakenAtFinish(r *unified.Rotation) error {
	return driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOvertaken,
		"another rotation deleted the old client while this one ran: its replacement client lives besides this one's (%s); "+
			"list the clients of this name created after the old one, keep the one in use, delete the other", r.NewClientID)
}

// checkRotation refuses a rotation that is not a SailPoint replacement of
// clientID (the portable type checked its vendor, client and IDs).
func checkRotation(_ string, clientID string, r *unified.Rotation) error {
	switch {
	case r.Old.ClientID != "" && r.Old.ClientID != clientID, r.Old.ID != "" && r.Old.ID != clientID:
		return driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation's old credential is not its client's")
	case r.NewClientID == "":
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewClientUnknown, "%s", unknownNew)
	case r.NewClientID == clientID:
		return driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation's new client is its old one")
	}
	return nil
}

// createClient creates a client. Its POST is never retried.
func (p *adapter) createClient(ctx context.Context, op string, body gen.CreateOAuthClientRequest) (gen.CreateOAuthClientResponse, error) {
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.CreateOauthClient(ctx, body)
	}, call.Decode[gen.CreateOAuthClientResponse](http.StatusOK))
	switch {
	case err != nil:
		return gen.CreateOAuthClientResponse{}, err
	case resp.Id == "" || resp.Secret == "":
		return gen.CreateOAuthClientResponse{}, &unified.Error{Code: unified.Internal, HTTPStatus: http.StatusOK, Message: "the answer names no client ID or secret"}
	}
	return resp, nil
}

// mayHaveCreated reports whether a failed creation may have created the
// client all the same: the request may have been sent (the token was
// fetched) and no 4xx refused it.
func mayHaveCreated(err error) bool {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return false
	}
	var e *unified.Error
	if !errors.As(err, &e) {
		return true
	}
	return e.HTTPStatus < 400 || e.HTTPStatus >= 500
}

// replacement is the creation request of a client with every setting of
// old that SailPoint lets a creation set, the same name included.
func replacement(old gen.GetOAuthClientResponse) gen.CreateOAuthClientRequest {
	name, grants := old.Name, old.GrantTypes
	return gen.CreateOAuthClientRequest{
		Name:                        &name,
		Description:                 old.Description,
		BusinessName:                old.BusinessName,
		HomepageUrl:                 old.HomepageUrl,
		AccessTokenValiditySeconds:  old.AccessTokenValiditySeconds,
		RefreshTokenValiditySeconds: old.RefreshTokenValiditySeconds,
		RedirectUris:                old.RedirectUris,
		GrantTypes:                  &grants,
		AccessType:                  old.AccessType,
		Type:                        old.Type,
		Internal:                    old.Internal,
		Enabled:                     old.Enabled,
		StrongAuthSupported:         old.StrongAuthSupported,
		ClaimsSupported:             old.ClaimsSupported,
		Scope:                       old.Scope,
	}
}

// createdCredential is the one credential of a client just created, with
// its secret. The secret is taken out of the vendor value As returns, where
// a plain string would print.
func createdCredential(c gen.CreateOAuthClientResponse) unified.Credential {
	secret := unified.NewSecret(c.Secret)
	c.Secret = ""
	return driver.WithVendorValue(unified.Credential{
		Vendor: unified.SailPoint, ClientID: c.Id, ID: c.Id, Kind: unified.KindClientSecret,
		Status: status(c.Enabled), Created: utc(c.Created), Updated: utc(c.Modified),
		Hint: unified.Hint(secret), Secret: secret,
	}, c)
}

// clientCredential is the one credential of a client read back, without
// its secret.
func clientCredential(c gen.GetOAuthClientResponse) unified.Credential {
	return driver.WithVendorValue(unified.Credential{
		Vendor: unified.SailPoint, ClientID: c.Id, ID: c.Id, Kind: unified.KindClientSecret,
		Status: status(c.Enabled), Created: utc(c.Created), Updated: utc(c.Modified),
	}, c)
}

func status(enabled bool) unified.Status {
	if enabled {
		return unified.StatusActive
	}
	return unified.StatusInactive
}

// oldRef names a client's one credential: its ID is the client ID.
func oldRef(clientID string) unified.CredentialRef {
	return unified.CredentialRef{ClientID: clientID, ID: clientID}
}
