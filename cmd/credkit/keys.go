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

// runKeys is "credkit keys <command>": JSON Web Keys, X.509 key
// credentials and CSRs, where the vendor has them (Okta).
var runKeys = group("keys", []subcommand{
	{"list", "<client>", "list a client's JSON Web Keys, X.509 key credentials and CSRs, with expiry", keysList},
	{"generate", "<client> --years N", "generate a self-signed X.509 key credential", keysGenerate},
	{"clone", "<client> <kid> <target-client>", "copy an X.509 key credential to another client", keysClone},
	{"add", "<client> --public-key FILE", "add a JSON Web Key from a PEM public key", keysAdd},
	{"activate", "<client> <key-id>", "activate a JSON Web Key", keysLifecycle("activate")},
	{"deactivate", "<client> <key-id>", "deactivate a JSON Web Key", keysLifecycle("deactivate")},
	{"delete", "<client> <key-id>", "delete an inactive JSON Web Key", keysLifecycle("delete")},
})

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

// keyClientCommand parses "<client> [more args]" for a keys command and
// connects; n is the number of positional arguments, what the usage error
// when there are not n. Each check returns a usage problem, or "".
func keyClientCommand(c *command, args []string, n int, what string, checks ...func() string) (*session, []string, int, bool) {
	pos, code, ok := c.parse(args)
	if !ok {
		return nil, nil, code, false
	}
	if len(pos) != n {
		return nil, nil, c.usageError("%s", what), false
	}
	for _, check := range checks {
		if problem := check(); problem != "" {
			return nil, nil, c.usageError("%s", problem), false
		}
	}
	s, code, ok := c.connect()
	if !ok {
		return nil, nil, code, false
	}
	pos[0] = s.resolve(pos[:1])[0]
	return s, pos, 0, true
}

func keysList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand(ctx, "keys list", "<client> [flags]", "List a client's JSON Web Keys, X.509 key credentials and CSRs, with their expiry.", stdout, stderr).withVendor()
	s, pos, code, ok := keyClientCommand(c, args, 1, "name one client")
	if !ok {
		return code
	}
	defer s.close()
	client, p := pos[0], s.provider
	caps := p.Capabilities()
	jwks, hasJWKs := p.(unified.JSONWebKeyManager)
	creds, hasCreds := p.(unified.KeyCredentialManager)
	csrs, hasCSRs := p.(unified.CSRManager)
	hasJWKs, hasCreds, hasCSRs = hasJWKs && caps.JSONWebKeys, hasCreds && caps.KeyCredentials, hasCSRs && caps.CSRs
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

func (c *command) emitKeys(keys []keyJSON) int {
	now := clock.Now()
	rows := make([][]string, len(keys))
	for i, k := range keys {
		rows[i] = k.row(now)
	}
	return c.emit(keys, keyHeader, rows)
}

func keyCredentials(p unified.CredentialProvider, op string) (unified.KeyCredentialManager, error) {
	m, ok := p.(unified.KeyCredentialManager)
	if !ok || !p.Capabilities().KeyCredentials {
		return nil, unimplemented(p.Vendor(), op, "X.509 key credentials")
	}
	return m, nil
}

func jsonWebKeys(p unified.CredentialProvider, op string) (unified.JSONWebKeyManager, error) {
	m, ok := p.(unified.JSONWebKeyManager)
	if !ok || !p.Capabilities().JSONWebKeys {
		return nil, unimplemented(p.Vendor(), op, "JSON Web Keys")
	}
	return m, nil
}

func keysGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand(ctx, "keys generate", "<client> --years N [flags]", "Generate a self-signed X.509 key credential valid for N years (Okta: 2 to 10).", stdout, stderr).withVendor()
	years := c.fs.Int("years", 0, "validity in `years` (required)")
	s, pos, code, ok := keyClientCommand(c, args, 1, "name one client", func() string {
		if *years == 0 {
			return "--years is required"
		}
		return ""
	})
	if !ok {
		return code
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

func keysClone(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand(ctx, "keys clone", "<client> <kid> <target-client> [flags]", "Copy an X.509 key credential to another client.", stdout, stderr).withVendor()
	s, pos, code, ok := keyClientCommand(c, args, 3, "name a client, one of its key IDs, and the target client")
	if !ok {
		return code
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

func keysAdd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand(ctx, "keys add", "<client> --public-key FILE [flags]", "Add a JSON Web Key from a PEM public key (RSA of at least 2048 bits, or EC).", stdout, stderr).withVendor()
	file := c.fs.String("public-key", "", "PEM `file` of the public key (PUBLIC KEY or a CERTIFICATE)")
	kid := c.fs.String("kid", "", "the key's `kid` (default: the vendor's)")
	use := c.fs.String("use", "sig", "`use`: sig or enc")
	inactive := c.fs.Bool("inactive", false, "add the key without activating it")
	var pub any
	s, pos, code, ok := keyClientCommand(c, args, 1, "name one client", func() string {
		if *file == "" {
			return "--public-key is required"
		}
		var err error
		if pub, err = readPublicKey(*file); err != nil {
			return "--public-key: " + err.Error()
		}
		return ""
	})
	if !ok {
		return code
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
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		c := newCommand(ctx, "keys "+action, "<client> <key-id> [flags]", "Change a JSON Web Key: "+action+" it.", stdout, stderr).withVendor()
		s, pos, code, ok := keyClientCommand(c, args, 2, "name a client and one of its JSON Web Key IDs")
		if !ok {
			return code
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
