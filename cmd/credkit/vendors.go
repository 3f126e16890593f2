package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
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

type vendorsOptions struct {
	base
}

func newVendorsCmd(f *factory) *cobra.Command {
	opts := &vendorsOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "vendors",
		Short: "show what each vendor supports",
		Long:  "Show what each vendor supports, as its provider's Capabilities say.",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			return vendorsRun(opts)
		},
	})
	opts.withOutput(cmd)
	return cmd
}

// vendorsRun prints what each vendor supports, from each provider's
// Capabilities.
func vendorsRun(o *vendorsOptions) error {
	caps := map[unified.Vendor]unified.Capabilities{}
	header := []string{"CAPABILITY"}
	for _, v := range unified.Vendors() {
		c, err := v.Capabilities()
		if err != nil {
			return o.fail("building the "+string(v.Name)+" provider", err)
		}
		caps[v.Name] = c
		header = append(header, string(v.Name))
	}
	var rows [][]string
	for _, r := range capabilityRows {
		row := []string{r.name}
		for _, v := range unified.Vendors() {
			row = append(row, r.get(caps[v.Name]))
		}
		rows = append(rows, row)
	}
	return o.emit(caps, header, rows)
}
