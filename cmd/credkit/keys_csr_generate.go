package main

import (
	"encoding/pem"
	"os"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type keysCSRGenerateOptions struct {
	base
	Client  string
	Subject unified.CSRSubject
	DNS     stringList
	Out     string
}

func newKeysCSRGenerateCmd(f *factory) *cobra.Command {
	opts := &keysCSRGenerateOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "csr-generate <client> --cn NAME --out FILE",
		Short: "generate a CSR (the vendor keeps the key); write the request for a CA",
		Long: "Generate a certificate signing request: the vendor makes the key pair and keeps the private key. The request,\n" +
			"PEM, goes to --out FILE for your CA; install the certificate it signs with `credkit keys csr-publish`.",
		Args: exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return keysCSRGenerateRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	fs := cmd.Flags()
	fs.StringVar(&opts.Subject.CommonName, "cn", "", "the subject's common `name` (required)")
	fs.StringVar(&opts.Subject.Organization, "org", "", "the subject's `organization`")
	fs.StringVar(&opts.Subject.OrganizationalUnit, "ou", "", "the subject's organizational `unit`")
	fs.StringVar(&opts.Subject.Locality, "locality", "", "the subject's `locality`")
	fs.StringVar(&opts.Subject.Province, "province", "", "the subject's state or `province`")
	fs.StringVar(&opts.Subject.Country, "country", "", "the subject's `country`, two letters")
	fs.Var(&opts.DNS, "dns", "a DNS `name` the certificate is for (repeatable)")
	fs.StringVar(&opts.Out, "out", "", "write the request, PEM, to `FILE` (required; - for stdout)")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysCSRGenerateRun(o *keysCSRGenerateOptions) error {
	switch {
	case o.Subject.CommonName == "":
		return o.usage("--cn is required")
	case o.Out == "":
		return o.usage("--out FILE is required: it receives the request to sign")
	}
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	subject := o.Subject
	subject.DNSNames = o.DNS
	what := "generating a CSR for " + client
	m, err := csrManager(s.provider, "GenerateCSR")
	if err != nil {
		return o.fail(what, err)
	}
	csr, err := m.GenerateCSR(o.ctx(), client, subject)
	if err != nil {
		return o.fail(what, err)
	}
	request := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr.DER})
	if o.Out == "-" {
		if _, err := o.f.IO.Out.Write(request); err != nil {
			return o.fail("writing the request", err)
		}
	} else {
		if err := os.WriteFile(o.Out, request, 0o644); err != nil { //nolint:gosec // G306: a certificate request holds no private key; it is made to be handed on
			return o.fail("writing the request of CSR "+csr.ID+" (it exists: `credkit keys csr-revoke` removes it)", err)
		}
		if err := o.emitKeys([]keyJSON{csrView(csr)}); err != nil {
			return err
		}
	}
	if s.demo != nil {
		o.note("the in-process simulator stops now, and the CSR with it; run `credkit sim` for one that keeps its state between commands")
		return nil
	}
	o.note("have your CA sign the request, then: credkit keys csr-publish --vendor %s %s %s --certificate CERT.pem", o.vendor, csr.ClientID, csr.ID)
	return nil
}
