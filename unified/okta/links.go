package okta

import (
	"strings"
)

// findLink returns the URL of the first link of relation rel in RFC 8288
// Link header fields — several fields, several comma-separated links per
// field, rel values quoted or not, several space-separated rels per link,
// compared without regard to case — and whether there is one. It reads the
// fields in place: a page costs no allocation for its links.
func findLink(fields []string, rel string) (string, bool) {
	for _, field := range fields {
		if !mentions(field, rel) {
			continue // most pages have no rel="next": a scan for its letters settles it
		}
		for more := true; more; {
			var link string
			link, field, more = cutLink(field)
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") || strings.ContainsAny(target[1:len(target)-1], "<>") {
				continue
			}
			if hasRel(params, rel) {
				return target[1 : len(target)-1], true
			}
		}
	}
	return "", false
}

// cutLink cuts a Link field at the first comma between links, not one
// inside a <URL> or a quoted string: the link before it, the rest after
// it, and whether there was such a comma.
func cutLink(field string) (link, rest string, found bool) {
	inURL, inQuote := false, false
	for i := 0; i < len(field); i++ {
		switch c := field[i]; {
		case c == '<' && !inQuote:
			inURL = true
		case c == '>' && !inQuote:
			inURL = false
		case c == '"' && !inURL:
			inQuote = !inQuote
		case c == ',' && !inURL && !inQuote:
			return field[:i], field[i+1:], true
		}
	}
	return field, "", false
}

// hasRel says whether a link's parameters name rel among the relation
// types of their first rel parameter.
func hasRel(params, rel string) bool {
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		name, value, ok := strings.Cut(strings.TrimSpace(param), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		for r := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(value), `"`)) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
		return false
	}
	return false
}

// mentions says whether s may hold rel as a relation type: false only when
// no run of len(rel) bytes of s equals rel under Unicode case folding, as
// hasRel compares them. rel is ASCII. The letters k and s also fold to
// non-ASCII runes (U+212A KELVIN SIGN, U+017F LONG S), so a rel with
// either one is always "may".
func mentions(s, rel string) bool {
	if rel == "" || strings.ContainsAny(rel, "kKsS") {
		return true
	}
	lower, upper := rel[0]|0x20, rel[0]&^0x20
	for len(s) >= len(rel) {
		i := strings.IndexByte(s, lower)
		if j := strings.IndexByte(s, upper); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 || len(s)-i < len(rel) {
			return false
		}
		if asciiEqualFold(s[i:i+len(rel)], rel) {
			return true
		}
		s = s[i+1:]
	}
	return false
}

// asciiEqualFold is strings.EqualFold for ASCII letters: a and b, of one
// length, differ at most in the case of their letters.
func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(b); i++ {
		x, y := a[i], b[i]
		if x != y && (x|0x20 != y|0x20 || x|0x20 < 'a' || x|0x20 > 'z') {
			return false
		}
	}
	return true
}
