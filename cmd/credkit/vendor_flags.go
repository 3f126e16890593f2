package main

// The flags that pick and configure a vendor, made from the registered
// vendors' settings: each setting's key is a flag, and its environment
// variable stands in for it.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

// vendorOptions pick a vendor and configure it. A flag overrides the
// environment variable of the same setting; secrets are better given in
// the environment, since flags show in process lists.
type vendorOptions struct {
	Vendor string
	Demo   bool
	// Values are the vendor settings' flags, by setting key.
	Values map[string]*string
}

// addVendorFlags adds the flags that pick and configure a vendor to cmd,
// in the "vendor flags" section of its help; the settings of each vendor
// are listed by vendor after it.
func addVendorFlags(cmd *cobra.Command, v *vendorOptions) {
	fs := cmd.Flags()
	fs.StringVar(&v.Vendor, "vendor", "", "the `vendor`: "+joinOr(vendorNames())+" (required)")
	names := []string{"vendor"}
	v.Values = map[string]*string{}
	for _, key := range settingKeys() {
		v.Values[key] = new(string)
		fs.StringVar(v.Values[key], key, "", settingUsage(key))
		names = append(names, key)
	}
	fs.BoolVar(&v.Demo, "demo", false, "run against an in-process simulator with demo clients, not a tenant (or set "+envDemo+"=1)")
	names = append(names, "demo")
	for _, name := range names {
		inFlagGroup(cmd, name, vendorFlagGroup)
	}
	_ = cmd.RegisterFlagCompletionFunc("vendor", fixedCompletion(vendorNames()...))
}

// settingKeys are the keys of every vendor's settings, once each, in the
// order the vendors (by name) declare them.
func settingKeys() []string {
	var keys []string
	for _, v := range unified.Vendors() {
		for _, s := range v.Settings {
			if !slices.Contains(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	return keys
}

// settingUsage is the help of the flag key: what it is, and the variable
// that stands in for it at each vendor that has it. A key several vendors
// share says which; "settings by vendor" in the help lists each vendor's.
func settingUsage(key string) string {
	var names, envs []string
	var first *unified.Setting
	secret := false
	for _, v := range unified.Vendors() {
		s := v.Setting(key)
		if s == nil {
			continue
		}
		if first == nil {
			first = s
		}
		names = append(names, string(v.Name))
		envs = append(envs, "$"+s.Env)
		secret = secret || s.Secret
	}
	usage := first.Usage
	if len(names) > 1 {
		usage = placeholderOf(first.Usage) + " for " + joinOr(names)
	}
	usage += " (default " + joinOr(envs) + ")"
	if secret {
		usage += "; prefer the environment: flags show in process lists"
	}
	return usage
}

// placeholderOf is the backquoted name of a flag's value in a usage,
// which pflag shows after the flag, as "the `ID`".
func placeholderOf(usage string) string {
	if _, rest, ok := strings.Cut(usage, "`"); ok {
		if name, _, ok := strings.Cut(rest, "`"); ok {
			return "the `" + name + "`"
		}
	}
	return "the value"
}

// joinOr joins words as "a", "a or b", "a, b or c".
func joinOr(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// settingsHelp lists each vendor's settings, for the help of a command
// with vendor flags.
func settingsHelp() string {
	var b strings.Builder
	b.WriteString("settings by vendor (a flag, or else its environment variable):\n")
	for _, v := range unified.Vendors() {
		var parts []string
		for _, s := range v.Settings {
			parts = append(parts, "--"+s.Key+" $"+s.Env)
		}
		fmt.Fprintf(&b, "  %-10s %s\n", v.Name, strings.Join(parts, ", "))
	}
	return b.String()
}

// settingsOf are the settings of spec from the flags v and the
// environment getenv reads.
func settingsOf(spec *unified.VendorSpec, v *vendorOptions, getenv func(string) string) unified.Settings {
	out := unified.Settings{}
	for _, s := range spec.Settings {
		if f := v.Values[s.Key]; f != nil && *f != "" {
			out[s.Key] = *f
			continue
		}
		out[s.Key] = getenv(s.Env)
		for _, alias := range s.EnvAliases {
			if out[s.Key] != "" {
				break
			}
			out[s.Key] = getenv(alias)
		}
	}
	return out
}

// settingNames maps the names a vendor's messages may give a setting to
// the variable and flag that set it in the CLI.
func settingNames(vendor unified.Vendor) map[string]string {
	out := map[string]string{}
	for _, s := range specOf(vendor).Settings {
		if s.Field != "" {
			out[s.Field] = s.Env + " (--" + s.Key + ")"
		}
	}
	return out
}
