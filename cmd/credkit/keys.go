package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/credkit/credkit/unified"
)

// keysCommands are "credkit keys <command>": JSON Web Keys, X.509 key
// credentials and CSRs, where the vendor has them (Okta).
var keysCommands = []subcommand{
	{"list", "<client>", "list a client's JSON Web Keys, X.509 key credentials and CSRs, with expiry", keysList},
	{"generate", "<client> --years N", "generate a self-signed X.509 key credential", keysGenerate},
	{"clone", "<client> <kid> <target-client>", "copy an X.509 key credential to another client", keysClone},
	{"add", "<client> --public-key FILE", "add a JSON Web Key from a PEM public key", keysAdd},
	{"activate", "<client> <key-id>", "activate a JSON Web Key", keysLifecycle("activate")},
	{"deactivate", "<client> <key-id>", "deactivate a JSON Web Key", keysLifecycle("deactivate")},
	{"delete", "<client> <key-id>", "delete an inactive JSON Web Key", keysLifecycle("delete")},
	{"csr-generate", "<client> --cn NAME --out FILE", "generate a CSR (the vendor keeps the key); write the request for a CA", keysCSRGenerate},
	{"csr-publish", "<client> <csr-id> --certificate FILE", "install the certificate a CA signed for a CSR: it becomes a key credential", keysCSRPublish},
	{"csr-revoke", "<client> <csr-id>", "revoke a CSR that is not published", keysCSRRevoke},
}

// keyJSON is one key in the output.
type keyJSON struct {
	Kind       unified.Kind   `json:"kind"`
	ClientID   string         `json:"clientId"`
	ID         string         `json:"id"`
	KeyID      string         `json:"kid,omitempty"`
	KeyType    string         `json:"kty,omitempty"`
	Use        string         `json:"use,omitempty"`
	Algorithm  string         `json:"alg,omitempty"`
	Status     unified.Status `json:"status,omitempty"`
	Created    time.Time      `json:"created,omitzero"`
	Expires    time.Time      `json:"expires,omitzero"`
	Thumbprint string         `json:"x5t#S256,omitempty"`
}

var keyHeader = []string{"KIND", "ID", "KID", "TYPE", "USE", "STATUS", "CREATED", "EXPIRES", "EXPIRES IN"}

func (k keyJSON) row(now time.Time) []string {
	in := ""
	if !k.Expires.IsZero() {
		in = formatAge(k.Expires.Sub(now))
	}
	return []string{kindLabel(k.Kind), k.ID, k.KeyID, k.KeyType, k.Use, string(k.Status), formatTime(k.Created), formatTime(k.Expires), in}
}

// kindLabel is a short name for a kind of credential.
func kindLabel(k unified.Kind) string {
	switch k {
	case unified.KindJSONWebKey:
		return "jwk"
	case unified.KindKeyCredential:
		return "x509"
	case unified.KindCSR:
		return "csr"
	case unified.KindClientSecret:
		return "secret"
	case unified.KindRefreshToken:
		return "refresh-token"
	}
	return string(k)
}

func jwkView(k unified.JSONWebKey) keyJSON {
	return keyJSON{Kind: k.Kind, ClientID: k.ClientID, ID: k.ID, KeyID: k.KeyID, KeyType: k.KeyType, Use: k.Use,
		Algorithm: k.Algorithm, Status: k.Status, Created: k.Created, Expires: k.Expires}
}

func keyCredentialView(k unified.KeyCredential) keyJSON {
	return keyJSON{Kind: k.Kind, ClientID: k.ClientID, ID: k.ID, KeyID: k.ID, KeyType: k.KeyType, Use: "sig",
		Status: k.Status, Created: k.Created, Expires: k.Expires, Thumbprint: k.Thumbprint}
}

func csrView(k unified.CSR) keyJSON {
	return keyJSON{Kind: k.Kind, ClientID: k.ClientID, ID: k.ID, KeyType: k.KeyType, Status: k.Status, Created: k.Created}
}

// unimplemented is the error of an optional interface the vendor lacks.
func unimplemented(v unified.Vendor, op, what string) error {
	return &unified.Error{Code: unified.Unimplemented, Vendor: v, Op: op, Message: fmt.Sprintf("%s has no %s", v, what)}
}

func keysList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys list", "List a client's JSON Web Keys, X.509 key credentials and CSRs, with their expiry.", stdout, stderr).withVendor()
	s, pos, err := c.clientCommand(args, 1, "name one client")
	if err != nil {
		return err
	}
	defer s.close()
	client, p := pos[0], s.provider
	caps := p.Capabilities()
	jwks, creds, csrs := p, p, p
	hasJWKs, hasCreds, hasCSRs := caps.JSONWebKeys, caps.KeyCredentials, caps.CSRs
	if !hasJWKs && !hasCreds && !hasCSRs {
		return c.fail("listing the keys of "+client, unimplemented(p.Vendor(), "ListKeys", "keys, key credentials or CSRs"))
	}
	keys := []keyJSON{}
	if hasJWKs {
		list, err := jwks.ListJSONWebKeys(c.ctx, client)
		if err != nil {
			return c.fail("listing the JSON Web Keys of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, jwkView(k))
		}
	}
	if hasCreds {
		list, err := creds.ListKeyCredentials(c.ctx, client)
		if err != nil {
			return c.fail("listing the key credentials of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, keyCredentialView(k))
		}
	}
	if hasCSRs {
		list, err := csrs.ListCSRs(c.ctx, client)
		if err != nil {
			return c.fail("listing the CSRs of "+client, err)
		}
		for _, k := range list {
			keys = append(keys, csrView(k))
		}
	}
	return c.emitKeys(keys)
}

func (c *command) emitKeys(keys []keyJSON) error {
	now := clock.Now()
	rows := make([][]string, len(keys))
	for i, k := range keys {
		rows[i] = k.row(now)
	}
	return c.emit(keys, keyHeader, rows)
}

func csrManager(p *unified.Provider, op string) (*unified.Provider, error) {
	m := p
	if !p.Capabilities().CSRs {
		return nil, unimplemented(p.Vendor(), op, "CSRs")
	}
	return m, nil
}

func keyCredentials(p *unified.Provider, op string) (*unified.Provider, error) {
	m := p
	if !p.Capabilities().KeyCredentials {
		return nil, unimplemented(p.Vendor(), op, "X.509 key credentials")
	}
	return m, nil
}

func jsonWebKeys(p *unified.Provider, op string) (*unified.Provider, error) {
	m := p
	if !p.Capabilities().JSONWebKeys {
		return nil, unimplemented(p.Vendor(), op, "JSON Web Keys")
	}
	return m, nil
}

func keysGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys generate", "Generate a self-signed X.509 key credential valid for N years (Okta: 2 to 10).", stdout, stderr).withVendor()
	years := c.fs.Int("years", 0, "validity in `years` (required)")
	s, pos, err := c.clientCommand(args, 1, "name one client", func() string {
		if *years == 0 {
			return "--years is required"
		}
		return ""
	})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := keyCredentials(s.provider, "GenerateKeyCredential")
	if err != nil {
		return c.fail("generating a key for "+pos[0], err)
	}
	k, err := m.GenerateKeyCredential(c.ctx, pos[0], *years)
	if err != nil {
		return c.fail("generating a key for "+pos[0], err)
	}
	return c.emitKeys([]keyJSON{keyCredentialView(k)})
}

func keysClone(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys clone", "Copy an X.509 key credential to another client.", stdout, stderr).withVendor()
	s, pos, err := c.clientCommand(args, 3, "name a client, one of its key IDs, and the target client")
	if err != nil {
		return err
	}
	defer s.close()
	target := s.resolve(pos[2:])[0]
	m, err := keyCredentials(s.provider, "CloneKeyCredential")
	if err != nil {
		return c.fail("cloning key "+pos[1], err)
	}
	k, err := m.CloneKeyCredential(c.ctx, unified.CredentialRef{ClientID: pos[0], ID: pos[1]}, target)
	if err != nil {
		return c.fail("cloning key "+pos[1]+" to "+target, err)
	}
	return c.emitKeys([]keyJSON{keyCredentialView(k)})
}

func keysAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys add", "Add a JSON Web Key from a PEM public key (RSA of at least 2048 bits, or EC).", stdout, stderr).withVendor()
	file := c.fs.String("public-key", "", "PEM `file` of the public key (PUBLIC KEY or a CERTIFICATE)")
	kid := c.fs.String("kid", "", "the key's `kid` (default: the vendor's)")
	use := c.fs.String("use", "sig", "`use`: sig or enc")
	inactive := c.fs.Bool("inactive", false, "add the key without activating it")
	var pub any
	s, pos, err := c.clientCommand(args, 1, "name one client", func() string {
		if *file == "" {
			return "--public-key is required"
		}
		var err error
		if pub, err = readPublicKey(*file); err != nil {
			return "--public-key: " + err.Error()
		}
		return ""
	})
	if err != nil {
		return err
	}
	defer s.close()
	m, err := jsonWebKeys(s.provider, "AddJSONWebKey")
	if err != nil {
		return c.fail("adding a key to "+pos[0], err)
	}
	k, err := m.AddJSONWebKey(c.ctx, pos[0], unified.NewJSONWebKey{KeyID: *kid, Use: *use, Public: pub, Inactive: *inactive})
	if err != nil {
		return c.fail("adding a key to "+pos[0], err)
	}
	return c.emitKeys([]keyJSON{jwkView(k)})
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

// keysLifecycle is "keys activate|deactivate|delete <client> <key-id>".
func keysLifecycle(action string) commandFunc {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		c := newCommand(ctx, "keys "+action, "Change a JSON Web Key: "+action+" it.", stdout, stderr).withVendor()
		s, pos, err := c.clientCommand(args, 2, "name a client and one of its JSON Web Key IDs")
		if err != nil {
			return err
		}
		defer s.close()
		ref := unified.CredentialRef{ClientID: pos[0], ID: pos[1]}
		what := map[string]string{"activate": "activating", "deactivate": "deactivating", "delete": "deleting"}[action] + " key " + ref.ID + " of " + ref.ClientID
		m, err := jsonWebKeys(s.provider, action)
		if err != nil {
			return c.fail(what, err)
		}
		var k unified.JSONWebKey
		switch action {
		case "activate":
			k, err = m.ActivateJSONWebKey(c.ctx, ref)
		case "deactivate":
			k, err = m.DeactivateJSONWebKey(c.ctx, ref)
		case "delete":
			if err = m.DeleteJSONWebKey(c.ctx, ref); err == nil {
				return c.emit(struct {
					ClientID string `json:"clientId"`
					ID       string `json:"id"`
					Deleted  bool   `json:"deleted"`
				}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "deleted"}})
			}
		}
		if err != nil {
			return c.fail(what, err)
		}
		return c.emitKeys([]keyJSON{jwkView(k)})
	}
}

func keysCSRGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys csr-generate", "Generate a certificate signing request: the vendor makes the key pair and keeps the private key. The request,\n"+
		"PEM, goes to --out FILE for your CA; install the certificate it signs with `credkit keys csr-publish`.", stdout, stderr).withVendor()
	var subject unified.CSRSubject
	var dns stringList
	c.fs.StringVar(&subject.CommonName, "cn", "", "the subject's common `name` (required)")
	c.fs.StringVar(&subject.Organization, "org", "", "the subject's `organization`")
	c.fs.StringVar(&subject.OrganizationalUnit, "ou", "", "the subject's organizational `unit`")
	c.fs.StringVar(&subject.Locality, "locality", "", "the subject's `locality`")
	c.fs.StringVar(&subject.Province, "province", "", "the subject's state or `province`")
	c.fs.StringVar(&subject.Country, "country", "", "the subject's `country`, two letters")
	c.fs.Var(&dns, "dns", "a DNS `name` the certificate is for (repeatable)")
	out := c.fs.String("out", "", "write the request, PEM, to `FILE` (required; - for stdout)")
	s, pos, err := c.clientCommand(args, 1, "name one client", func() string {
		switch {
		case subject.CommonName == "":
			return "--cn is required"
		case *out == "":
			return "--out FILE is required: it receives the request to sign"
		}
		return ""
	})
	if err != nil {
		return err
	}
	defer s.close()
	subject.DNSNames = dns
	what := "generating a CSR for " + pos[0]
	m, err := csrManager(s.provider, "GenerateCSR")
	if err != nil {
		return c.fail(what, err)
	}
	csr, err := m.GenerateCSR(c.ctx, pos[0], subject)
	if err != nil {
		return c.fail(what, err)
	}
	request := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr.DER})
	if *out == "-" {
		_, err = c.stdout.Write(request)
		if err != nil {
			return c.fail("writing the request", err)
		}
	} else {
		if err := os.WriteFile(*out, request, 0o644); err != nil {
			return c.fail("writing the request of CSR "+csr.ID+" (it exists: `credkit keys csr-revoke` removes it)", err)
		}
		if err := c.emitKeys([]keyJSON{csrView(csr)}); err != nil {
			return err
		}
	}
	if s.demo != nil {
		c.note("the in-process simulator stops now, and the CSR with it; run `credkit sim` for one that keeps its state between commands")
		return nil
	}
	c.note("have your CA sign the request, then: credkit keys csr-publish --vendor %s %s %s --certificate CERT.pem", c.vendor, csr.ClientID, csr.ID)
	return nil
}

func keysCSRPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys csr-publish", "Install the certificate a CA signed for a CSR (PEM or DER). The CSR becomes an X.509 key credential.", stdout, stderr).withVendor()
	file := c.fs.String("certificate", "", "the signed certificate's `FILE`, PEM or DER (required)")
	var cert []byte
	s, pos, err := c.clientCommand(args, 2, "name a client and one of its CSR IDs (see credkit keys list)", func() string {
		if *file == "" {
			return "--certificate is required"
		}
		var err error
		if cert, err = os.ReadFile(*file); err != nil {
			return "--certificate: " + err.Error()
		}
		return ""
	})
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: pos[0], ID: pos[1]}
	what := "publishing CSR " + ref.ID + " of " + ref.ClientID
	m, err := csrManager(s.provider, "PublishCSR")
	if err != nil {
		return c.fail(what, err)
	}
	k, err := m.PublishCSR(c.ctx, ref, cert)
	if err != nil {
		return c.fail(what, err)
	}
	return c.emitKeys([]keyJSON{keyCredentialView(k)})
}

func keysCSRRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "keys csr-revoke", "Revoke a CSR that is not published; its key is gone with it.", stdout, stderr).withVendor()
	s, pos, err := c.clientCommand(args, 2, "name a client and one of its CSR IDs (see credkit keys list)")
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: pos[0], ID: pos[1]}
	what := "revoking CSR " + ref.ID + " of " + ref.ClientID
	m, err := csrManager(s.provider, "RevokeCSR")
	if err != nil {
		return c.fail(what, err)
	}
	if err := m.RevokeCSR(c.ctx, ref); err != nil {
		return c.fail(what, err)
	}
	return c.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "revoked"}})
}
