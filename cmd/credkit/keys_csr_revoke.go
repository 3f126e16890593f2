package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type keysCSRRevokeOptions struct {
	base
	Client, CSRID string
}

func newKeysCSRRevokeCmd(f *factory) *cobra.Command {
	opts := &keysCSRRevokeOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "csr-revoke <client> <csr-id>",
		Short: "revoke a CSR that is not published",
		Long:  "Revoke a CSR that is not published; its key is gone with it.",
		Args:  exactArgs(2, "name a client and one of its CSR IDs (see credkit keys list)"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client, opts.CSRID = args[0], args[1]
			return keysCSRRevokeRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysCSRRevokeRun(o *keysCSRRevokeOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: client, ID: o.CSRID}
	what := "revoking CSR " + ref.ID + " of " + ref.ClientID
	m, err := csrManager(s.provider, "RevokeCSR")
	if err != nil {
		return o.fail(what, err)
	}
	if err := m.RevokeCSR(o.ctx(), ref); err != nil {
		return o.fail(what, err)
	}
	return o.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "revoked"}})
}
