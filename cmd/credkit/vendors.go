package main

import (
	"context"
	"io"
	"strconv"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// capabilityRows are the rows of `credkit vendors`: a name for people and
// the capability it reads.
var capabilityRows = []struct {
	name string
	get  func(unified.Capabilities) string
}{
	{"list secrets", func(c unified.Capabilities) string { return yes(c.ListSecrets) }},
	{"get a secret", func(c unified.Capabilities) string { return yes(c.GetSecret) }},
	{"create a secret", func(c unified.Capabilities) string { return yes(c.CreateSecret) }},
	{"revoke a secret", func(c unified.Capabilities) string { return yes(c.RevokeSecret) }},
	{"deactivate and reactivate a secret", func(c unified.Capabilities) string { return yes(c.SecretStates) }},
	{"compare a saved rotation with the vendor", func(c unified.Capabilities) string { return yes(c.CheckRotation) }},
	{"rotate in place", func(c unified.Capabilities) string { return yes(c.RotateInPlace) }},
	{"rotate by replacing the client", func(c unified.Capabilities) string { return yes(c.RotateReplacesClient) }},
	{"rotate some secrets only at once, with consent", func(c unified.Capabilities) string { return yes(c.RotateImmediately) }},
	{"choose how long the old secret works (--overlap)", func(c unified.Capabilities) string { return yes(c.RotateOverlap) }},
	{"secrets per client", func(c unified.Capabilities) string { return strconv.Itoa(c.MaxSecrets) }},
	{"regenerate a secret at once", func(c unified.Capabilities) string { return yes(c.RegenerateSecret) }},
	{"list clients", func(c unified.Capabilities) string { return yes(c.ListClients) }},
	{"delete clients", func(c unified.Capabilities) string { return yes(c.DeleteClients) }},
	{"JSON Web Keys", func(c unified.Capabilities) string { return yes(c.JSONWebKeys) }},
	{"X.509 key credentials", func(c unified.Capabilities) string { return yes(c.KeyCredentials) }},
	{"CSRs", func(c unified.Capabilities) string { return yes(c.CSRs) }},
	{"refresh tokens", func(c unified.Capabilities) string { return yes(c.RefreshTokens) }},
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// capabilities returns what each vendor's provider says it can do. The
// providers are built with placeholder settings: New sends no request.
func capabilities(ctx context.Context) (map[unified.Vendor]unified.Capabilities, error) {
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

// runVendors prints what each vendor supports, from each provider's
// Capabilities.
func runVendors(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "vendors", "Show what each vendor supports, as its provider's Capabilities say.", stdout, stderr).withOutput()
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageError("unexpected argument %q", rest[0])
	}
	caps, err := capabilities(ctx)
	if err != nil {
		return c.fail("building the providers", err)
	}
	header := []string{"CAPABILITY"}
	for _, v := range vendors {
		header = append(header, string(v))
	}
	var rows [][]string
	for _, r := range capabilityRows {
		row := []string{r.name}
		for _, v := range vendors {
			row = append(row, r.get(caps[v]))
		}
		rows = append(rows, row)
	}
	return c.emit(caps, header, rows)
}
