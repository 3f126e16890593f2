package okta

import (
	"strings"
)

// parseLinks reads RFC 8288 Link header fields — several fields, several
// comma-separated links per field, rel values quoted or not, several
// space-separated rels per link — into rel → URL. The first link of a rel
// wins.
func parseLinks(fields []string) map[string]string {
	links := map[string]string{}
	for _, field := range fields {
		for _, link := range splitLinks(field) {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") || strings.ContainsAny(target[1:len(target)-1], "<>") {
				continue
			}
			for _, rel := range relsOf(params) {
				if _, seen := links[rel]; !seen {
					links[rel] = target[1 : len(target)-1]
				}
			}
		}
	}
	return links
}

// splitLinks splits a Link field at the commas between links, not those
// inside a <URL> or a quoted string.
func splitLinks(field string) []string {
	var out []string
	inURL, inQuote, start := false, false, 0
	for i, c := range field {
		switch {
		case c == '<' && !inQuote:
			inURL = true
		case c == '>' && !inQuote:
			inURL = false
		case c == '"' && !inURL:
			inQuote = !inQuote
		case c == ',' && !inURL && !inQuote:
			out = append(out, field[start:i])
			start = i + 1
		}
	}
	return append(out, field[start:])
}

// relsOf returns the relation types of a link's parameters.
func relsOf(params string) []string {
	for _, param := range strings.Split(params, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(param), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		value = strings.Trim(strings.TrimSpace(value), `"`)
		return strings.Fields(strings.ToLower(value))
	}
	return nil
}
