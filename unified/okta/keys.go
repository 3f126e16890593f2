package okta

import (
	"context"
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
		out = append(out, keyCredential(appID, k))
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
	return keyCredential(ref.ClientID, *resp.JSON200), nil
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
	return keyCredential(appID, *resp.JSON201), nil
}

func (p *adapter) CloneKeyCredential(ctx context.Context, ref unified.CredentialRef, targetAppID string) (unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "CloneKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.CloneApplicationKey(ctx, ref.ClientID, ref.ID, &gen.CloneApplicationKeyParams{TargetAid: targetAppID})
	}, call.JSON(gen.ParseCloneApplicationKeyResponse, func(r *gen.CloneApplicationKeyResponse) *gen.JsonWebKey { return r.JSON201 }))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return keyCredential(targetAppID, *resp.JSON201), nil
}

// keyCredential converts a key credential; its ID is its kid. The
// generated client has already decoded x5c from base64 (the spec declares
// its entries format: byte), so the DER chain is the decoded answer's own:
// an entry that is not standard base64 fails the answer's decoding.
func keyCredential(appID string, k gen.JsonWebKey) unified.KeyCredential {
	cred := driver.WithVendorValue(unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: deref(k.Kid), Kind: unified.KindKeyCredential, Status: unified.StatusActive,
		Created: derefTime(k.Created), Updated: derefTime(k.LastUpdated), Expires: derefTime(k.ExpiresAt),
	}, k)
	return unified.KeyCredential{Credential: cred, KeyType: deref(k.Kty), Certificates: deref(k.X5c), Thumbprint: deref(k.X5tS256)}
}
