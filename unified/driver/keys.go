package driver

import (
	"context"
	"iter"

	"github.com/credkit/credkit/unified"
)

// ListJSONWebKeys lists a client's JSON Web Keys.
func (p *portable) ListJSONWebKeys(ctx context.Context, clientID string) ([]unified.JSONWebKey, error) {
	return call(p, "ListJSONWebKeys", ids("client ID", clientID), func(d JSONWebKeyManager) ([]unified.JSONWebKey, error) {
		return d.ListJSONWebKeys(ctx, clientID)
	})
}

// GetJSONWebKey reads one key.
func (p *portable) GetJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return call(p, "GetJSONWebKey", refIDs(ref, "key ID"), func(d JSONWebKeyManager) (unified.JSONWebKey, error) {
		return d.GetJSONWebKey(ctx, ref)
	})
}

// AddJSONWebKey adds a key; an empty KeyID leaves the kid to the vendor.
func (p *portable) AddJSONWebKey(ctx context.Context, clientID string, key unified.NewJSONWebKey) (unified.JSONWebKey, error) {
	checks := ids("client ID", clientID)
	if key.KeyID != "" { // no kid: the vendor's default applies
		checks = append(checks, "key kid", key.KeyID)
	}
	return call(p, "AddJSONWebKey", checks, func(d JSONWebKeyManager) (unified.JSONWebKey, error) {
		return d.AddJSONWebKey(ctx, clientID, key)
	})
}

// ActivateJSONWebKey activates a key.
func (p *portable) ActivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return call(p, "ActivateJSONWebKey", refIDs(ref, "key ID"), func(d JSONWebKeyManager) (unified.JSONWebKey, error) {
		return d.ActivateJSONWebKey(ctx, ref)
	})
}

// DeactivateJSONWebKey deactivates a key.
func (p *portable) DeactivateJSONWebKey(ctx context.Context, ref unified.CredentialRef) (unified.JSONWebKey, error) {
	return call(p, "DeactivateJSONWebKey", refIDs(ref, "key ID"), func(d JSONWebKeyManager) (unified.JSONWebKey, error) {
		return d.DeactivateJSONWebKey(ctx, ref)
	})
}

// DeleteJSONWebKey deletes a key.
func (p *portable) DeleteJSONWebKey(ctx context.Context, ref unified.CredentialRef) error {
	return exec(p, "DeleteJSONWebKey", refIDs(ref, "key ID"), func(d JSONWebKeyManager) error { return d.DeleteJSONWebKey(ctx, ref) })
}

// ListKeyCredentials lists a client's X.509 key credentials.
func (p *portable) ListKeyCredentials(ctx context.Context, clientID string) ([]unified.KeyCredential, error) {
	return call(p, "ListKeyCredentials", ids("client ID", clientID), func(d KeyCredentialManager) ([]unified.KeyCredential, error) {
		return d.ListKeyCredentials(ctx, clientID)
	})
}

// GetKeyCredential reads one key credential.
func (p *portable) GetKeyCredential(ctx context.Context, ref unified.CredentialRef) (unified.KeyCredential, error) {
	return call(p, "GetKeyCredential", refIDs(ref, "key kid"), func(d KeyCredentialManager) (unified.KeyCredential, error) {
		return d.GetKeyCredential(ctx, ref)
	})
}

// GenerateKeyCredential creates a self-signed key.
func (p *portable) GenerateKeyCredential(ctx context.Context, clientID string, validityYears int) (unified.KeyCredential, error) {
	return call(p, "GenerateKeyCredential", ids("client ID", clientID), func(d KeyCredentialManager) (unified.KeyCredential, error) {
		return d.GenerateKeyCredential(ctx, clientID, validityYears)
	})
}

// CloneKeyCredential copies a key to another client.
func (p *portable) CloneKeyCredential(ctx context.Context, ref unified.CredentialRef, targetClientID string) (unified.KeyCredential, error) {
	return call(p, "CloneKeyCredential", ids("client ID", ref.ClientID, "key kid", ref.ID, "target client ID", targetClientID),
		func(d KeyCredentialManager) (unified.KeyCredential, error) {
			return d.CloneKeyCredential(ctx, ref, targetClientID)
		})
}

// ListCSRs lists a client's certificate signing requests.
func (p *portable) ListCSRs(ctx context.Context, clientID string) ([]unified.CSR, error) {
	return call(p, "ListCSRs", ids("client ID", clientID), func(d CSRManager) ([]unified.CSR, error) { return d.ListCSRs(ctx, clientID) })
}

// GetCSR reads one CSR.
func (p *portable) GetCSR(ctx context.Context, ref unified.CredentialRef) (unified.CSR, error) {
	return call(p, "GetCSR", refIDs(ref, "CSR ID"), func(d CSRManager) (unified.CSR, error) { return d.GetCSR(ctx, ref) })
}

// GenerateCSR asks the vendor for a key pair and its CSR.
func (p *portable) GenerateCSR(ctx context.Context, clientID string, subject unified.CSRSubject) (unified.CSR, error) {
	return call(p, "GenerateCSR", ids("client ID", clientID), func(d CSRManager) (unified.CSR, error) {
		return d.GenerateCSR(ctx, clientID, subject)
	})
}

// PublishCSR installs the signed certificate of a CSR.
func (p *portable) PublishCSR(ctx context.Context, ref unified.CredentialRef, certificate []byte) (unified.KeyCredential, error) {
	const op = "PublishCSR"
	if len(certificate) == 0 {
		if err := p.checkIDs(op, refIDs(ref, "CSR ID")...); err != nil {
			return unified.KeyCredential{}, err
		}
		return unified.KeyCredential{}, p.wrap(op, Refuse(unified.InvalidArgument, "", "the certificate is empty"))
	}
	return call(p, op, refIDs(ref, "CSR ID"), func(d CSRManager) (unified.KeyCredential, error) {
		return d.PublishCSR(ctx, ref, certificate)
	})
}

// RevokeCSR revokes a CSR.
func (p *portable) RevokeCSR(ctx context.Context, ref unified.CredentialRef) error {
	return exec(p, "RevokeCSR", refIDs(ref, "CSR ID"), func(d CSRManager) error { return d.RevokeCSR(ctx, ref) })
}

// ListRefreshTokens yields the refresh tokens issued to a client.
func (p *portable) ListRefreshTokens(ctx context.Context, clientID string, opts *unified.ListRefreshTokensOptions) iter.Seq2[unified.RefreshToken, error] {
	const op = "ListRefreshTokens"
	return func(yield func(unified.RefreshToken, error) bool) {
		d, err := driverFor[RefreshTokenManager](p, op, "client ID", clientID)
		if err != nil {
			yield(unified.RefreshToken{}, err)
			return
		}
		list(p, op, yield, func(yield func(unified.RefreshToken) bool) error {
			return d.ListRefreshTokens(ctx, clientID, opts, yield)
		})
	}
}

// GetRefreshToken reads one refresh token's record.
func (p *portable) GetRefreshToken(ctx context.Context, ref unified.CredentialRef) (unified.RefreshToken, error) {
	return call(p, "GetRefreshToken", refIDs(ref, "token ID"), func(d RefreshTokenManager) (unified.RefreshToken, error) {
		return d.GetRefreshToken(ctx, ref)
	})
}

// RevokeRefreshToken revokes one refresh token.
func (p *portable) RevokeRefreshToken(ctx context.Context, ref unified.CredentialRef) error {
	return exec(p, "RevokeRefreshToken", refIDs(ref, "token ID"), func(d RefreshTokenManager) error { return d.RevokeRefreshToken(ctx, ref) })
}

// RevokeAllRefreshTokens revokes every refresh token of a client.
func (p *portable) RevokeAllRefreshTokens(ctx context.Context, clientID string) error {
	return exec(p, "RevokeAllRefreshTokens", ids("client ID", clientID), func(d RefreshTokenManager) error {
		return d.RevokeAllRefreshTokens(ctx, clientID)
	})
}

var (
	_ unified.CredentialProvider   = (*portable)(nil)
	_ unified.JSONWebKeyManager    = (*portable)(nil)
	_ unified.KeyCredentialManager = (*portable)(nil)
	_ unified.CSRManager           = (*portable)(nil)
	_ unified.RefreshTokenManager  = (*portable)(nil)
	_ unified.ClientLister         = (*portable)(nil)
	_ unified.ClientDeleter        = (*portable)(nil)
	_ unified.SecretRegenerator    = (*portable)(nil)
	_ unified.SecretStateManager   = (*portable)(nil)
)
