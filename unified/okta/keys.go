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
	}, call.Decode[[]gen.JsonWebKey](http.StatusOK))
	if err != nil {
		return nil, err
	}
	out := make([]unified.KeyCredential, 0, len(resp))
	for _, k := range resp {
		out = append(out, keyCredential(appID, k))
	}
	return out, nil
}

func (p *adapter) GetKeyCredential(ctx context.Context, ref unified.CredentialRef) (unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "GetKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.GetApplicationKey(ctx, ref.ClientID, ref.ID)
	}, call.Decode[gen.JsonWebKey](http.StatusOK))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return keyCredential(ref.ClientID, resp), nil
}

// GenerateKeyCredential creates a self-signed key; Okta allows 2 to 10
// validity years, which is checked before the request.
func (p *adapter) GenerateKeyCredential(ctx context.Context, appID string, validityYears int) (unified.KeyCredential, error) {
	if validityYears < 2 || validityYears > 10 {
		return unified.KeyCredential{}, &unified.Error{Code: unified.InvalidArgument, Message: "validityYears must be 2 to 10"}
	}
	resp, err := call.Do(ctx, p.vendor, "GenerateKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.GenerateApplicationKey(ctx, appID, &gen.GenerateApplicationKeyParams{ValidityYears: validityYears})
	}, call.Decode[gen.JsonWebKey](http.StatusCreated))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return keyCredential(appID, resp), nil
}

func (p *adapter) CloneKeyCredential(ctx context.Context, ref unified.CredentialRef, targetAppID string) (unified.KeyCredential, error) {
	resp, err := call.Do(ctx, p.vendor, "CloneKeyCredential", func(ctx context.Context) (*http.Response, error) {
		return p.api.CloneApplicationKey(ctx, ref.ClientID, ref.ID, &gen.CloneApplicationKeyParams{TargetAid: targetAppID})
	}, call.Decode[gen.JsonWebKey](http.StatusCreated))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return keyCredential(targetAppID, resp), nil
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
