package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// secretPrinter prints each new secret of `secrets rotate --state
// --show-secret` on stdout the moment it exists: before the request that
// installs a secret credkit makes (CSP, Auth0 keys), as the answer arrives
// for one the vendor makes, and in every case before the journal records
// the outcome. A run killed after that has shown the secret, and the next
// run completes the rotation with it (--new-secret-env) or rolls it back.
// Lines come before the results: "new-secret VENDOR CLIENT NEW-CLIENT
// SECRET" (the --secret-file line), or with -o json one object per line,
// {"newSecret":{…}}, ahead of the results array. It is safe for
// concurrent use.
type secretPrinter struct {
	mu        sync.Mutex
	w         io.Writer
	json      bool
	simulated bool
}

// newSecretJSON is one printed secret in JSON output.
type newSecretJSON struct {
	Simulated bool `json:"simulated,omitempty"`
	NewSecret struct {
		Vendor      unified.Vendor `json:"vendor"`
		ClientID    string         `json:"clientId"`
		NewClientID string         `json:"newClientId"`
		Secret      string         `json:"secret"`
	} `json:"newSecret"`
}

func newSecretPrinter(b *base) *secretPrinter {
	return &secretPrinter{w: b.f.IO.Out, json: b.Output == "json", simulated: b.simulated}
}

// print writes one secret; its error, a rotations.NotKeptError, stops
// the rotation.
func (p *secretPrinter) print(vendor unified.Vendor, client, newClient string, secret unified.Secret) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if p.json {
		var line newSecretJSON
		line.Simulated = p.simulated
		line.NewSecret.Vendor, line.NewSecret.ClientID, line.NewSecret.NewClientID, line.NewSecret.Secret = vendor, client, newClient, secret.Reveal()
		enc := json.NewEncoder(p.w)
		enc.SetEscapeHTML(false)
		err = enc.Encode(line)
	} else {
		_, err = fmt.Fprintf(p.w, "new-secret %s %s %s %s\n", vendor, client, cmp.Or(newClient, "-"), rotations.EncodeSecret(secret))
	}
	if err != nil {
		return &rotations.NotKeptError{Err: fmt.Errorf("printing the new secret: %w", err)}
	}
	return nil
}

// withdrawnJSON is one withdrawn secret in JSON output.
type withdrawnJSON struct {
	Simulated       bool `json:"simulated,omitempty"`
	WithdrawnSecret struct {
		Vendor      unified.Vendor `json:"vendor"`
		ClientID    string         `json:"clientId"`
		NewClientID string         `json:"newClientId"`
	} `json:"withdrawnSecret"`
}

// withdraw says that the secret printed for client before its request is
// void: the vendor refused the rotation, and it never was in force. Lines
// "withdrawn-secret VENDOR CLIENT NEW-CLIENT", or {"withdrawnSecret":{…}}.
func (p *secretPrinter) withdraw(vendor unified.Vendor, client, newClient string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if p.json {
		var line withdrawnJSON
		line.Simulated = p.simulated
		line.WithdrawnSecret.Vendor, line.WithdrawnSecret.ClientID, line.WithdrawnSecret.NewClientID = vendor, client, newClient
		err = json.NewEncoder(p.w).Encode(line)
	} else {
		_, err = fmt.Fprintf(p.w, "withdrawn-secret %s %s %s\n", vendor, client, cmp.Or(newClient, "-"))
	}
	return err
}
