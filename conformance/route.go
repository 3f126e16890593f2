package conformance

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/routers"
)

// normalizeRequest rewrites req, in place, into the one form of its URL and
// content type that the specs' routers and validators match, so that every
// form a client may send for the same resource reaches the same operation:
//
//   - the path is normalised as RFC 3986 §6.2.2 does: percent escapes of
//     unreserved characters are decoded ("%76%33" is "v3") and the others
//     get upper-case hex ("%2f" is "%2F"); empty segments, from a double or
//     trailing slash, are dropped. Servers differ on "/a//b/": most route
//     it as "/a/b", some firewalls refuse it with a 400. Either way the
//     interaction is about that operation, so it is routed there and its
//     answer is checked against what the operation documents; routing it
//     never hides a failure, while leaving it unmatched would;
//   - a default port (":443" on https, ":80" on http) is dropped from the
//     host;
//   - the media type of Content-Type is put in lower case, its parameters
//     kept ("Application/JSON;charset=UTF-8" is
//     "application/json; charset=UTF-8").
//
// The query is left as sent: its order never decides a route. Escaped
// slashes stay escaped, so an ID holding one stays one path segment.
func normalizeRequest(req *http.Request) {
	req.URL.Host = withoutDefaultPort(req.URL.Scheme, req.URL.Host)
	req.Host = withoutDefaultPort(req.URL.Scheme, req.Host)
	escaped := req.URL.EscapedPath()
	if raw, err := normalizePath(escaped); err == nil && raw != escaped {
		if path, err := url.PathUnescape(raw); err == nil {
			setPath(req.URL, path, raw) // a path normal already is left as parsed
		}
	}
	if ct := req.Header.Get("Content-Type"); ct != "" {
		if norm := normalizeMediaType(ct); norm != ct {
			// The header may be the recording's own (recordedRequest):
			// it is copied, never written.
			req.Header = req.Header.Clone()
			req.Header.Set("Content-Type", norm)
		}
	}
}

// setPath sets u's path to path, escaped as raw. RawPath stays empty
// when raw is the default escaping of path, as url.Parse leaves it: a
// router asks for EscapedPath on every route it tries, and with a RawPath
// each of those calls checks and decodes it again.
func setPath(u *url.URL, path, raw string) {
	u.Path, u.RawPath = path, ""
	if u.EscapedPath() != raw {
		u.RawPath = raw
	}
}

// findRoute routes a normalised request through one spec. The router
// matches escaped paths, so it answers path parameters escaped; they are
// unescaped here, as a server hands them to its handler.
func findRoute(s *Spec, req *http.Request) (*routers.Route, map[string]string, error) {
	rt, params, err := s.router.FindRoute(req)
	if err != nil {
		return nil, nil, err
	}
	for name, v := range params {
		if u, err := url.PathUnescape(v); err == nil {
			params[name] = u
		}
	}
	return rt, params, nil
}

// normalizePath normalises an escaped path; it fails on a malformed escape.
func normalizePath(escaped string) (string, error) {
	if isNormalPath(escaped) {
		return escaped, nil
	}
	return rebuildPath(escaped)
}

// rebuildPath is normalizePath segment by segment.
func rebuildPath(escaped string) (string, error) {
	var b strings.Builder
	for _, seg := range strings.Split(escaped, "/") {
		if seg == "" {
			continue
		}
		norm, err := normalizeSegment(seg)
		if err != nil {
			return "", err
		}
		b.WriteByte('/')
		b.WriteString(norm)
	}
	if b.Len() == 0 {
		return "/", nil
	}
	return b.String(), nil
}

// isNormalPath reports whether normalizePath would return escaped as it
// is: "/", or segments each after one slash, none empty, no escapes.
func isNormalPath(escaped string) bool {
	if escaped == "/" {
		return true
	}
	return strings.HasPrefix(escaped, "/") && !strings.HasSuffix(escaped, "/") &&
		!strings.Contains(escaped, "//") && !strings.Contains(escaped, "%")
}

// normalizeSegment decodes the escapes of unreserved characters of one
// escaped segment and writes the other escapes with upper-case hex.
func normalizeSegment(seg string) (string, error) {
	if !strings.Contains(seg, "%") {
		return seg, nil
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		if seg[i] != '%' {
			b.WriteByte(seg[i])
			continue
		}
		if i+2 >= len(seg) || !isHex(seg[i+1]) || !isHex(seg[i+2]) {
			return "", url.EscapeError(seg[i:min(i+3, len(seg))])
		}
		c := unhex(seg[i+1])<<4 | unhex(seg[i+2])
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(seg[i+1 : i+3]))
		}
		i += 2
	}
	return b.String(), nil
}

// unreserved reports whether c is an RFC 3986 unreserved character.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// withoutDefaultPort drops ":443" from an https host and ":80" from an
// http one.
func withoutDefaultPort(scheme, host string) string {
	if !strings.Contains(host, ":") {
		return host // no port (SplitHostPort would say so with an error)
	}
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if port == "443" && strings.EqualFold(scheme, "https") || port == "80" && strings.EqualFold(scheme, "http") {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// normalizeMediaType writes a Content-Type with its type and subtype in
// lower case and its parameters kept; a value that does not parse is
// returned as it is, for validation to report.
func normalizeMediaType(ct string) string {
	if isLowerToken(ct) {
		return ct // no parameters, nothing to lower: formatMediaType gives it back
	}
	return formatMediaType(ct)
}

// formatMediaType is normalizeMediaType through mime's parser.
func formatMediaType(ct string) string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	if out := mime.FormatMediaType(mt, params); out != "" {
		return out
	}
	return ct
}

// isLowerToken reports whether s holds only lower-case letters, digits
// and the punctuation of a type/subtype ("application/vnd.api+json"): no
// upper case, space or parameter, which normalizeMediaType would change.
func isLowerToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("/!#$&-^_.+", c) >= 0) {
			return false
		}
	}
	return s != ""
}
