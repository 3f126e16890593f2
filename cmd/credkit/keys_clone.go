package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type keysCloneOptions struct {
	base
	Client, KeyID, Target string
}

func newKeysCloneCmd(f *factory) *cobra.Command {
	opts := &keysCloneOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "clone <client> <kid> <target-client>",
		Short: "copy an X.509 key credential to another client",
		Long:  "Copy an X.509 key credential to another client.",
		Args:  exactArgs(3, "name a client, one of its key IDs, and the target client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client, opts.KeyID, opts.Target = args[0], args[1], args[2]
			return keysCloneRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysCloneRun(o *keysCloneOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	target := s.resolve([]string{o.Target})[0]
	m, err := keyCredentials(s.provider, "CloneKeyCredential")
	if err != nil {
		return o.fail("cloning key "+o.KeyID, err)
	}
	k, err := m.CloneKeyCredential(o.ctx(), unified.CredentialRef{ClientID: client, ID: o.KeyID}, target)
	if err != nil {
		return o.fail("cloning key "+o.KeyID+" to "+target, err)
	}
	return o.emitKeys([]keyJSON{keyCredentialView(k)})
}
