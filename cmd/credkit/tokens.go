package main

import (
	"time"

	"github.com/credkit/credkit/unified"
)

// What the tokens commands share: the refresh tokens issued to a client,
// where the vendor shows them (Okta).

// tokenJSON is a refresh token in the output; vendors never return the
// token itself.
type tokenJSON struct {
	ClientID string         `json:"clientId"`
	ID       string         `json:"id"`
	Status   unified.Status `json:"status"`
	UserID   string         `json:"userId,omitempty"`
	Scopes   []string       `json:"scopes,omitempty"`
	Created  time.Time      `json:"created,omitzero"`
	Expires  time.Time      `json:"expires,omitzero"`
}

func refreshTokens(p *unified.Provider, op string) (*unified.Provider, error) {
	m := p
	if !p.Capabilities().RefreshTokens {
		return nil, unimplemented(p.Vendor(), op, "refresh tokens it can list or revoke")
	}
	return m, nil
}
