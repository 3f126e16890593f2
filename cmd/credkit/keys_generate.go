package main

import (
	"github.com/spf13/cobra"
)

type keysGenerateOptions struct {
	base
	Client string
	Years  int
}

func newKeysGenerateCmd(f *factory) *cobra.Command {
	opts := &keysGenerateOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "generate <client> --years N",
		Short: "generate a self-signed X.509 key credential",
		Long:  "Generate a self-signed X.509 key credential valid for N years (Okta: 2 to 10).",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return keysGenerateRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().IntVar(&opts.Years, "years", 0, "validity in `years` (required)")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysGenerateRun(o *keysGenerateOptions) error {
	if o.Years == 0 {
		return o.usage("--years is required")
	}
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := keyCredentials(s.provider, "GenerateKeyCredential")
	if err != nil {
		return o.fail("generating a key for "+client, err)
	}
	k, err := m.GenerateKeyCredential(o.ctx(), client, o.Years)
	if err != nil {
		return o.fail("generating a key for "+client, err)
	}
	return o.emitKeys([]keyJSON{keyCredentialView(k)})
}
