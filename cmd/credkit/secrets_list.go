package main

import (
	"github.com/spf13/cobra"
)

type secretsListOptions struct {
	base
	Client     string
	ShowSecret bool
}

func newSecretsListCmd(f *factory) *cobra.Command {
	opts := &secretsListOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "list <client>",
		Short: "list a client's secrets",
		Long:  "List a client's secrets: ID, status, creation, age and the vendor's hint.",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return secretsListRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().BoolVar(&opts.ShowSecret, "show-secret", false, showSecretUsage)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func secretsListRun(o *secretsListOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	secrets, err := s.provider.ListSecrets(o.ctx(), client)
	if err != nil {
		return o.fail("listing the secrets of "+client, err)
	}
	now := o.f.Clock.Now()
	views := make([]credentialJSON, len(secrets))
	var rows [][]string
	header := []string{"ID", "STATUS", "CREATED", "AGE", "EXPIRES", "HINT"}
	if o.ShowSecret {
		header = append(header, "SECRET")
	}
	for i, sec := range secrets {
		views[i] = credentialView(sec, o.ShowSecret)
		row := []string{sec.ID, string(sec.Status), formatTime(sec.Created), age(now, sec.Created), formatTime(sec.Expires), sec.Hint}
		if o.ShowSecret {
			row = append(row, secretText(sec.Secret, true))
		}
		rows = append(rows, row)
	}
	return o.emit(views, header, rows)
}
