package auth0

import (
	"context"
	"crypto/rsa"
	"net/http"
	"slices"
	"time"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

// RotateSecret rotates the client's credential. A private_key_jwt client
// rotates with overlap: a new key, both enabled. A client-secret client can
// only have its secret replaced at once, which needs
// RotateOptions.AllowImmediateRotation.
func (a *adapter) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	app, err := a.getClient(ctx, "RotateSecret", clientID)
	if err != nil {
		return nil, err
	}
	enabled, keyClient := enabledIDs(app)
	if keyClient {
		return a.rotateKey(ctx, clientID, enabled, opts)
	}
	return a.rotateSecretAtOnce(ctx, clientID, opts)
}

// rotateSecretAtOnce is a client-secret rotation: rotate-secret, with the
// caller's consent. Resuming one reads the secret the client has now
// (which needs the read:client_keys scope), since a lost answer may have
// hidden a rotation that took place.
func (a *adapter) rotateSecretAtOnce(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	switch {
	case !opts.AllowImmediateRotation:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonImmediateRotation,
			"Auth0 replaces a client's secret at once, with no overlap: the old secret would stop working now; "+
				"set RotateOptions.AllowImmediateRotation to consent, or switch the client to private_key_jwt, whose keys rotate with overlap")
	case !opts.NewSecret.IsZero() && opts.Resume == nil:
		return nil, driver.Refuse(unified.Unimplemented, unified.ReasonSecretNotAccepted, "Auth0 makes the new secret itself")
	}
	rot := &unified.Rotation{Vendor: unified.Auth0, ClientID: clientID, NewClientID: clientID,
		Old: unified.CredentialRef{ClientID: clientID, ID: secretID}}
	var err error
	if opts.Resume != nil {
		rot.New, err = a.currentSecret(ctx, clientID)
	} else {
		rot.New, err = a.RegenerateSecret(ctx, clientID)
	}
	if err != nil {
		return nil, err
	}
	rot.OldValidUntil = time.Now().UTC() // the old secret stopped working already
	return rot, nil
}

// currentSecret reads the client's secret, where the token may see it.
func (a *adapter) currentSecret(ctx context.Context, clientID string) (unified.Credential, error) {
	params := &gen.GetClientParams{Fields: ptr("client_id,client_secret"), IncludeFields: ptr(true)}
	resp, err := call.Do(ctx, a.vendor, "RotateSecret", func(ctx context.Context) (*http.Response, error) {
		return a.api.GetClient(ctx, clientID, params)
	}, gen.ParseGetClientResponse)
	if err != nil {
		return unified.Credential{}, err
	}
	if resp.JSON200 == nil || deref(resp.JSON200.ClientSecret) == "" {
		return unified.Credential{}, driver.Refuse(unified.FailedPrecondition, unified.ReasonSecretRequired,
			"Auth0 did not show the client's secret (the token needs read:client_keys); replace it again with RegenerateSecret")
	}
	a.vendor.Secrets.Remember(*resp.JSON200.ClientSecret) // an echo of it is redacted
	return secretCredential(clientID, *resp.JSON200), nil
}

// rotateKey is a private_key_jwt rotation with overlap: upload the new
// public key (at most two credentials), then enable old and new together.
// The new key's private half is Rotation.New.Secret (PKCS#8 PEM); its kid
// is its RFC 7638 thumbprint, by which a resumed rotation finds it.
func (a *adapter) rotateKey(ctx context.Context, clientID string, enabled []string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	const op = "RotateSecret"
	r := opts.Resume
	old := ""
	switch {
	case r != nil && r.Old.ID == "":
		return nil, driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no old key")
	case r != nil:
		old = r.Old.ID
	case len(enabled) > 1:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOpen,
			"the client enables two keys already (an unfinished rotation?): finish it, or resume it with RotateOptions.Resume")
	case len(enabled) == 0:
		return nil, driver.Refuse(unified.FailedPrecondition, "", "the client enables no key to rotate from: add one with AddJSONWebKey")
	default:
		old = enabled[0]
	}
	rot := &unified.Rotation{Vendor: unified.Auth0, ClientID: clientID, NewClientID: clientID,
		Old: unified.CredentialRef{ClientID: clientID, ID: old}}
	creds, err := a.listCredentials(ctx, op, clientID)
	if err != nil {
		return nil, err
	}
	key, err := newKey(opts, a.genKey, creds)
	if err != nil {
		return nil, err
	}
	cred, found := findNew(creds, r, key)
	switch {
	case !found && key == nil:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonSecretRequired,
			"the rotation's new key is not at Auth0 and its private key is unknown: pass it as RotateOptions.NewSecret")
	case !found && len(creds) >= maxCredentials:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonLimitReached,
			"the client holds %d keys, Auth0's limit: delete the one not in use first", len(creds))
	case !found:
		pub := &key.PublicKey
		kid := jwk.RSAThumbprint(pub)
		body := gen.ClientCredentialCreate{CredentialType: gen.PublicKey, Pem: ptr(publicPEM(pub)), Kid: &kid, Name: ptr("credkit rotation " + kid[:8])}
		if cred, err = a.createCredential(ctx, op, clientID, body); err != nil {
			return partial(rot, key), err // a concurrent upload meets Auth0's limit: ReasonLimitReached
		}
	}
	rot.New = jsonWebKey(clientID, cred, true).Credential
	rot = partial(rot, key)
	if !slices.Contains(enabled, cred.Id) {
		// enable reads the enabled list again: another rotator may have
		// changed it since (the portable type's guard then decides).
		if err := a.enable(ctx, op, clientID, cred.Id); err != nil {
			return rot, err
		}
	}
	return rot, nil
}

// partial sets the rotation's new secret, the private key, if known.
func partial(rot *unified.Rotation, key *rsa.PrivateKey) *unified.Rotation {
	if key != nil {
		rot.New.Vendor, rot.New.ClientID, rot.New.Kind = unified.Auth0, rot.ClientID, unified.KindJSONWebKey
		rot.New.Secret = privatePEM(key)
		rot.New.Hint = jwk.RSAThumbprint(&key.PublicKey)
	}
	return rot
}

// findNew finds the rotation's new key among creds: by the resumed
// rotation's ID, else by the key's thumbprint.
func findNew(creds []gen.ClientCredential, r *unified.Rotation, key *rsa.PrivateKey) (gen.ClientCredential, bool) {
	for _, c := range creds {
		if (r != nil && r.New.ID != "" && c.Id == r.New.ID) || (key != nil && deref(c.Kid) == jwk.RSAThumbprint(&key.PublicKey)) {
			return c, true
		}
	}
	return gen.ClientCredential{}, false
}

// newKey is the rotation's key pair: RotateOptions.NewSecret (a PEM RSA
// private key), generated for a new rotation (never one the client holds
// already: a test's pool of keys may hand one out again), nil when a
// resumed one gives none.
func newKey(opts *unified.RotateOptions, generate func() (*rsa.PrivateKey, error), held []gen.ClientCredential) (*rsa.PrivateKey, error) {
	if !opts.NewSecret.IsZero() {
		return parsePrivateKey(opts.NewSecret)
	}
	if opts.Resume != nil {
		return nil, nil
	}
	for range maxCredentials + 1 {
		key, err := generate()
		if err != nil {
			return nil, err
		}
		kid := jwk.RSAThumbprint(&key.PublicKey)
		if !slices.ContainsFunc(held, func(c gen.ClientCredential) bool { return deref(c.Kid) == kid }) {
			return key, nil
		}
	}
	return nil, driver.Refuse(unified.Internal, "", "Options.GenerateKey keeps making keys the client holds already")
}

// parsePrivateKey reads a PEM RSA private key, PKCS#8 or PKCS#1.
func parsePrivateKey(s unified.Secret) (*rsa.PrivateKey, error) {
	refuse := driver.Refuse(unified.InvalidArgument, unified.ReasonSecretNotAccepted,
		"RotateOptions.NewSecret of a private_key_jwt client must be a PEM RSA private key of at least %d bits", minKeyBits)
	key, ok := jwk.ParseRSAPrivateKey(s.Reveal())
	if !ok || key.N.BitLen() < minKeyBits {
		return nil, refuse
	}
	return key, nil
}

// privatePEM is key as a PKCS#8 PEM secret.
func privatePEM(key *rsa.PrivateKey) unified.Secret { return unified.NewSecret(jwk.PrivatePEM(key)) }

// FinishRotation retires the old credential. For a key rotation it
// disables the old key (keeping the new one enabled) and deletes it, after
// checking that the new key is enabled; for a client-secret rotation the
// old secret died when it began, and nothing is left to do.
func (a *adapter) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	const op = "FinishRotation"
	switch r.Old.ID {
	case secretID:
		return nil
	case "":
		return driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no old credential")
	}
	if r.New.ID == "" {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonResumeNeeded,
			"the rotation's new key was never confirmed: resume it with RotateSecret and RotateOptions.Resume first")
	}
	app, err := a.getClient(ctx, op, r.ClientID)
	if err != nil {
		return err
	}
	enabled, _ := enabledIDs(app)
	if !slices.Contains(enabled, r.New.ID) {
		return a.notEnabled(ctx, r)
	}
	if slices.Contains(enabled, r.Old.ID) {
		if err := a.setEnabled(ctx, op, r.ClientID, slices.DeleteFunc(enabled, func(id string) bool { return id == r.Old.ID })); err != nil {
			return err
		}
	}
	return a.deleteCredential(ctx, op, unified.CredentialRef{ClientID: r.ClientID, ID: r.Old.ID})
}

// notEnabled explains why a rotation whose new key is not enabled cannot
// finish: the key is gone, or the rotation never enabled it.
func (a *adapter) notEnabled(ctx context.Context, r *unified.Rotation) error {
	creds, err := a.listCredentials(ctx, "FinishRotation", r.ClientID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(creds, func(c gen.ClientCredential) bool { return c.Id == r.New.ID }) {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone, "the rotation's new key no longer exists: rotate again")
	}
	return driver.Refuse(unified.FailedPrecondition, unified.ReasonResumeNeeded,
		"the rotation's new key is not enabled: resume the rotation with RotateSecret and RotateOptions.Resume first")
}
