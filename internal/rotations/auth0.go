package rotations

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"slices"

	"github.com/credkit/credkit/internal/jwk"

	"github.com/credkit/credkit/unified"
)

// auth0SecretID is the ID package auth0 gives a client's one secret.
const auth0SecretID = "client_secret"

// auth0Intent fills the intent of an Auth0 rotation. A private_key_jwt
// client (one key, enabled) rotates with overlap: the key pair is made
// here, its private half written to --secret-file now, before the upload,
// and its kid (the RFC 7638 thumbprint, which Auth0 keeps) recorded, by
// which a lost answer is found again. A client with no key rotates its
// secret at once (with the caller's consent). Any other client is left
// for the vendor to refuse (another rotation is open).
func (j *Provider) auth0Intent(ctx context.Context, r *unified.Rotation, o *unified.RotateOptions) error {
	keys, ok := j.CredentialProvider.(unified.JSONWebKeyManager)
	if !ok {
		return &unified.Error{Code: unified.FailedPrecondition, Vendor: unified.Auth0, Op: "RotateSecret",
			Message: "the journaled rotation of an Auth0 client needs its provider to manage JSON Web Keys"}
	}
	held, err := keys.ListJSONWebKeys(ctx, r.ClientID)
	if err != nil {
		return err
	}
	var active []unified.JSONWebKey
	for _, k := range held {
		if k.Status == unified.StatusActive {
			active = append(active, k)
		}
	}
	switch {
	case len(held) == 0:
		r.NewClientID, r.Old = r.ClientID, unified.CredentialRef{ClientID: r.ClientID, ID: auth0SecretID}
		return nil
	case len(held) != 1 || len(active) != 1:
		return nil
	}
	key, err := j.newKey(held)
	if err != nil {
		return err
	}
	secret := privatePEM(key)
	if err := j.keep(unified.Auth0, r.ClientID, r.ClientID, secret); err != nil {
		return err
	}
	o.NewSecret = secret
	r.NewClientID, r.Old = r.ClientID, active[0].Ref()
	r.New = unified.Credential{Vendor: unified.Auth0, ClientID: r.ClientID, Kind: unified.KindJSONWebKey, Hint: jwk.RSAThumbprint(&key.PublicKey)}
	return nil
}

// newKey makes the key pair of a rotation, never one the client holds.
func (j *Provider) newKey(held []unified.JSONWebKey) (*rsa.PrivateKey, error) {
	generate := j.GenerateKey
	if generate == nil {
		generate = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }
	}
	for range len(held) + 2 {
		key, err := generate()
		if err != nil {
			return nil, err
		}
		kid := jwk.RSAThumbprint(&key.PublicKey)
		if !slices.ContainsFunc(held, func(k unified.JSONWebKey) bool { return k.KeyID == kid }) {
			return key, nil
		}
	}
	return nil, &unified.Error{Code: unified.Internal, Vendor: unified.Auth0, Op: "RotateSecret",
		Message: "GenerateKey keeps making keys the client holds already"}
}

// keyThumbprint is the kid of a PEM RSA private key, "" if it is none:
// a key --secret-file holds is the rotation's only if its kid is the one
// recorded (the file's last key of the client may be an earlier one's).
func keyThumbprint(s unified.Secret) string {
	block, _ := pem.Decode([]byte(s.Reveal()))
	if block == nil {
		return ""
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		key, _ = k.(*rsa.PrivateKey)
	} else if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		key = k
	}
	if key == nil {
		return ""
	}
	return jwk.RSAThumbprint(&key.PublicKey)
}

// auth0Pending settles an Auth0 rotation whose intent was recorded and
// whose answer never was. It returns true when the rotation was dropped
// so that a new one begins: a secret rotation is immediate, so it is done
// again (a lost answer's secret is replaced by one the user gets); a key
// rotation whose private key --secret-file does not hold can never be
// completed, so its uploaded key (found by the recorded kid) is deleted
// first; so is one whose intent recorded no kid (it cannot be told from
// another's). A key rotation whose private key is known is resumed: the
// adapter finds the key by its ID or kid, or uploads it.
func (j *Provider) auth0Pending(ctx context.Context, saved *unified.Rotation) (bool, error) {
	switch {
	case saved.Old.ID == auth0SecretID || saved.Old.ID == "":
		return true, j.State.Drop(saved.Vendor, saved.ClientID)
	case saved.New.Hint != "" && keyThumbprint(j.secretOf(saved)) == saved.New.Hint:
		return false, nil
	}
	keys, ok := j.CredentialProvider.(unified.JSONWebKeyManager)
	if !ok {
		return false, &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonSecretRequired, Vendor: saved.Vendor, Op: "RotateSecret",
			Message: "the saved rotation's private key is lost and this provider cannot delete the key it may have uploaded"}
	}
	held, err := keys.ListJSONWebKeys(ctx, saved.ClientID)
	if err != nil {
		return false, err
	}
	for _, k := range held {
		orphan := k.ID != saved.Old.ID && ((saved.New.ID != "" && k.ID == saved.New.ID) || (saved.New.Hint != "" && k.KeyID == saved.New.Hint))
		if !orphan {
			continue
		}
		if k.Status == unified.StatusActive {
			if _, err := keys.DeactivateJSONWebKey(ctx, k.Ref()); err != nil {
				return false, err
			}
		}
		if err := keys.DeleteJSONWebKey(ctx, k.Ref()); err != nil && unified.CodeOf(err) != unified.NotFound {
			return false, err
		}
	}
	return true, j.State.Drop(saved.Vendor, saved.ClientID)
}

// privatePEM is key as a PKCS#8 PEM secret.
func privatePEM(key *rsa.PrivateKey) unified.Secret {
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	return unified.NewSecret(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
}
