package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type tokensRevokeOptions struct {
	base
	Client, ID string
	All        bool
}

func newTokensRevokeCmd(f *factory) *cobra.Command {
	opts := &tokensRevokeOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "revoke <client> (<token-id> | --all)",
		Short: "revoke one refresh token, or all of a client's",
		Long:  "Revoke one refresh token of a client, or with --all every refresh token of the client and the access tokens minted with them.",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case opts.All && len(args) != 1:
				return usagef(cmd, "with --all, name only the client")
			case !opts.All && len(args) != 2:
				return usagef(cmd, "name a client and one of its token IDs, or the client and --all")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			if len(args) > 1 {
				opts.ID = args[1]
			}
			return tokensRevokeRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().BoolVar(&opts.All, "all", false, "revoke every refresh token of the client")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func tokensRevokeRun(o *tokensRevokeOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := refreshTokens(s.provider, "RevokeRefreshToken")
	if err != nil {
		return o.fail("revoking refresh tokens of "+client, err)
	}
	id, what := "all", "revoking the refresh tokens of "+client
	if o.All {
		err = m.RevokeAllRefreshTokens(o.ctx(), client)
	} else {
		id, what = o.ID, "revoking refresh token "+o.ID+" of "+client
		err = m.RevokeRefreshToken(o.ctx(), unified.CredentialRef{ClientID: client, ID: id})
	}
	if err != nil {
		return o.fail(what, err)
	}
	return o.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{client, id, true}, []string{"CLIENT", "TOKEN", "RESULT"}, [][]string{{client, id, "revoked"}})
}
