package main

import (
	"github.com/credkit/credkit/unified"
)

// clientLister is the provider's client listing, or the Unimplemented
// error of op where the vendor cannot list its clients.
func clientLister(p *unified.Provider, op string) (*unified.Provider, error) {
	m := p
	if !p.Capabilities().ListClients {
		return nil, unimplemented(p.Vendor(), op, "list of its clients")
	}
	return m, nil
}
