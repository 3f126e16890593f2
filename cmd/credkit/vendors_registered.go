package main

// The vendors credkit works with are the registered ones: every vendor
// package registers its unified.VendorSpec when imported, and this is the
// one import that assembles them. Nothing else in the CLI names a vendor.

import (
	"errors"
	"fmt"
	"strings"

	_ "github.com/credkit/credkit/internal/vendors" // registers every vendor credkit ships
	"github.com/credkit/credkit/unified"
)

// envDemo=1 asks for the in-process simulator, as --demo does.
const envDemo = "CREDKIT_DEMO"

// vendorNames are the values of --vendor.
func vendorNames() []string {
	var names []string
	for _, v := range unified.Vendors() {
		names = append(names, string(v.Name))
	}
	return names
}

// parseVendor checks a --vendor value, in any case.
func parseVendor(v string) (unified.Vendor, error) {
	if v == "" {
		return "", errors.New("--vendor is required: " + joinOr(vendorNames()))
	}
	if spec := unified.Lookup(v); spec != nil {
		return spec.Name, nil
	}
	return "", fmt.Errorf("unknown --vendor %q: want %s", v, joinOr(vendorNames()))
}

// specOf is the registered vendor of a name parseVendor accepted.
func specOf(vendor unified.Vendor) *unified.VendorSpec {
	if spec := unified.Lookup(string(vendor)); spec != nil {
		return spec
	}
	// Not registered: a spec that opens nothing, so that callers need no
	// nil checks (parseVendor refuses such a name first).
	return &unified.VendorSpec{Name: vendor}
}

// vendorHelp is the top-level help's paragraph on how credential commands
// find their vendor.
func vendorHelp() string {
	var b strings.Builder
	b.WriteString("Credential commands take --vendor " + strings.Join(vendorNames(), "|") + " and read the vendor's\n")
	b.WriteString("settings from flags or the environment:\n")
	for _, v := range unified.Vendors() {
		line := v.RequiredText()
		if opt := optionalSettings(v); len(opt) > 0 {
			line += "; also " + strings.Join(opt, ", ")
		}
		fmt.Fprintf(&b, "  %-10s %s\n", v.Name, line)
	}
	b.WriteString("With none set, a command refuses; --demo (or " + envDemo + "=1) runs it against an\n")
	b.WriteString("in-process simulator with demo clients instead.")
	return b.String()
}

// optionalSettings are the variables of a vendor's settings that no
// requirement names.
func optionalSettings(v *unified.VendorSpec) []string {
	required := map[string]bool{}
	for _, set := range v.Requires {
		for _, k := range set {
			required[k] = true
		}
	}
	var out []string
	for _, s := range v.Settings {
		if !required[s.Key] {
			out = append(out, s.Env)
		}
	}
	return out
}
