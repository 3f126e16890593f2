package unified

import (
	"fmt"
	"strings"
)

// Setting returns the vendor's setting of a key, or nil.
func (v *VendorSpec) Setting(key string) *Setting {
	for i := range v.Settings {
		if v.Settings[i].Key == key {
			return &v.Settings[i]
		}
	}
	return nil
}

// Empty reports whether s sets none of the vendor's settings.
func (v *VendorSpec) Empty(s Settings) bool {
	for _, set := range v.Settings {
		if s[set.Key] != "" {
			return false
		}
	}
	return true
}

// Missing names, by their environment variables, the settings s lacks to
// be complete: none when one set of Requires is complete, else those of
// the set s has most settings of (the way the user meant to
// authenticate); on a tie, the set missing fewer, then the first.
func (v *VendorSpec) Missing(s Settings) []string {
	var best []string
	bestHas := -1
	for _, set := range v.Requires {
		var missing []string
		for _, k := range set {
			if s[k] == "" {
				missing = append(missing, v.env(k))
			}
		}
		if len(missing) == 0 {
			return nil
		}
		has := len(set) - len(missing)
		if has > bestHas || (has == bestHas && len(missing) < len(best)) {
			best, bestHas = missing, has
		}
	}
	return best
}

// RequiredText says which variables a configuration needs, for messages:
// "A and B", and "(or C and D)" for each alternative.
func (v *VendorSpec) RequiredText() string {
	var alts []string
	for _, set := range v.Requires {
		names := make([]string, len(set))
		for i, k := range set {
			names[i] = v.env(k)
		}
		alts = append(alts, joinAnd(names))
	}
	if len(alts) == 0 {
		return ""
	}
	out := alts[0]
	for _, a := range alts[1:] {
		out += " (or " + a + ")"
	}
	return out
}

func (v *VendorSpec) env(key string) string {
	if s := v.Setting(key); s != nil {
		return s.Env
	}
	return key
}

// OpenSettings opens a provider from s: it refuses, with InvalidArgument
// and ReasonInvalidConfig, settings that are empty or incomplete (naming
// the variables to set) or of the wrong shape (naming the setting, never
// quoting a secret's value), then calls Open. It sends no request.
func (v *VendorSpec) OpenSettings(s Settings, opts *OpenOptions) (*Provider, error) {
	refuse := func(format string, a ...any) error {
		e := &Error{Code: InvalidArgument, Reason: ReasonInvalidConfig, Vendor: v.Name, Op: "Open"}
		e.Message = fmt.Sprintf(format, a...)
		return e
	}
	if v.Empty(s) {
		return nil, refuse("no %s settings: set %s", v.Name, v.RequiredText())
	}
	if missing := v.Missing(s); len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return nil, refuse("%s %s not set (the %s settings are incomplete)", joinAnd(missing), verb, v.Name)
	}
	for _, set := range v.Settings {
		if val := s[set.Key]; val != "" && set.Check != nil {
			if err := set.Check(val); err != nil {
				return nil, refuse("%s: %v", set.Env, err)
			}
		}
	}
	return v.Open(s, opts)
}

// Capabilities returns what the vendor's providers can do, from a provider
// opened with each setting's Example (which sends no request).
func (v *VendorSpec) Capabilities() (Capabilities, error) {
	s := Settings{}
	for _, set := range v.Settings {
		s[set.Key] = set.Example
	}
	p, err := v.Open(s, nil)
	if err != nil {
		return Capabilities{}, err
	}
	defer p.Close() //nolint:errcheck // it sent no request: there is nothing to release
	return p.Capabilities(), nil
}

// joinAnd joins names as "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Tenant names the tenant the settings s reach, from the settings marked
// Tenant, as "vendor:value[:value]" with URLs lower-cased and without a
// trailing slash; "" when no setting names one.
func (v *VendorSpec) Tenant(s Settings) string {
	var parts []string
	for _, set := range v.Settings {
		if set.Tenant && s[set.Key] != "" {
			parts = append(parts, strings.TrimRight(strings.ToLower(strings.TrimSpace(s[set.Key])), "/"))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return string(v.Name) + ":" + strings.Join(parts, ":")
}
