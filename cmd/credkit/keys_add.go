package main

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type keysAddOptions struct {
	base
	Client        string
	PublicKeyFile string
	KeyID         string
	Use           string
	Inactive      bool
}

func newKeysAddCmd(f *factory) *cobra.Command {
	opts := &keysAddOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "add <client> --public-key FILE",
		Short: "add a JSON Web Key from a PEM public key",
		Long:  "Add a JSON Web Key from a PEM public key (RSA of at least 2048 bits, or EC).",
		Args:  exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return keysAddRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	fs := cmd.Flags()
	fs.StringVar(&opts.PublicKeyFile, "public-key", "", "PEM `file` of the public key (PUBLIC KEY or a CERTIFICATE)")
	fs.StringVar(&opts.KeyID, "kid", "", "the key's `kid` (default: the vendor's)")
	fs.StringVar(&opts.Use, "use", "sig", "`use`: sig or enc")
	fs.BoolVar(&opts.Inactive, "inactive", false, "add the key without activating it")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysAddRun(o *keysAddOptions) error {
	if o.PublicKeyFile == "" {
		return o.usage("--public-key is required")
	}
	pub, err := readPublicKey(o.PublicKeyFile)
	if err != nil {
		return o.usage("--public-key: %v", err)
	}
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := jsonWebKeys(s.provider, "AddJSONWebKey")
	if err != nil {
		return o.fail("adding a key to "+client, err)
	}
	k, err := m.AddJSONWebKey(o.ctx(), client, unified.NewJSONWebKey{KeyID: o.KeyID, Use: o.Use, Public: pub, Inactive: o.Inactive})
	if err != nil {
		return o.fail("adding a key to "+client, err)
	}
	return o.emitKeys([]keyJSON{jwkView(k)})
}

// readPublicKey reads the first PUBLIC KEY or CERTIFICATE block of a PEM
// file.
func readPublicKey(path string) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PUBLIC KEY or CERTIFICATE block in " + strconv.Quote(path))
		}
		switch block.Type {
		case "PUBLIC KEY":
			return x509.ParsePKIXPublicKey(block.Bytes)
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, err
			}
			return cert.PublicKey, nil
		}
	}
}
