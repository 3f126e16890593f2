package main

import (
	"github.com/spf13/cobra"
)

type secretsCreateOptions struct {
	base
	Client     string
	ShowSecret bool
}

func newSecretsCreateCmd(f *factory) *cobra.Command {
	opts := &secretsCreateOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "create <client>",
		Short: "add a secret to a client",
		Long:  "Add a secret to a client (Okta: at most two per app).",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return secretsCreateRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().BoolVar(&opts.ShowSecret, "show-secret", false, showSecretUsage)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func secretsCreateRun(o *secretsCreateOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	cred, err := s.provider.CreateSecret(o.ctx(), client, nil)
	if err != nil {
		return o.fail("creating a secret for "+client, err)
	}
	err = o.emit(credentialView(cred, o.ShowSecret),
		[]string{"CLIENT", "ID", "STATUS", "CREATED", "HINT", "SECRET"},
		[][]string{{cred.ClientID, cred.ID, string(cred.Status), formatTime(cred.Created), cred.Hint, secretText(cred.Secret, o.ShowSecret)}})
	if err == nil && !o.ShowSecret && !cred.Secret.IsZero() {
		o.note("the secret is redacted; `credkit secrets list --vendor %s %s --show-secret` shows it", o.vendor, client)
	}
	return err
}
