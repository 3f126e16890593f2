package main

import (
	"strings"

	"github.com/spf13/cobra"
)

type tokensListOptions struct {
	base
	Client string
}

func newTokensListCmd(f *factory) *cobra.Command {
	opts := &tokensListOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "list <client>",
		Short: "list the refresh tokens issued to a client",
		Long:  "List the refresh tokens issued to a client (the records; vendors never return a token's value).",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return tokensListRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func tokensListRun(o *tokensListOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := refreshTokens(s.provider, "ListRefreshTokens")
	if err != nil {
		return o.fail("listing the refresh tokens of "+client, err)
	}
	tokens := []tokenJSON{}
	var rows [][]string
	now := o.f.Clock.Now()
	for t, err := range m.ListRefreshTokens(o.ctx(), client, nil) {
		if err != nil {
			return o.fail("listing the refresh tokens of "+client, err)
		}
		tokens = append(tokens, tokenJSON{ClientID: t.ClientID, ID: t.ID, Status: t.Status, UserID: t.UserID, Scopes: t.Scopes, Created: t.Created, Expires: t.Expires})
		rows = append(rows, []string{t.ID, string(t.Status), t.UserID, strings.Join(t.Scopes, " "), formatTime(t.Created), age(now, t.Created), formatTime(t.Expires)})
	}
	return o.emit(tokens, []string{"ID", "STATUS", "USER", "SCOPES", "CREATED", "AGE", "EXPIRES"}, rows)
}
