package main

import (
	"github.com/credkit/credkit/unified"
)

// clientLister is the provider's client listing, or the Unimplemented
// error of op where the vendor cannot list its clients.
func clientLister(p unified.CredentialProvider, op string) (unified.ClientLister, error) {
	m, ok := p.(unified.ClientLister)
	if !ok || !p.Capabilities().ListClients {
		return nil, unimplemented(p.Vendor(), op, "list of its clients")
	}
	return m, nil
}
