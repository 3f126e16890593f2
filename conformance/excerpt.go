package conformance

import (
	"regexp"
	"strings"
)

// maxExcerpt bounds each body excerpt a failure keeps, in bytes.
const maxExcerpt = 512

// Excerpts are what a failing interaction shows of its recorded bodies,
// for a reader to see the value in its place: each redacted (redactBody)
// and cut to maxExcerpt bytes. Only failures keep them, so a run's memory
// and its streamed reports do not grow with the passing interactions.
type Excerpts struct {
	// Request is the start of the request body; empty when it has none.
	Request string `json:"request,omitempty"`
	// Response is the start of the response body; empty when it has none.
	Response string `json:"response,omitempty"`
}

// excerptsOf are the body excerpts of a failing exchange; nil when both
// bodies are empty.
func excerptsOf(in Exchange) *Excerpts {
	if in.RequestBody == "" && in.ResponseBody == "" {
		return nil
	}
	secrets := secretsOf(in)
	return &Excerpts{Request: excerpt(in.RequestBody, secrets), Response: excerpt(in.ResponseBody, secrets)}
}

// excerpt is body redacted, then cut on a rune boundary. The whole body
// is redacted before the cut, so that a cut cannot hide the end of a
// secret's field from the rules.
func excerpt(body string, secrets []string) string {
	if body == "" {
		return ""
	}
	return cutBytes(redactBody(body, secrets), maxExcerpt)
}

var (
	// jsonSecretField finds the start of a JSON member's value, "name": ,
	// without parsing the body (it may not parse, or be cut).
	jsonSecretField = regexp.MustCompile(`"([^"\\]{1,64})"\s*:\s*`)
	// bodyParam finds name=value pairs anywhere in a body: a form, or a
	// URL quoted in JSON or text.
	bodyParam = regexp.MustCompile(`([A-Za-z0-9_.%\[\]-]{1,64})=([^&;?#\s"'<>\\]*)`)
	// bodyUserinfo finds the userinfo of a URL in a body.
	bodyUserinfo = regexp.MustCompile(`//[^/\s"'<>@?#\\]+@`)
)

// redactBody replaces with [REDACTED] what in a recorded body may be a
// credential, by the rules that already guard problems and URLs: every
// value of secrets (the credentials the exchange carries, wherever they are
// echoed); the value of every JSON member whose name looks like a
// credential (secretPlace, secretParam), string or not; the value of every
// name=value pair whose name does (a form body, a URL in a body); and the
// userinfo of a URL. It is idempotent.
func redactBody(s string, secrets []string) string {
	for _, secret := range secrets {
		s = strings.ReplaceAll(s, secret, redactedValue)
	}
	s = redactJSONMembers(s)
	s = bodyParam.ReplaceAllStringFunc(s, func(pair string) string {
		name, value, _ := strings.Cut(pair, "=")
		if value == "" || value == redacted || value == redactedValue || !secretParam(name) {
			return pair
		}
		return name + "=" + redacted
	})
	return bodyUserinfo.ReplaceAllString(s, "//"+redacted+"@")
}

// redactJSONMembers replaces the value of every member named like a
// credential: a string to its closing quote (or the end of a cut body),
// any other scalar to the next delimiter. An object or array is left, its
// own members redacted by their names.
func redactJSONMembers(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range jsonSecretField.FindAllStringSubmatchIndex(s, -1) {
		if m[0] < last || !secretJSONName(s[m[2]:m[3]]) {
			continue
		}
		start, end := m[1], jsonValueEnd(s, m[1])
		if start == end || s[start:end] == `"`+redactedValue+`"` {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(`"` + redactedValue + `"`)
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// jsonValueEnd is where the scalar value at i ends: after a string's
// closing quote, or before the delimiter of any other scalar; i itself
// for an object or array.
func jsonValueEnd(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '{', '[':
		return i
	case '"':
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(s)
	}
	end := strings.IndexAny(s[i:], ",}] \t\r\n")
	if end < 0 {
		return len(s)
	}
	return i + end
}

// secretJSONName reports whether a JSON member's name looks like a
// credential's: a name problems never quote (secretPlace) but the few
// secretless OAuth ones (token_type...), or a name URLs redact.
func secretJSONName(name string) bool {
	return secretPlace([]string{name}) && !notSecret[normalName(name)] || secretParam(name)
}
