package main

import (
	"fmt"
	"time"

	"github.com/credkit/credkit/unified"
)

// What the keys commands share: JSON Web Keys, X.509 key credentials and
// CSRs, where the vendor has them (Okta), in the output, and the
// interfaces that manage them.

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

// emitKeys writes keys, as a table or JSON.
func (b *base) emitKeys(keys []keyJSON) error {
	now := b.f.Clock.Now()
	rows := make([][]string, len(keys))
	for i, k := range keys {
		rows[i] = k.row(now)
	}
	return b.emit(keys, keyHeader, rows)
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
