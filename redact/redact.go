// Package redact removes credentials from recorded HTTP interactions before
// they are saved: the same credential names and headers credkit redacts in
// its own cassettes, for anyone's recordings.
//
// A [Redactor] works on an [Interaction] of its own; packages
// [github.com/credkit/credkit/redact/vcrv3] and
// [github.com/credkit/credkit/redact/vcrv4] turn it into a go-vcr v3 or v4
// BeforeSaveHook, so that a go-vcr v4 user needs no v3 dependency:
//
//	red := redact.New(&redact.Options{Secrets: []string{token}})
//	rec, err := recorder.New("fixtures/okta", recorder.WithHook(vcrv4.Hook(red), recorder.BeforeSaveHook))
//
// What it rewrites: the values of Authorization, Csp-Auth-Token and DPoP
// headers (the scheme stays: "SSWS REDACTED"); cookies; every JSON or form
// field named like a credential ([Names]), at any depth, and the private
// members of a JSON Web Key; PEM private keys anywhere; and the literal
// secrets of [Options], wherever they appear. A value gets a numbered
// placeholder ("REDACTED-0001-credkit-Placeholder") that passes every
// vendor's secret rules, so a redacted recording still validates.
package redact

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
	"sync"

	"github.com/credkit/credkit/internal/secretname"
)

// privateJWKFields are the private members of a JSON Web Key (RFC 7518).
var privateJWKFields = map[string]bool{"d": true, "p": true, "q": true, "dp": true, "dq": true, "qi": true}

var privateKeyPEM = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`)

// Options say what a Redactor rewrites besides credentials. A nil
// *Options means the zero value: credentials only.
type Options struct {
	// Live is the base URL the recording was made against, replaced by
	// Placeholder everywhere (URLs, headers, bodies).
	Live, Placeholder string
	// Secrets are literal values (API tokens, client secrets) to scrub
	// from every part of the interaction, wherever they appear.
	Secrets []string
	// Rename maps values that are not secret but differ between tenants
	// to stand-ins.
	Rename map[string]string
}

// Redactor rewrites recorded interactions: credentials to numbered
// placeholders (the same value always gets the same one, so a recording
// stays coherent), the live base URL to its placeholder. It is safe for
// concurrent use; use one per recording.
type Redactor struct {
	mu                sync.Mutex
	live, placeholder string
	literals          []string
	renames           map[string]string
	seen              map[string]string
}

// New returns a Redactor.
func New(opts *Options) *Redactor {
	if opts == nil {
		opts = &Options{}
	}
	return &Redactor{live: strings.TrimSuffix(opts.Live, "/"), placeholder: strings.TrimSuffix(opts.Placeholder, "/"), literals: opts.Secrets, renames: opts.Rename, seen: map[string]string{}}
}

// Interaction is the part of a recorded exchange a Redactor rewrites, in
// the terms of no recorder: the hooks of packages vcrv3 and vcrv4 copy a
// go-vcr interaction in and out of it.
type Interaction struct {
	URL, Host                       string
	RequestHeaders, ResponseHeaders http.Header
	RequestBody, ResponseBody       string
	Form                            url.Values
}

// Redact rewrites in: credential headers keep their scheme only
// ("SSWS REDACTED"), cookies and Content-Length are dropped, credential
// fields of JSON and form bodies (at any depth) and of the form become
// placeholders, and the literal secrets, the live base URL and private
// keys in PEM are scrubbed from everything.
func (r *Redactor) Redact(in *Interaction) {
	r.mu.Lock()
	defer r.mu.Unlock()
	in.RequestHeaders = r.headers(in.RequestHeaders)
	in.ResponseHeaders = r.headers(in.ResponseHeaders)
	in.RequestBody = r.body(in.RequestBody, in.RequestHeaders.Get("Content-Type"))
	in.ResponseBody = r.body(in.ResponseBody, in.ResponseHeaders.Get("Content-Type"))
	in.Form = r.form(in.Form)
	in.URL = r.text(in.URL)
	if u, err := url.Parse(in.URL); err == nil {
		in.Host = u.Host
	}
}

// Names are the names of the fields and parameters whose values are
// credentials: client_secret, access_token, password...
func Names() []string { return secretname.Names() }

// CredentialHeaders are the headers whose value is replaced by its scheme
// and REDACTED; DroppedHeaders are removed.
var (
	CredentialHeaders = []string{"Authorization", "Csp-Auth-Token", "Dpop"}
	DroppedHeaders    = []string{"Cookie", "Set-Cookie", "Content-Length"}
)

// placeholderFor returns the stand-in for a secret value. It is long enough
// and varied enough (upper, lower, digit, symbol) to pass every vendor's
// secret rules, so redacted recordings still validate.
func (r *Redactor) placeholderFor(v string) string {
	if p, ok := r.seen[v]; ok {
		return p
	}
	p := fmt.Sprintf("REDACTED-%04d-credkit-Placeholder", len(r.seen)+1)
	r.seen[v] = p
	return p
}

func (r *Redactor) headers(h http.Header) http.Header {
	out := http.Header{}
	for name, values := range h {
		switch key := http.CanonicalHeaderKey(name); {
		case slices.Contains(DroppedHeaders, key):
			continue
		case slices.Contains(CredentialHeaders, key):
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
func (r *Redactor) text(s string) string {
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

func (r *Redactor) body(body, contentType string) string {
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

func (r *Redactor) form(values url.Values) url.Values {
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
func (r *Redactor) jsonBody(body string) string {
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

func (r *Redactor) value(v any) any {
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
