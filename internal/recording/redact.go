package recording

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/internal/secretname"
)

// privateJWKFields are the private members of a JSON Web Key (RFC 7518).
var privateJWKFields = map[string]bool{"d": true, "p": true, "q": true, "dp": true, "dq": true, "qi": true}

var privateKeyPEM = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`)

// redactor rewrites one cassette: live base URL to placeholder, credentials
// to numbered placeholders (the same value always gets the same one, so a
// recording stays coherent), and latency to zero.
type redactor struct {
	live, placeholder string
	literals          []string
	renames           map[string]string
	seen              map[string]string
}

func newRedactor(live, placeholder string, literals []string, renames map[string]string) *redactor {
	return &redactor{live: strings.TrimSuffix(live, "/"), placeholder: strings.TrimSuffix(placeholder, "/"), literals: literals, renames: renames, seen: map[string]string{}}
}

// placeholderFor returns the stand-in for a secret value. It is long enough
// and varied enough (upper, lower, digit, symbol) to pass every vendor's
// secret rules, so redacted recordings still validate.
func (r *redactor) placeholderFor(v string) string {
	if p, ok := r.seen[v]; ok {
		return p
	}
	p := fmt.Sprintf("REDACTED-%04d-credkit-Placeholder", len(r.seen)+1)
	r.seen[v] = p
	return p
}

func (r *redactor) interaction(i *cassette.Interaction) {
	i.Response.Duration = 0
	i.Request.RemoteAddr, i.Request.RequestURI = "", ""
	i.Request.Headers = r.headers(i.Request.Headers, true)
	i.Response.Headers = r.headers(i.Response.Headers, false)
	i.Request.Body = r.body(i.Request.Body, i.Request.Headers.Get("Content-Type"))
	i.Response.Body = r.body(i.Response.Body, i.Response.Headers.Get("Content-Type"))
	i.Request.Form = r.form(i.Request.Form)
	i.Request.URL = r.text(i.Request.URL)
	if u, err := url.Parse(i.Request.URL); err == nil {
		i.Request.Host = u.Host
	}
	i.Request.ContentLength = int64(len(i.Request.Body))
	if i.Response.ContentLength >= 0 {
		i.Response.ContentLength = int64(len(i.Response.Body))
	}
}

func (r *redactor) headers(h http.Header, request bool) http.Header {
	out := http.Header{}
	for name, values := range h {
		switch http.CanonicalHeaderKey(name) {
		case "Cookie", "Set-Cookie", "Content-Length":
			continue
		case "Authorization", "Csp-Auth-Token", "Dpop":
			for _, v := range values {
				out.Add(name, redactAuthorization(v))
			}
			continue
		}
		for _, v := range values {
			out.Add(name, r.text(v))
		}
	}
	return out
}

// redactAuthorization keeps the scheme, so a replayed request still shows
// which credential kind was used.
func redactAuthorization(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok {
		return scheme + " REDACTED"
	}
	return "REDACTED"
}

// text replaces the live base URL and every known secret in s.
func (r *redactor) text(s string) string {
	if r.live != "" && r.live != r.placeholder {
		s = strings.ReplaceAll(s, r.live, r.placeholder)
	}
	for _, v := range slices.Sorted(maps.Keys(r.renames)) {
		if v != "" {
			s = strings.ReplaceAll(s, v, r.renames[v])
		}
	}
	for _, lit := range r.literals {
		if lit != "" && strings.Contains(s, lit) {
			s = strings.ReplaceAll(s, lit, r.placeholderFor(lit))
		}
	}
	for _, v := range slices.Sorted(maps.Keys(r.seen)) {
		s = strings.ReplaceAll(s, v, r.seen[v])
	}
	return privateKeyPEM.ReplaceAllString(s, "REDACTED PRIVATE KEY")
}

func (r *redactor) body(body, contentType string) string {
	if body == "" {
		return body
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case strings.HasSuffix(mt, "json"):
		return r.text(r.jsonBody(body))
	case mt == "application/x-www-form-urlencoded":
		if values, err := url.ParseQuery(body); err == nil {
			return r.text(r.form(values).Encode())
		}
	}
	return r.text(body)
}

func (r *redactor) form(values url.Values) url.Values {
	if values == nil {
		return nil
	}
	out := url.Values{}
	for k, vs := range values {
		for _, v := range vs {
			if secretname.Is(k) {
				v = r.placeholderFor(v)
			}
			out.Add(k, v)
		}
	}
	return out
}

// jsonBody redacts credential fields at any depth. A body that is not JSON
// is returned as it is (text still scrubs it).
func (r *redactor) jsonBody(body string) string {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return body
	}
	v = r.value(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return body
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func (r *redactor) value(v any) any {
	switch t := v.(type) {
	case map[string]any:
		_, isJWK := t["kty"]
		for _, k := range slices.Sorted(maps.Keys(t)) {
			field := t[k]
			s, isString := field.(string)
			switch {
			case isString && (secretname.Is(k) || isJWK && privateJWKFields[k]):
				t[k] = r.placeholderFor(s)
			default:
				t[k] = r.value(field)
			}
		}
	case []any:
		for i := range t {
			t[i] = r.value(t[i])
		}
	}
	return v
}
