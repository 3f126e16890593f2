package conformance

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxServerBases bounds the base paths one servers list expands to: each
// is a route per path, and a spec's enums are not ours to trust.
const maxServerBases = 64

// hostFree returns a shallow copy of doc whose servers keep only their base
// paths, so that its router matches a request by method and path alone:
// recorded requests carry placeholder hosts, and a user's own tenant has a
// host no spec can know. Every server counts, and every value of a server
// variable: one with an enum stands for each of its values, one without
// for any path segment. Path items' own servers are rewritten alike.
func hostFree(doc *openapi3.T) *openapi3.T {
	clone := *doc
	clone.Servers = baseServers(doc.Servers)
	if doc.Paths == nil {
		return &clone
	}
	paths := openapi3.NewPaths()
	for path, item := range doc.Paths.Map() {
		if item != nil && len(item.Servers) > 0 {
			copied := *item
			copied.Servers = baseServers(item.Servers)
			item = &copied
		}
		paths.Set(path, item)
	}
	clone.Paths = paths
	return &clone
}

// baseServers are the distinct base paths of servers, without a trailing
// slash; nil when every base is the root.
func baseServers(servers openapi3.Servers) openapi3.Servers {
	var out openapi3.Servers
	seen := map[string]bool{}
	for _, s := range servers {
		if s == nil {
			continue
		}
		for _, base := range serverBases(s) {
			if !seen[base] && len(out) < maxServerBases {
				seen[base] = true
				out = append(out, &openapi3.Server{URL: base})
			}
		}
	}
	if len(out) == 1 && out[0].URL == "" {
		return nil
	}
	return out
}

// serverBases are the base paths of one server: its URL's path, with each
// variable replaced by each value of its enum, or by a router variable
// that matches one segment when it has none.
func serverBases(s *openapi3.Server) []string {
	path := serverURLPath(s.URL)
	bases := []string{""}
	for i, part := range splitTemplate(path) {
		name, isVar := strings.CutPrefix(part, "{")
		name = strings.TrimSuffix(name, "}")
		var values []string
		switch v := s.Variables[name]; {
		case !isVar:
			values = []string{part}
		case v != nil && len(v.Enum) > 0:
			values = v.Enum
		default:
			values = []string{"{credkitServerVar" + strconv.Itoa(i) + "}"}
		}
		bases = product(bases, values)
	}
	for i, b := range bases {
		bases[i] = strings.TrimSuffix(b, "/")
	}
	return bases
}

// serverURLPath is the path of a server URL, its variables kept: the part after
// the host ("https://{tenant}.example.com/v3" is "/v3"), or the URL itself
// when it is relative.
func serverURLPath(raw string) string {
	rest := raw
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return ""
		}
		rest = rest[j:]
	}
	rest, _, _ = strings.Cut(rest, "?")
	rest, _, _ = strings.Cut(rest, "#")
	if unescaped, err := url.PathUnescape(rest); err == nil {
		rest = unescaped
	}
	return rest
}

// splitTemplate splits a path into literal parts and {variable} parts.
func splitTemplate(path string) []string {
	var out []string
	for path != "" {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			return append(out, path)
		}
		end := strings.IndexByte(path[open:], '}')
		if end < 0 {
			return append(out, path)
		}
		if open > 0 {
			out = append(out, path[:open])
		}
		out = append(out, path[open:open+end+1])
		path = path[open+end+1:]
	}
	return out
}

// product appends each value to each prefix, up to maxServerBases.
func product(prefixes, values []string) []string {
	out := make([]string, 0, min(len(prefixes)*len(values), maxServerBases))
	for _, p := range prefixes {
		for _, v := range values {
			if len(out) == maxServerBases {
				return out
			}
			out = append(out, p+v)
		}
	}
	return out
}
