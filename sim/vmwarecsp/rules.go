package vmwarecsp

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	api "github.com/credkit/credkit/gen/vmwarecsp"
)

// clientIDPattern is the character rule of a client ID.
var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// A caller-chosen client ID also has 5 to 256 characters
// (OrgOAuthAppRequest.id in CSP's reference).
const (
	minClientIDLength = 5
	maxClientIDLength = 256
)

// checkNewClientID applies both rules to a caller-chosen client ID.
func checkNewClientID(id string) *cspError {
	if len(id) < minClientIDLength || len(id) > maxClientIDLength || !clientIDPattern.MatchString(id) {
		return invalid("id must have %d to %d characters of A-Z a-z 0-9 _ -", minClientIDLength, maxClientIDLength)
	}
	return nil
}

// displayNamePattern is CSP's rule for an app's display name: letters and
// digits of any script, spaces and the symbols - _ . ` ' ‘ ’ : @ & and the
// comma (CSP's sentence lists "-_.`’:@&, and space"; see ERRATA.md).
var displayNamePattern = regexp.MustCompile("^[\\p{L}\\p{N} ,_.`'‘’:@&-]+$")

// checkDisplayName applies displayNamePattern.
func checkDisplayName(name string) *cspError {
	if !displayNamePattern.MatchString(name) {
		return invalid("displayName may hold only letters, digits, spaces and , - _ . ` ' ‘ ’ : @ &")
	}
	return nil
}

// secretSpecials are the special characters of CSP's client secret rule.
const secretSpecials = "!@#$%^&*()_+=[]-{|}',./:;<>?`~"

// minSecretLength is the shortest client secret CSP accepts.
const minSecretLength = 8

func isLower(r rune) bool   { return r >= 'a' && r <= 'z' }
func isUpper(r rune) bool   { return r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool   { return r >= '0' && r <= '9' }
func isSpecial(r rune) bool { return strings.ContainsRune(secretSpecials, r) }

func containsClass(s string, class func(rune) bool) bool { return strings.ContainsFunc(s, class) }

// checkSecret applies CSP's client secret rule to the value of field: at
// least 8 characters, with a lower-case letter, an upper-case letter, a
// digit and a special character.
func checkSecret(field, v string) *cspError {
	if utf8.RuneCountInString(v) < minSecretLength {
		return invalid("%s must have at least %d characters", field, minSecretLength)
	}
	var missing []string
	for _, c := range []struct {
		name  string
		class func(rune) bool
	}{{"a lower-case letter", isLower}, {"an upper-case letter", isUpper}, {"a digit", isDigit}, {"a special character of " + secretSpecials, isSpecial}} {
		if !containsClass(v, c.class) {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return invalid("%s must contain %s", field, strings.Join(missing, ", "))
	}
	return nil
}

// decodeBody decodes a JSON object into v after checking that each of the
// required members is present and not null.
func decodeBody(body []byte, v any, required ...string) *cspError {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return invalid("the body must be a JSON object")
	}
	for _, name := range required {
		if raw, ok := obj[name]; !ok || string(raw) == "null" {
			return invalid("%s is required", name)
		}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return invalid("the body does not match its schema: %v", err)
	}
	return nil
}

// serviceOrgGrants are the grant types only service organizations may use;
// the simulated organization is a customer organization.
var serviceOrgGrants = map[api.GrantType]bool{api.GrantTypeAudienceExchange: true, api.GrantTypeClientDelegate: true, api.GrantTypeContextSwitch: true}

// checkGrantTypes requires at least one grant type, each known and allowed
// in a customer organization.
func checkGrantTypes(gts []api.GrantType) *cspError {
	if len(gts) == 0 {
		return invalid("grantTypes must not be empty")
	}
	for _, g := range gts {
		switch {
		case !g.Valid():
			return invalid("grantTypes: %q is not a grant type", g)
		case serviceOrgGrants[g]:
			return invalid("grantTypes: %q is for service organizations only", g)
		}
	}
	return nil
}

// checkApp applies the rules that concern an app as a whole, after a create
// or a patch has been applied to it.
func checkApp(info *api.OrgOAuthAppResponse) *cspError {
	access, refresh := deref(info.AccessTokenTTL), deref(info.RefreshTokenTTL)
	switch {
	case strings.TrimSpace(deref(info.DisplayName)) == "":
		return invalid("displayName must not be blank")
	case access <= 0:
		return invalid("accessTokenTTL must be positive")
	case refresh <= access:
		return invalid("refreshTokenTTL must exceed accessTokenTTL")
	case deref(info.AllowOpenRedirectUris) && len(derefSlice(info.RedirectUris)) > 0:
		return invalid("redirectUris must be empty when allowOpenRedirectUris is true")
	case deref(info.SecretRotationExpirationInSeconds) <= 0:
		return invalid("secretRotationExpirationInSeconds must be positive")
	}
	return nil
}

// checkWindow requires a rotation window, when given, to be positive.
func checkWindow(secs *int32) *cspError {
	if secs != nil && *secs <= 0 {
		return invalid("secretRotationExpirationInSeconds must be positive")
	}
	return nil
}
