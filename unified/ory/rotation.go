package ory

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"slices"
	"time"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// The token endpoint authentication methods that decide how a client
// rotates.
const (
	methodKeyJWT = "private_key_jwt"
	methodNone   = "none"
)

// RotateSecret rotates the client's credential. A private_key_jwt client
// rotates with overlap: a new key in its set, both accepted. A client
// secret can only be replaced at once, which needs
// RotateOptions.AllowImmediateRotation.
func (a *adapter) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	c, err := a.getClient(ctx, "RotateSecret", clientID)
	if err != nil {
		return nil, err
	}
	switch method := deref(c.TokenEndpointAuthMethod); {
	case method == methodKeyJWT && deref(c.JwksUri) != "" && len(clientKeys(c)) == 0:
		return nil, driver.Refuse(unified.FailedPrecondition, "",
			"the client's keys are at its jwks_uri, which Hydra fetches: rotate them there")
	case method == methodKeyJWT:
		return a.rotateKey(ctx, c, opts)
	case method == methodNone:
		return nil, driver.Refuse(unified.FailedPrecondition, "", "the client is public (token_endpoint_auth_method none): it has no credential to rotate")
	}
	return a.rotateSecretAtOnce(ctx, clientID, opts)
}

// rotateSecretAtOnce replaces a client secret, with the caller's consent.
// credkit makes the secret (or takes RotateOptions.NewSecret) before the
// request, so the rotation it returns carries the secret even when the
// request fails: sending the same secret again (RotateOptions.Resume and
// NewSecret) completes it whether or not the first attempt took effect.
func (a *adapter) rotateSecretAtOnce(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	switch {
	case !opts.AllowImmediateRotation:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonImmediateRotation,
			"Hydra replaces a client's secret at once, with no overlap: the old secret would stop working now; "+
				"set RotateOptions.AllowImmediateRotation to consent, or switch the client to private_key_jwt, whose keys rotate with overlap")
	case opts.Resume != nil && opts.NewSecret.IsZero():
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonSecretRequired,
			"Hydra never shows a client's secret again: pass the rotation's new secret as RotateOptions.NewSecret to send it again, or rotate afresh")
	}
	secret := opts.NewSecret
	if secret.IsZero() {
		s, err := a.genSecret()
		if err != nil {
			return nil, driver.Refuse(unified.Internal, "", "making a secret: %v", err)
		}
		secret = unified.NewSecret(s)
	}
	a.vendor.Secrets.Remember(secret.Reveal()) // an echo of it is redacted
	rot := &unified.Rotation{Vendor: Vendor, ClientID: clientID, NewClientID: clientID,
		Old: unified.CredentialRef{ClientID: clientID, ID: secretID},
		New: unified.Credential{Vendor: Vendor, ClientID: clientID, ID: secretID, Kind: unified.KindClientSecret,
			Status: unified.StatusActive, Secret: secret, Hint: unified.Hint(secret)}}
	c, err := a.setSecret(ctx, "RotateSecret", clientID, secret)
	if err != nil {
		return rot, err // the secret reaches the caller: it may be in force
	}
	rot.New = driver.WithVendorValue(rot.New, c)
	rot.OldValidUntil = time.Now().UTC() // the old secret stopped working already
	return rot, nil
}

// secretID names the one secret of a client, which Hydra gives no ID.
const secretID = "client_secret"

// RegenerateSecret replaces the client's secret at once with one credkit
// makes: the old one stops working now.
func (a *adapter) RegenerateSecret(ctx context.Context, clientID string) (unified.Credential, error) {
	s, err := a.genSecret()
	if err != nil {
		return unified.Credential{}, driver.Refuse(unified.Internal, "", "making a secret: %v", err)
	}
	secret := unified.NewSecret(s)
	a.vendor.Secrets.Remember(s)
	c, err := a.setSecret(ctx, "RegenerateSecret", clientID, secret)
	if err != nil {
		return unified.Credential{}, err
	}
	cred := unified.Credential{Vendor: Vendor, ClientID: clientID, ID: secretID, Kind: unified.KindClientSecret,
		Status: unified.StatusActive, Secret: secret, Hint: unified.Hint(secret), Updated: deref(c.UpdatedAt)}
	return driver.WithVendorValue(cred, c), nil
}

// setSecret patches the client's secret and returns the client as Hydra
// answers, its secret and registration token emptied.
func (a *adapter) setSecret(ctx context.Context, op, clientID string, secret unified.Secret) (gen.OAuth2Client, error) {
	c, err := a.patchClient(ctx, op, clientID, gen.JsonPatchDocument{
		{Op: "replace", Path: "/client_secret", Value: ptr[any](secret.Reveal())},
	})
	c.ClientSecret, c.RegistrationAccessToken = nil, nil
	return c, err
}

// randomSecret is 32 bytes from crypto/rand, base64url: 43 characters,
// within bcrypt's 72 and over Hydra's minimum of 6.
func randomSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// rotateKey is a private_key_jwt rotation with overlap: the new public
// key joins the client's set, so that assertions signed by either key
// work. Its kid is its RFC 7638 thumbprint, by which a resumed rotation
// finds it; the new private key (PKCS#8 PEM) is Rotation.New.Secret, and
// Hydra never holds it.
func (a *adapter) rotateKey(ctx context.Context, c gen.OAuth2Client, opts *unified.RotateOptions) (*unified.Rotation, error) {
	clientID, keys, r := deref(c.ClientId), clientKeys(c), opts.Resume
	var old string
	switch {
	case r != nil && r.Old.ID == "":
		return nil, driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no old key")
	case r != nil:
		old = r.Old.ID
	case len(keys) > 1:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOpen,
			"the client's set holds %d keys already (an unfinished rotation?): finish it, or resume it with RotateOptions.Resume", len(keys))
	case len(keys) == 0:
		return nil, driver.Refuse(unified.FailedPrecondition, "", "the client's set holds no key to rotate from: add one with AddJSONWebKey")
	default:
		old = keys[0].Kid
	}
	key, err := newKey(opts, a.genKey, keys)
	if err != nil {
		return nil, err
	}
	rot := &unified.Rotation{Vendor: Vendor, ClientID: clientID, NewClientID: clientID, Old: unified.CredentialRef{ClientID: clientID, ID: old}}
	kid := ""
	if key != nil {
		kid = jwk.RSAThumbprint(&key.PublicKey)
	} else if r != nil {
		kid = r.New.ID
	}
	if i := keyIndex(keys, kid); kid != "" && i >= 0 {
		return withKey(rot, key, keys[i]), nil // resumed: the key is in the set
	}
	switch {
	case key == nil:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonSecretRequired,
			"the rotation's new key is not in the client's set and its private key is unknown: pass it as RotateOptions.NewSecret")
	case len(keys) >= maxKeys:
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonLimitReached,
			"the client's set holds %d keys: remove the one not in use first", len(keys))
	}
	k := publicJWK(&key.PublicKey, kid, "")
	rot = withKey(rot, key, k)
	if err := a.setKeys(ctx, "RotateSecret", clientID, append(slices.Clone(keys), k)); err != nil {
		return rot, err // the private key reaches the caller: the upload may have taken effect
	}
	return rot, nil
}

// withKey sets the rotation's new credential: the key k, and its private
// half as the secret when known.
func withKey(rot *unified.Rotation, key *rsa.PrivateKey, k gen.JsonWebKey) *unified.Rotation {
	rot.New = jsonWebKey(rot.ClientID, k).Credential
	if key != nil {
		rot.New.Secret = privatePEM(key)
	}
	return rot
}

// FinishRotation retires the old credential. For a key rotation it
// removes the old key from the set, after checking that the new one is
// there; for a secret rotation the old secret died when it began, and
// nothing is left to do.
func (a *adapter) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	const op = "FinishRotation"
	switch {
	case r.Old.ID == secretID:
		return nil
	case r.Old.ID == "":
		return driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "the rotation names no old credential")
	case r.New.ID == "":
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonResumeNeeded,
			"the rotation's new key was never confirmed: resume it with RotateSecret and RotateOptions.Resume first")
	}
	c, err := a.getClient(ctx, op, r.ClientID)
	if err != nil {
		return err
	}
	if keyIndex(clientKeys(c), r.New.ID) < 0 {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone,
			"the rotation's new key is not in the client's set: resume the rotation, or rotate again")
	}
	return a.removeKey(ctx, op, c, r.Old.ID)
}
