package okta

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

func (p *adapter) ListSecrets(ctx context.Context, appID string) ([]unified.Credential, error) {
	return p.listSecrets(ctx, "ListSecrets", appID)
}

func (p *adapter) listSecrets(ctx context.Context, op, appID string) ([]unified.Credential, error) {
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.ListOAuth2ClientSecrets(ctx, appID)
	}, call.Decode[[]gen.OAuth2ClientSecret](http.StatusOK))
	if err != nil {
		return nil, err
	}
	out := make([]unified.Credential, 0, len(resp))
	for _, s := range resp {
		out = append(out, secretCredential(appID, s))
	}
	return out, nil
}

func (p *adapter) GetSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	resp, err := call.Do(ctx, p.vendor, "GetSecret", func(ctx context.Context) (*http.Response, error) {
		return p.api.GetOAuth2ClientSecret(ctx, ref.ClientID, ref.ID)
	}, call.Decode[gen.OAuth2ClientSecret](http.StatusOK))
	if err != nil {
		return unified.Credential{}, err
	}
	return secretCredential(ref.ClientID, resp), nil
}

// CreateSecret adds a secret; value brings your own (14 to 100 printable
// ASCII characters, as Okta requires). Okta refuses a third secret with a
// validation error, which gets unified.ReasonLimitReached.
func (p *adapter) CreateSecret(ctx context.Context, appID string, value unified.Secret) (unified.Credential, error) {
	c, err := p.createSecret(ctx, "CreateSecret", appID, value)
	if unified.CodeOf(err) == unified.InvalidArgument {
		var e *unified.Error
		if secrets, lerr := p.listSecrets(ctx, "CreateSecret", appID); lerr == nil && len(secrets) >= 2 && errors.As(err, &e) {
			e.Reason = unified.ReasonLimitReached
		}
	}
	return c, err
}

func (p *adapter) createSecret(ctx context.Context, op, appID string, value unified.Secret) (unified.Credential, error) {
	body := gen.OAuth2ClientSecretRequestBody{}
	if !value.IsZero() {
		v := value.Reveal()
		body.ClientSecret = &v
		p.vendor.Secrets.Remember(v) // an echo of it is redacted
	}
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.CreateOAuth2ClientSecret(ctx, appID, body)
	}, call.Decode[gen.OAuth2ClientSecret](http.StatusCreated))
	if err != nil {
		return unified.Credential{}, err
	}
	return secretCredential(appID, resp), nil
}

// RevokeSecret deactivates (if needed) and deletes a secret. It refuses to
// touch the app's only active secret.
func (p *adapter) RevokeSecret(ctx context.Context, ref unified.CredentialRef) error {
	secrets, err := p.listSecrets(ctx, "RevokeSecret", ref.ClientID)
	if err != nil {
		return err
	}
	target, ok := find(secrets, ref.ID)
	if !ok {
		return &unified.Error{Code: unified.NotFound, Message: "the app has no secret " + ref.ID}
	}
	if target.Status == unified.StatusActive && countActive(secrets) == 1 {
		return driver.Refuse(unified.FailedPrecondition, unified.ReasonOnlyActiveSecret, "refusing to revoke the app's only active secret; rotate it instead")
	}
	return p.retire(ctx, "RevokeSecret", target)
}

// retire deactivates an active secret and deletes it; an already deleted
// one is not an error, so that a retried retirement completes.
func (p *adapter) retire(ctx context.Context, op string, s unified.Credential) error {
	if s.Status == unified.StatusActive {
		_, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
			return p.api.DeactivateOAuth2ClientSecret(ctx, s.ClientID, s.ID)
		}, gen.ParseDeactivateOAuth2ClientSecretResponse)
		if err != nil && unified.CodeOf(err) != unified.NotFound {
			return err
		}
	}
	_, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.DeleteOAuth2ClientSecret(ctx, s.ClientID, s.ID)
	}, gen.ParseDeleteOAuth2ClientSecretResponse)
	if unified.CodeOf(err) == unified.NotFound {
		return nil
	}
	return err
}

// ActivateSecret makes an inactive secret work again.
func (p *adapter) ActivateSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	return p.activate(ctx, "ActivateSecret", unified.Credential{ClientID: ref.ClientID, ID: ref.ID})
}

// DeactivateSecret stops a secret working without deleting it. Okta
// refuses (InvalidArgument) to deactivate the app's only active secret.
func (p *adapter) DeactivateSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	resp, err := call.Do(ctx, p.vendor, "DeactivateSecret", func(ctx context.Context) (*http.Response, error) {
		return p.api.DeactivateOAuth2ClientSecret(ctx, ref.ClientID, ref.ID)
	}, call.Decode[gen.OAuth2ClientSecret](http.StatusOK))
	if err != nil {
		return unified.Credential{}, err
	}
	return secretCredential(ref.ClientID, resp), nil
}

func (p *adapter) activate(ctx context.Context, op string, s unified.Credential) (unified.Credential, error) {
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.ActivateOAuth2ClientSecret(ctx, s.ClientID, s.ID)
	}, call.Decode[gen.OAuth2ClientSecret](http.StatusOK))
	if err != nil {
		return unified.Credential{}, err
	}
	return secretCredential(s.ClientID, resp), nil
}

func secretCredential(appID string, s gen.OAuth2ClientSecret) unified.Credential {
	c := unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: deref(s.Id), Kind: unified.KindClientSecret,
		Status: unified.Status(s.Status), Created: derefTime(s.Created), Updated: derefTime(s.LastUpdated),
		Hint: deref(s.SecretHash), Secret: unified.NewSecret(deref(s.ClientSecret)),
	}
	if c.Hint == "" {
		c.Hint = unified.Hint(c.Secret)
	}
	return driver.WithVendorValue(c, s)
}

func find(creds []unified.Credential, id string) (unified.Credential, bool) {
	for _, c := range creds {
		if c.ID == id {
			return c, true
		}
	}
	return unified.Credential{}, false
}

func countActive(creds []unified.Credential) int {
	n := 0
	for _, c := range creds {
		if c.Status == unified.StatusActive {
			n++
		}
	}
	return n
}
