package okta

import (
	"context"
	"encoding/base64"
	"net/http"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

func (p *adapter) ListKeyCredentials(ctx context.Context, appID string) ([]unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "ListKeyCredentials", func(ctx context.Context) (*http.Response, error) {
		return p.api.ListApplicationKeys(ctx, appID)
	}, call.JSON(gen.ParseListApplicationKeysResponse, func(r *gen.ListApplicationKeysResponse) *[]gen.JsonWebKey { return r.JSON200 }))
	if err != nil {
		return nil, err
	}
	out := make([]unified.KeyCredential, 0, len(*resp.JSON200))
	for _, k := range *resp.JSON200 {
		kc, err := keyCredential(appID, k)
		if err != nil {
			return nil, undecodable("ListKeyCredentials", err)
		}
		out = append(out, kc)
	}
	return out, nil
}

func (p *adapter) GetKeyCredential(ctx context.Context, ref unified.CredentialRef) (unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "GetKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.GetApplicationKey(ctx, ref.ClientID, ref.ID)
	}, call.JSON(gen.ParseGetApplicationKeyResponse, func(r *gen.GetApplicationKeyResponse) *gen.JsonWebKey { return r.JSON200 }))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return p.keyAnswer("GetKeyCredential", ref.ClientID, *resp.JSON200)
}

// GenerateKeyCredential creates a self-signed key; Okta allows 2 to 10
// validity years, which is checked before the request.
func (p *adapter) GenerateKeyCredential(ctx context.Context, appID string, validityYears int) (unified.KeyCredential, error) {
	if validityYears < 2 || validityYears > 10 {
		return unified.KeyCredential{}, &unified.Error{Code: unified.InvalidArgument, Message: "validityYears must be 2 to 10"}
	}
	resp, err := call.Do(ctx, p.vendor, "GenerateKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.GenerateApplicationKey(ctx, appID, &gen.GenerateApplicationKeyParams{ValidityYears: validityYears})
	}, call.JSON(gen.ParseGenerateApplicationKeyResponse, func(r *gen.GenerateApplicationKeyResponse) *gen.JsonWebKey { return r.JSON201 }))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return p.keyAnswer("GenerateKeyCredential", appID, *resp.JSON201)
}

func (p *adapter) CloneKeyCredential(ctx context.Context, ref unified.CredentialRef, targetAppID string) (unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "CloneKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.CloneApplicationKey(ctx, ref.ClientID, ref.ID, &gen.CloneApplicationKeyParams{TargetAid: targetAppID})
	}, call.JSON(gen.ParseCloneApplicationKeyResponse, func(r *gen.CloneApplicationKeyResponse) *gen.JsonWebKey { return r.JSON201 }))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return p.keyAnswer("CloneKeyCredential", targetAppID, *resp.JSON201)
}

func (p *adapter) keyAnswer(op, appID string, k gen.JsonWebKey) (unified.KeyCredential, error) {
	kc, err := keyCredential(appID, k)
	if err != nil {
		return unified.KeyCredential{}, undecodable(op, err)
	}
	return kc, nil
}

// keyCredential converts a key credential; its ID is its kid.
func keyCredential(appID string, k gen.JsonWebKey) (unified.KeyCredential, error) {
	var chain [][]byte
	for _, c := range deref(k.X5c) {
		der, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			return unified.KeyCredential{}, err
		}
		chain = append(chain, der)
	}
	cred := driver.WithVendorValue(unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: deref(k.Kid), Kind: unified.KindKeyCredential, Status: unified.StatusActive,
		Created: derefTime(k.Created), Updated: derefTime(k.LastUpdated), Expires: derefTime(k.ExpiresAt),
	}, k)
	return unified.KeyCredential{Credential: cred, KeyType: deref(k.Kty), Certificates: chain, Thumbprint: deref(k.X5tS256)}, nil
}
