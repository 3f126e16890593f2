package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type secretsRevokeOptions struct {
	base
	Client, ID string
}

func newSecretsRevokeCmd(f *factory) *cobra.Command {
	opts := &secretsRevokeOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "revoke <client> <credential-id>",
		Short: "revoke one secret (never a client's only working one)",
		Long:  "Revoke a secret. Providers refuse to revoke a client's only working secret (CSP: the IDs are \"current\" and \"previous\").",
		Args:  exactArgs(2, "name a client and one of its credential IDs"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client, opts.ID = args[0], args[1]
			return secretsRevokeRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func secretsRevokeRun(o *secretsRevokeOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: client, ID: o.ID}
	if err := s.provider.RevokeSecret(o.ctx(), ref); err != nil {
		return o.fail("revoking secret "+ref.ID+" of "+ref.ClientID, err)
	}
	return o.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "revoked"}})
}
