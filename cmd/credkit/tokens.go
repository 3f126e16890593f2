package main

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/credkit/credkit/unified"
)

// tokensCommands are "credkit tokens <command>": the refresh tokens issued to a
// client, where the vendor shows them (Okta).
var tokensCommands = []subcommand{
	{"list", "<client>", "list the refresh tokens issued to a client", tokensList},
	{"revoke", "<client> (<token-id> | --all)", "revoke one refresh token, or all of a client's", tokensRevoke},
}

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

func tokensList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "tokens list", "List the refresh tokens issued to a client (the records; vendors never return a token's value).", stdout, stderr).withVendor()
	s, pos, err := c.clientCommand(args, 1, "name one client")
	if err != nil {
		return err
	}
	defer s.close()
	m, err := refreshTokens(s.provider, "ListRefreshTokens")
	if err != nil {
		return c.fail("listing the refresh tokens of "+pos[0], err)
	}
	tokens := []tokenJSON{}
	var rows [][]string
	now := clock.Now()
	for t, err := range m.ListRefreshTokens(c.ctx, pos[0], nil) {
		if err != nil {
			return c.fail("listing the refresh tokens of "+pos[0], err)
		}
		tokens = append(tokens, tokenJSON{ClientID: t.ClientID, ID: t.ID, Status: t.Status, UserID: t.UserID, Scopes: t.Scopes, Created: t.Created, Expires: t.Expires})
		rows = append(rows, []string{t.ID, string(t.Status), t.UserID, strings.Join(t.Scopes, " "), formatTime(t.Created), age(now, t.Created), formatTime(t.Expires)})
	}
	return c.emit(tokens, []string{"ID", "STATUS", "USER", "SCOPES", "CREATED", "AGE", "EXPIRES"}, rows)
}

func tokensRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "tokens revoke", "Revoke one refresh token of a client, or with --all every refresh token of the client and the access tokens minted with them.", stdout, stderr).withVendor()
	all := c.fs.Bool("all", false, "revoke every refresh token of the client")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	switch {
	case *all && len(pos) != 1:
		return c.usageError("with --all, name only the client")
	case !*all && len(pos) != 2:
		return c.usageError("name a client and one of its token IDs, or the client and --all")
	}
	s, err := c.connect()
	if err != nil {
		return err
	}
	defer s.close()
	client := s.resolve(pos[:1])[0]
	m, err := refreshTokens(s.provider, "RevokeRefreshToken")
	if err != nil {
		return c.fail("revoking refresh tokens of "+client, err)
	}
	id, what := "all", "revoking the refresh tokens of "+client
	if *all {
		err = m.RevokeAllRefreshTokens(c.ctx, client)
	} else {
		id, what = pos[1], "revoking refresh token "+pos[1]+" of "+client
		err = m.RevokeRefreshToken(c.ctx, unified.CredentialRef{ClientID: client, ID: id})
	}
	if err != nil {
		return c.fail(what, err)
	}
	return c.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{client, id, true}, []string{"CLIENT", "TOKEN", "RESULT"}, [][]string{{client, id, "revoked"}})
}
