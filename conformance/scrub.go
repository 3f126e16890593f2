package conformance

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/credkit/credkit/internal/secretname"
)

// minSecretLen is the shortest credential value scrubbed from messages:
// shorter ones ("x", "1") would redact unrelated words.
const minSecretLen = 6

// maxSecrets bounds the credential values taken from one interaction.
const maxSecrets = 64

// jsonStringFields calls fn with the name and the raw value of every
// "name": "value" pair of a body, at most limit pairs, without parsing it
// (it may not parse): what the regular expression
//
//	"([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.){1,1000})"
//
// finds (FindAllStringSubmatch), by a scan that costs a small part of
// that regular expression's submatches (TestJSONStringFieldsAsTheRegexp
// holds the two to the same pairs).
func jsonStringFields(body string, limit int, fn func(name, value string)) {
	for i, n := 0, 0; n < limit; {
		q := strings.IndexByte(body[i:], '"')
		if q < 0 {
			return
		}
		name, value, end, ok := jsonStringFieldAt(body, i+q)
		if !ok {
			i += q + 1
			continue
		}
		fn(name, value)
		n++
		i = end
	}
}

// jsonStringFieldAt matches a "name": "value" pair at s[i], a quote: a
// name of 1 to 64 runes with no quote or backslash, then a value of 1 to
// 1000 runes or escapes (a backslash and any rune but a newline); end is
// past the value's closing quote.
func jsonStringFieldAt(s string, i int) (name, value string, end int, ok bool) {
	j, runes := i+1, 0
	for ; j < len(s) && s[j] != '"'; runes++ {
		if s[j] == '\\' || runes == 64 {
			return "", "", 0, false
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	if j >= len(s) || runes == 0 {
		return "", "", 0, false
	}
	name = s[i+1 : j]
	j = skipRegexpSpace(s, j+1)
	if j >= len(s) || s[j] != ':' {
		return "", "", 0, false
	}
	j = skipRegexpSpace(s, j+1)
	if j >= len(s) || s[j] != '"' {
		return "", "", 0, false
	}
	start, units := j+1, 0
	for j = start; j < len(s) && s[j] != '"'; units++ {
		if units == 1000 {
			return "", "", 0, false
		}
		if s[j] != '\\' {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			continue
		}
		if j+1 >= len(s) || s[j+1] == '\n' {
			return "", "", 0, false
		}
		_, size := utf8.DecodeRuneInString(s[j+1:])
		j += 1 + size
	}
	if j >= len(s) || units == 0 {
		return "", "", 0, false
	}
	return name, s[start:j], j + 1, true
}

// skipRegexpSpace is past the \s (tab, newline, form feed, carriage
// return, space) at s[j].
func skipRegexpSpace(s string, j int) int {
	for j < len(s) && strings.IndexByte("\t\n\f\r ", s[j]) >= 0 {
		j++
	}
	return j
}

// secretsOf are the credential values an interaction carries where their
// names say so: the Authorization header (and a Basic pair's parts),
// headers, query and form parameters and JSON fields named like a
// credential. A problem never quotes a value that holds one of them, even
// in a field whose own name says nothing (a secret echoed as a "status").
func secretsOf(in Exchange) []string {
	var out []string
	add := func(v string) {
		if len(v) >= minSecretLen && len(out) < maxSecrets {
			out = append(out, v)
		}
	}
	for _, h := range []http.Header{in.RequestHeader, in.ResponseHeader} {
		for name, values := range h {
			for _, v := range values {
				switch {
				case strings.EqualFold(name, "Authorization"), strings.EqualFold(name, "Proxy-Authorization"):
					authorizationSecrets(v, add)
				case secretField(name):
					add(v)
				}
			}
		}
	}
	if u, err := url.Parse(in.URL); err == nil {
		paramSecrets(u.RawQuery, add)
	}
	for _, body := range []string{in.RequestBody, in.ResponseBody} {
		paramSecrets(body, add)
		jsonStringFields(body, maxSecrets, func(name, value string) {
			if secretname.Is(name) || secretField(name) { // secretPlace of one name
				add(value)
			}
		})
	}
	return out
}

// authorizationSecrets adds an Authorization value's credential, and the
// user and password of a Basic one.
func authorizationSecrets(v string, add func(string)) {
	_, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		add(v)
		return
	}
	add(cred)
	if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
		user, pass, _ := strings.Cut(string(raw), ":")
		add(user)
		add(pass)
	}
}

// paramSecrets adds the values of credential-named form or query
// parameters.
func paramSecrets(s string, add func(string)) {
	if !strings.Contains(s, "=") {
		return
	}
	values, err := url.ParseQuery(s)
	if err != nil {
		return
	}
	for name, vs := range values {
		if secretPlace([]string{name}) {
			for _, v := range vs {
				add(v)
			}
		}
	}
}

// scrub redacts from problems every value that holds one of secrets, or
// that a secret holds: the quoted value is [REDACTED], and any secret left
// in a message is too.
func scrub(problems []Problem, secrets []string) {
	if len(secrets) == 0 {
		return
	}
	for i := range problems {
		p := &problems[i]
		if p.Received != "" && p.Received != redactedValue && holdsSecret(receivedValue(p), secrets) {
			p.Message = strings.ReplaceAll(p.Message, p.Received, redactedValue)
			p.Received = redacted
		}
		for _, s := range secrets {
			p.Message = strings.ReplaceAll(p.Message, s, redactedValue)
		}
	}
}

// receivedValue is the raw value a problem quotes, before it was cut.
func receivedValue(p *Problem) string {
	var schemaErr *openapi3.SchemaError
	if errors.As(p.Err, &schemaErr) {
		if s, ok := schemaErr.Value.(string); ok {
			return s
		}
	}
	return p.Received
}

// holdsSecret reports whether v holds a secret, or a secret holds v.
func holdsSecret(v string, secrets []string) bool {
	for _, s := range secrets {
		if strings.Contains(v, s) || len(v) >= minSecretLen && strings.Contains(s, v) {
			return true
		}
	}
	return false
}
