package conformance

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// minSecretLen is the shortest credential value scrubbed from messages:
// shorter ones ("x", "1") would redact unrelated words.
const minSecretLen = 6

// maxSecrets bounds the credential values taken from one interaction.
const maxSecrets = 64

// jsonStringField finds "name": "value" pairs in a body without parsing
// it (it may not parse).
var jsonStringField = regexp.MustCompile(`"([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.){1,1000})"`)

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
		for _, m := range jsonStringField.FindAllStringSubmatch(body, maxSecrets) {
			if secretPlace([]string{m[1]}) {
				add(m[2])
			}
		}
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
