package main

import (
	"github.com/spf13/cobra"
)

type keysListOptions struct {
	base
	Client string
}

func newKeysListCmd(f *factory) *cobra.Command {
	opts := &keysListOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "list <client>",
		Short: "list a client's JSON Web Keys, X.509 key credentials and CSRs, with expiry",
		Long:  "List a client's JSON Web Keys, X.509 key credentials and CSRs, with their expiry.",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return keysListRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysListRun(o *keysListOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	p := s.provider
	caps := p.Capabilities()
	jwks, creds, csrs := p, p, p
	hasJWKs, hasCreds, hasCSRs := caps.JSONWebKeys, caps.KeyCredentials, caps.CSRs
	if !hasJWKs && !hasCreds && !hasCSRs {
		return o.fail("listing the keys of "+client, unimplemented(p.Vendor(), "ListKeys", "keys, key credentials or CSRs"))
	}
	ctx := o.ctx()
	keys := []keyJSON{}
	if hasJWKs {
		list, err := jwks.ListJSONWebKeys(ctx, client)
		if err != nil {
			return o.fail("listing the JSON Web Keys of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, jwkView(k))
		}
	}
	if hasCreds {
		list, err := creds.ListKeyCredentials(ctx, client)
		if err != nil {
			return o.fail("listing the key credentials of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, keyCredentialView(k))
		}
	}
	if hasCSRs {
		list, err := csrs.ListCSRs(ctx, client)
		if err != nil {
			return o.fail("listing the CSRs of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, csrView(k))
		}
	}
	return o.emitKeys(keys)
}
