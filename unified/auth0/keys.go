package auth0

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"slices"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

// maxCredentials is how many credentials an Auth0 client may hold:
// "The current application storage limit is two credentials at one time"
// (https://auth0.com/docs/get-started/applications/rotate-credentials).
const maxCredentials = 2

// minKeyBits is the smallest RSA key Auth0 takes.
const minKeyBits = 2048

// ListJSONWebKeys lists the client's public-key credentials; those the
// client has enabled for private_key_jwt are ACTIVE, the others INACTIVE.
func (a *adapter) ListJSONWebKeys(ctx context.Context, clientID string) ([]unified.JSONWebKey, error) {
	const op = "ListJSONWebKeys"
	app, err := a.getClient(ctx, op, clientID)
	if err != nil {
		return nil, err
	}
	creds, err := a.listCredentials(ctx, op, clientID)
	if err != nil {
		return nil, err
	}
	enabled, _ := enabledIDs(app)
	out := make([]unified.JSONWebKey, 0, len(creds))
	for _, c := range creds {
		out = append(out, jsonWebKey(clientID, c, slices.Contains(enabled, c.Id)))
	}
	return out, nil
}

// GetJSONWebKey reads one credential and whether the client enables it.
func (a *adapter) GetJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return a.readKey(ctx, "GetJSONWebKey", ref)
}

func (a *adapter) readKey(ctx context.Context, op string, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	app, err := a.getClient(ctx, op, ref.ClientID)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	resp, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.GetClientCredential(ctx, ref.ClientID, ref.ID)
	}, gen.ParseGetClientCredentialResponse)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	if resp.JSON200 == nil {
		return unified.JSONWebKey{}, call.NotJSON(unified.Auth0, op, resp.HTTPResponse)
	}
	enabled, _ := enabledIDs(app)
	return jsonWebKey(ref.ClientID, *resp.JSON200, slices.Contains(enabled, ref.ID)), nil
}

// AddJSONWebKey uploads an RSA public key (at least 2048 bits, use "sig")
// as a public_key credential, and enables it for private_key_jwt unless
// key.Inactive; a client holds at most two.
func (a *adapter) AddJSONWebKey(ctx context.Context, clientID string, key unified.NewJSONWebKey) (unified.JSONWebKey, error) {
	const op = "AddJSONWebKey"
	pub, ok := key.Public.(*rsa.PublicKey)
	switch {
	case !ok:
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "Auth0 takes RSA public keys only")
	case pub.N.BitLen() < minKeyBits:
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "Auth0 takes RSA keys of at least %d bits", minKeyBits)
	case key.Use != "" && key.Use != "sig":
		return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "Auth0 keys sign client assertions: use must be \"sig\"")
	}
	body := gen.ClientCredentialCreate{CredentialType: gen.PublicKey, Kid: ptr(key.KeyID), Pem: ptr(publicPEM(pub))}
	if key.Algorithm != "" {
		alg := gen.CredentialAlgorithm(key.Algorithm)
		if !alg.Valid() {
			return unified.JSONWebKey{}, driver.Refuse(unified.InvalidArgument, "", "Auth0 takes the algorithms RS256, RS384 and PS256")
		}
		body.Alg = &alg
	}
	cred, err := a.createCredential(ctx, op, clientID, body)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	if !key.Inactive {
		if err := a.enable(ctx, op, clientID, cred.Id); err != nil {
			return unified.JSONWebKey{}, err
		}
	}
	k := jsonWebKey(clientID, cred, !key.Inactive)
	k.Public = pub
	return k, nil
}

// ActivateJSONWebKey enables the credential for private_key_jwt.
func (a *adapter) ActivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	const op = "ActivateJSONWebKey"
	if err := a.enable(ctx, op, ref.ClientID, ref.ID); err != nil {
		return unified.JSONWebKey{}, err
	}
	return a.readKey(ctx, op, ref)
}

// DeactivateJSONWebKey stops the client accepting the credential; it
// refuses the client's only enabled one.
func (a *adapter) DeactivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	const op = "DeactivateJSONWebKey"
	app, err := a.getClient(ctx, op, ref.ClientID)
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	enabled, _ := enabledIDs(app)
	if slices.Contains(enabled, ref.ID) {
		if len(enabled) == 1 {
			return unified.JSONWebKey{}, driver.Refuse(unified.FailedPrecondition, unified.ReasonOnlyActiveSecret,
				"refusing to disable the client's only enabled key; rotate it instead")
		}
		if err := a.setEnabled(ctx, op, ref.ClientID, slices.DeleteFunc(enabled, func(id string) bool { return id == ref.ID })); err != nil {
			return unified.JSONWebKey{}, err
		}
	}
	return a.readKey(ctx, op, ref)
}

// DeleteJSONWebKey deletes a credential the client does not enable (Auth0
// refuses an enabled one: FailedPrecondition, VendorCode as Auth0 sends
// it). One already gone is not an error.
func (a *adapter) DeleteJSONWebKey(ctx context.Context, ref unified.CredentialRef) error {
	return a.deleteCredential(ctx, "DeleteJSONWebKey", ref)
}

func (a *adapter) deleteCredential(ctx context.Context, op string, ref unified.CredentialRef) error {
	_, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.DeleteClientCredential(ctx, ref.ClientID, ref.ID)
	}, gen.ParseDeleteClientCredentialResponse)
	var e *unified.Error
	if errors.As(err, &e) && e.VendorCode == "inexistent_credential" {
		return nil // gone already
	}
	return err
}

func (a *adapter) listCredentials(ctx context.Context, op, clientID string) ([]gen.ClientCredential, error) {
	resp, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.GetClientCredentials(ctx, clientID)
	}, gen.ParseGetClientCredentialsResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, call.NotJSON(unified.Auth0, op, resp.HTTPResponse)
	}
	return *resp.JSON200, nil
}

func (a *adapter) createCredential(ctx context.Context, op, clientID string, body gen.ClientCredentialCreate) (gen.ClientCredential, error) {
	resp, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.CreateClientCredential(ctx, clientID, body)
	}, gen.ParseCreateClientCredentialResponse)
	if err != nil {
		return gen.ClientCredential{}, err
	}
	if resp.JSON201 == nil || resp.JSON201.Id == "" {
		return gen.ClientCredential{}, call.NotJSON(unified.Auth0, op, resp.HTTPResponse)
	}
	return *resp.JSON201, nil
}

// enable adds id to the client's enabled credentials, if it is not there.
func (a *adapter) enable(ctx context.Context, op, clientID, id string) error {
	app, err := a.getClient(ctx, op, clientID)
	if err != nil {
		return err
	}
	enabled, _ := enabledIDs(app)
	if slices.Contains(enabled, id) {
		return nil
	}
	return a.setEnabled(ctx, op, clientID, append(enabled, id))
}

// setEnabled makes ids the client's enabled private_key_jwt credentials.
func (a *adapter) setEnabled(ctx context.Context, op, clientID string, ids []string) error {
	var body gen.ClientUpdate
	if err := json.Unmarshal(enabledBody(ids), &body); err != nil {
		return err
	}
	_, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.UpdateClient(ctx, clientID, body)
	}, gen.ParseUpdateClientResponse)
	return err
}

// enabledBody is the update that enables exactly ids.
func enabledBody(ids []string) []byte {
	type credRef struct {
		ID string `json:"id"`
	}
	refs := make([]credRef, len(ids))
	for i, id := range ids {
		refs[i] = credRef{id}
	}
	out, _ := json.Marshal(map[string]any{"client_authentication_methods": map[string]any{"private_key_jwt": map[string]any{"credentials": refs}}})
	return out
}

// jsonWebKey is the portable form of a credential; As reaches
// gen.ClientCredential.
func jsonWebKey(clientID string, c gen.ClientCredential, enabled bool) unified.JSONWebKey {
	status := unified.StatusInactive
	if enabled {
		status = unified.StatusActive
	}
	cred := unified.Credential{Vendor: unified.Auth0, ClientID: clientID, ID: c.Id, Kind: unified.KindJSONWebKey,
		Status: status, Created: deref(c.CreatedAt), Updated: deref(c.UpdatedAt), Expires: deref(c.ExpiresAt), Hint: deref(c.Kid)}
	alg := string(deref(c.Alg))
	if alg == "" {
		alg = string(gen.CredentialAlgorithmRS256)
	}
	return unified.JSONWebKey{Credential: driver.WithVendorValue(cred, c), KeyID: deref(c.Kid), KeyType: "RSA", Use: "sig", Algorithm: alg}
}

// publicPEM is pub as a PEM SubjectPublicKeyInfo.
func publicPEM(pub *rsa.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}
