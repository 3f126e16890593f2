// Package redact removes a provider's own credentials from what a server
// sends back, before it becomes an error message, a snippet or a log line.
//
// A server, or a proxy in front of it, may echo the request it refused: its
// Authorization header in a JSON error summary, in an HTML page, base64
// inside a Basic header, URL-encoded in a link. A Set holds every
// credential value the provider holds or has obtained and replaces each of
// them, in every form listed under Forms, with "[REDACTED]".
//
// Values shorter than MinLen are not held: they would match ordinary text
// and cannot be told apart from it.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Mask replaces every credential form found.
const Mask = "[REDACTED]"

// MinLen is the shortest value a Set holds, in bytes.
const MinLen = 8

// MaxRecent bounds the values a Set keeps from Remember (access tokens it
// obtained, secrets it sent): the oldest are forgotten first, so that a
// process rotating for months does not scan for every secret it ever sent.
const MaxRecent = 64

// Set is a concurrency-safe set of credential values. Make one with New; a
// nil *Set holds nothing.
type Set struct {
	// The values sit behind a pointer, so that fmt, printing a struct that
	// holds a Set in an unexported field (where it cannot call Format),
	// shows an address rather than the values.
	*values
}

type values struct {
	mu        sync.RWMutex
	permanent []string // values from Add
	recent    []string // values from Remember, oldest first
	forms     []string // every form of every value, longest first
}

// New returns a Set holding values (see Add).
func New(vals ...string) *Set {
	s := &Set{values: &values{}}
	s.Add(vals...)
	return s
}

// Add holds values for the Set's lifetime: the credentials a provider was
// configured with.
func (s *Set) Add(values ...string) {
	if s == nil || s.values == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) >= MinLen && !slices.Contains(s.permanent, v) {
			s.permanent = append(s.permanent, v)
		}
	}
	s.rebuild()
}

// Remember holds v among the MaxRecent latest values: an access token the
// provider obtained, a secret it sent.
func (s *Set) Remember(v string) {
	if s == nil || s.values == nil || len(v) < MinLen {
		return
	}
	s.mu.RLock()
	known := slices.Contains(s.recent, v) || slices.Contains(s.permanent, v)
	s.mu.RUnlock()
	if known {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.recent, v) {
		return
	}
	if len(s.recent) == MaxRecent {
		s.recent = slices.Delete(s.recent, 0, 1)
	}
	s.recent = append(s.recent, v)
	s.rebuild()
}

// rebuild recomputes forms; s.mu is held.
func (s *Set) rebuild() {
	var forms []string
	for _, v := range s.permanent {
		forms = append(forms, Forms(v)...)
	}
	for _, v := range s.recent {
		forms = append(forms, Forms(v)...)
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	s.forms = slices.Compact(forms)
}

// Forms returns the forms of v a server may send back: v itself; URL
// query and path escaped, with upper- and lower-case hex; JSON escaped
// (with and without HTML escaping, with and without "\/"); HTML escaped;
// and base64, standard and URL alphabets, at each of the three byte
// offsets v can have inside an encoded string (a password inside
// "Basic base64(user:password)" starts wherever the user ID ends). A
// base64 form is the run of characters that depend on v alone, so it
// matches with or without padding and whatever surrounds v.
func Forms(v string) []string {
	if len(v) < MinLen {
		return nil
	}
	forms := []string{v}
	add := func(f string) {
		if f != "" && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	for _, esc := range []string{url.QueryEscape(v), url.PathEscape(v), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")} {
		add(esc)
		add(lowerHex(esc))
	}
	add(html.EscapeString(v))
	for _, j := range jsonForms(v) {
		add(j)
		add(strings.ReplaceAll(j, "/", `\/`))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for offset := range 3 {
			add(base64Run(enc, v, offset))
		}
	}
	return forms
}

// jsonForms is v as the inside of a JSON string, as encoding/json writes
// it with and without HTML escaping.
func jsonForms(v string) []string {
	var out []string
	for _, escapeHTML := range []bool{true, false} {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if enc.Encode(v) == nil {
			s := strings.TrimSuffix(b.String(), "\n")
			out = append(out, s[1:len(s)-1])
		}
	}
	return out
}

// base64Run is the part of the base64 encoding of v, placed offset bytes
// after a 3-byte boundary, that depends on v's bytes only: character i
// covers bits 6i to 6i+5, so the run goes from the first character past
// the offset's bits to the last one that ends inside v.
func base64Run(enc *base64.Encoding, v string, offset int) string {
	buf := make([]byte, offset+len(v))
	copy(buf[offset:], v)
	s := enc.EncodeToString(buf)
	start := (8*offset + 5) / 6
	end := 8 * (offset + len(v)) / 6
	if end <= start {
		return ""
	}
	return s[start:end]
}

// lowerHex lower-cases the hex digits of every %XX escape.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lower(b[i+1]), lower(b[i+2])
		}
	}
	return string(b)
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// Len is how many values the Set holds.
func (s *Set) Len() int {
	if s == nil || s.values == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.permanent) + len(s.recent)
}

// Redact returns text with every form of every held value replaced by
// Mask. Overlapping matches merge into one Mask, so that no piece of
// either value is left between them.
func (s *Set) Redact(text string) string {
	if s == nil || s.values == nil || text == "" {
		return text
	}
	s.mu.RLock()
	forms := s.forms
	s.mu.RUnlock()
	var spans [][2]int
	for _, f := range forms {
		for i := 0; i <= len(text)-len(f); {
			j := strings.Index(text[i:], f)
			if j < 0 {
				break
			}
			spans = append(spans, [2]int{i + j, i + j + len(f)})
			i += j + 1
		}
	}
	if len(spans) == 0 {
		return text
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	last := 0
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] <= end; i++ {
			end = max(end, spans[i][1])
		}
		b.WriteString(text[last:start])
		b.WriteString(Mask)
		last = end
	}
	b.WriteString(text[last:])
	return b.String()
}

// Bytes is Redact for a body.
func (s *Set) Bytes(body []byte) []byte {
	if s == nil || len(body) == 0 || s.Len() == 0 {
		return body
	}
	return []byte(s.Redact(string(body)))
}

// Error returns err with every held value removed from its message; it
// unwraps to err, so errors.Is and errors.As still reach what it wraps.
func (s *Set) Error(err error) error {
	if err == nil || s.Len() == 0 {
		return err
	}
	msg := err.Error()
	if red := s.Redact(msg); red != msg {
		return &redacted{msg: red, err: err}
	}
	return err
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// Format prints how many values the Set holds, never the values, whatever
// the verb: a provider printed with %v or %+v shows no credential.
func (s *Set) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "redact.Set(%d values)", s.Len()) // Format has no error to return
}
