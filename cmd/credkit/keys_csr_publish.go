package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type keysCSRPublishOptions struct {
	base
	Client, CSRID   string
	CertificateFile string
}

func newKeysCSRPublishCmd(f *factory) *cobra.Command {
	opts := &keysCSRPublishOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "csr-publish <client> <csr-id> --certificate FILE",
		Short: "install the certificate a CA signed for a CSR: it becomes a key credential",
		Long:  "Install the certificate a CA signed for a CSR (PEM or DER). The CSR becomes an X.509 key credential.",
		Args:  exactArgs(2, "name a client and one of its CSR IDs (see credkit keys list)"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client, opts.CSRID = args[0], args[1]
			return keysCSRPublishRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().StringVar(&opts.CertificateFile, "certificate", "", "the signed certificate's `FILE`, PEM or DER (required)")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysCSRPublishRun(o *keysCSRPublishOptions) error {
	if o.CertificateFile == "" {
		return o.usage("--certificate is required")
	}
	cert, err := os.ReadFile(o.CertificateFile)
	if err != nil {
		return o.usage("--certificate: %v", err)
	}
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: client, ID: o.CSRID}
	what := "publishing CSR " + ref.ID + " of " + ref.ClientID
	m, err := csrManager(s.provider, "PublishCSR")
	if err != nil {
		return o.fail(what, err)
	}
	k, err := m.PublishCSR(o.ctx(), ref, cert)
	if err != nil {
		return o.fail(what, err)
	}
	return o.emitKeys([]keyJSON{keyCredentialView(k)})
}
