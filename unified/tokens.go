package unified

import (
	"context"
	"iter"
)

// RefreshToken is a refresh token issued to a client; the token value is
// never returned by vendors, only its record.
type RefreshToken struct {
	Credential
	UserID string   `json:"userId,omitempty"`
	Issuer string   `json:"issuer,omitempty"`
	Scopes []string `json:"scopes,omitempty"`
}

// ListRefreshTokensOptions tune ListRefreshTokens.
type ListRefreshTokensOptions struct {
	// PageSize is how many tokens each request asks for (Okta: 1 to 200).
	// Zero: the vendor's default.
	PageSize int
	// WithScopes asks the vendor to embed the scope objects.
	WithScopes bool
}

// RefreshTokenManager lists and revokes the refresh tokens issued to a
// client (Okta).
type RefreshTokenManager interface {
	// ListRefreshTokens yields every token, following the vendor's pages;
	// it stops at the first error, which it yields.
	ListRefreshTokens(ctx context.Context, clientID string, opts *ListRefreshTokensOptions) iter.Seq2[RefreshToken, error]
	GetRefreshToken(ctx context.Context, ref CredentialRef) (RefreshToken, error)
	RevokeRefreshToken(ctx context.Context, ref CredentialRef) error
	// RevokeAllRefreshTokens revokes every refresh token of the client and
	// the access tokens minted with them.
	RevokeAllRefreshTokens(ctx context.Context, clientID string) error
}
