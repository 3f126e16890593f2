package conformance

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/credkit/credkit/internal/secretname"
)

// redacted replaces a credential in a URL.
const redacted = "REDACTED"

// redactURL is the one rule by which every report shows a recorded URL. It
// replaces with REDACTED: the userinfo (user and password) of the
// authority; the value of every query, fragment and matrix (;name=value in
// a path segment) parameter whose name looks like a credential
// (secretParam). The rest stays as recorded, byte for byte, and so does a
// URL that does not parse: it works on the text, so that nothing a
// recording controls can hide a parameter from it. Parameters are split on
// '&', ';' and a further '?', so a value cannot hide another parameter; it
// is idempotent.
func redactURL(raw string) string {
	rest, fragment, hasFragment := strings.Cut(raw, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	out := redactPath(redactUserinfo(rest))
	if hasQuery {
		out += "?" + redactParams(query)
	}
	if hasFragment {
		out += "#" + redactParams(fragment)
	}
	return out
}

// redactUserinfo replaces the user[:password]@ of an authority.
func redactUserinfo(s string) string {
	start := 0
	if i := strings.Index(s, "//"); i >= 0 && !strings.ContainsAny(s[:i], "/;") {
		start = i + 2
	} else {
		return s
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "/;"); i >= 0 {
		end = start + i
	}
	at := strings.LastIndex(s[start:end], "@")
	if at < 0 {
		return s
	}
	return s[:start] + redacted + s[start+at:]
}

// redactPath redacts the secret matrix parameters (;name=value) of every
// segment of a path.
func redactPath(s string) string {
	if !strings.Contains(s, ";") {
		return s
	}
	segs := strings.Split(s, "/")
	for i, seg := range segs {
		if head, params, ok := strings.Cut(seg, ";"); ok {
			segs[i] = head + ";" + redactParams(params)
		}
	}
	return strings.Join(segs, "/")
}

// redactParams redacts the credential values of name=value pairs.
func redactParams(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		end := strings.IndexAny(s, "&;?")
		if end < 0 {
			end = len(s)
		}
		pair := s[:end]
		if name, _, hasValue := strings.Cut(pair, "="); hasValue && secretParam(name) {
			pair = name + "=" + redacted
		}
		b.WriteString(pair)
		if end < len(s) {
			b.WriteByte(s[end])
			end++
		}
		s = s[end:]
	}
	return b.String()
}

// secretParam reports whether a parameter called name likely holds a
// credential: the names the cassette recorder redacts (internal/secretname)
// and any name that, unescaped, in lower case and without separators,
// contains a word of secretWords, ends with one of secretSuffixes or is one
// of secretExact; not the few names of secretless OAuth fields
// (notSecret).
func secretParam(name string) bool {
	if unescaped, err := url.QueryUnescape(name); err == nil {
		name = unescaped
	}
	if secretname.Is(name) {
		return true
	}
	n := normalName(name)
	if n == "" || notSecret[n] {
		return false
	}
	if secretExact[n] {
		return true
	}
	for _, w := range secretSuffixes {
		if strings.HasSuffix(n, w) {
			return true
		}
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// normalName is a name in lower case with only its letters and digits:
// "X-Amz-Signature" is "xamzsignature", "api_key" "apikey".
func normalName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var (
	// secretWords are redacted wherever they stand in a name.
	secretWords = []string{
		"token", "secret", "passw", "passwd", "pwd", "passcode", "passphrase", "signature",
		"assertion", "jwt", "session", "sessid", "credential", "apikey", "privatekey", "accesskey",
		"signingkey", "cookie", "bearer", "saml", "oauthverifier",
	}
	// secretSuffixes are redacted at the end of a name: apiKey, X-Goog-Sig,
	// totp.
	secretSuffixes = []string{"key", "sig", "otp", "pin", "code", "auth", "authorization"}
	// secretExact are names that are credentials on their own.
	secretExact = map[string]bool{"sid": true, "ticket": true, "hash": true, "mac": true, "hmac": true, "pass": true}
	// notSecret are names that the words above match but that hold no
	// credential, in the vendors' APIs and OAuth.
	notSecret = map[string]bool{
		"tokentype": true, "tokentypehint": true, "requestedtokentype": true, "subjecttokentype": true,
		"actortokentype": true, "keyid": true, "statuscode": true, "errorcode": true, "countrycode": true,
		"languagecode": true, "responsecode": true, "zipcode": true, "postalcode": true,
	}
)
