// Package secretname knows which field names hold credentials: the JSON
// properties, form fields and query parameters whose values are secrets in
// any vendor's API. The cassette recorder (internal/recording) replaces
// their values before a cassette is written, and the conformance report
// (conformance) before it prints a recorded URL, so both redact the same
// names.
package secretname

import (
	"maps"
	"slices"
)

// names are the fields whose values are credentials, spelled as the
// vendors spell them.
var names = map[string]bool{
	"client_secret": true, "clientSecret": true, "secret": true, "newClientSecret": true,
	"access_token": true, "refresh_token": true, "id_token": true, "api_token": true,
	"client_assertion": true, "passcode": true, "password": true,
}

// Names are the credential field names, sorted, for building a pattern
// that finds them in text that cannot be parsed (a truncated body).
func Names() []string { return slices.Sorted(maps.Keys(names)) }

// Is reports whether a field, form field or query parameter called name
// holds a credential. The match is exact: "clientSecret" is one,
// "ClientSecret" is not.
func Is(name string) bool { return names[name] }
