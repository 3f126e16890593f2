package main

// The providers whose Capabilities `credkit vendors` shows, one per
// vendor. A registry of vendors replaces capabilities.

import (
	"context"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// capabilities returns what each vendor's provider says it can do. The
// providers are built with placeholder settings: New sends no request.
func capabilities(_ context.Context) (map[unified.Vendor]unified.Capabilities, error) {
	out := map[unified.Vendor]unified.Capabilities{}
	o, err := okta.New(okta.Config{OrgURL: "https://example.okta.com", APIToken: "placeholder"}, nil)
	if err != nil {
		return nil, err
	}
	s, err := sailpoint.New(sailpoint.Config{BaseURL: "https://example.api.identitynow.com", ClientID: "placeholder", ClientSecret: "placeholder"}, nil)
	if err != nil {
		return nil, err
	}
	v, err := vmwarecsp.New(vmwarecsp.Config{OrgID: "00000000-0000-0000-0000-000000000000", APIToken: "placeholder"}, nil)
	if err != nil {
		return nil, err
	}
	a, err := auth0.New(auth0.Config{Domain: "example.eu.auth0.com", ClientID: "placeholder", ClientSecret: "placeholder"}, nil)
	if err != nil {
		return nil, err
	}
	for _, p := range []unified.CredentialProvider{o, s, v, a} {
		out[p.Vendor()] = p.Capabilities()
	}
	return out, nil
}
