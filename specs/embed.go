// Package specs holds credkit's OpenAPI 3.0.3 descriptions of the vendor APIs,
// rebuilt from the vendors' documents, and embeds them so that tools can load
// the bundled specs without knowing where the module lives on disk.
//
// Each file is self-contained (no remote references). ERRATA.md lists every
// place where a spec knowingly departs from a vendor document, and why.
package specs

import (
	"embed"
	"sort"
	"strings"
)

// FS holds the bundled specs: one per vendor (<vendor>.yaml), the token
// endpoints' (auth0_authentication.yaml, kept apart: see it, and
// oauth2_token.yaml, every vendor's), and their sources.
//
//go:embed *.yaml *_sources.md
var FS embed.FS

// TokenEndpoints names the bundled specs of the vendors' OAuth token
// endpoints, which conformance checks beside the vendor specs: the file
// of t is t + ".yaml" in FS.
var TokenEndpoints = []string{"oauth2_token"}

// Vendors names the bundled vendor specs, sorted. The file of vendor v is
// v + ".yaml" in FS: every embedded spec whose name has no "_" (the others
// are token endpoints and sources), so that a new vendor's spec is bundled
// by embedding it, with no list to keep.
var Vendors = vendorSpecs()

func vendorSpecs() []string {
	entries, err := FS.ReadDir(".")
	if err != nil {
		panic("specs: the embedded files cannot be listed: " + err.Error())
	}
	var out []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if ok && !strings.Contains(name, "_") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
