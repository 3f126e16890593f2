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
