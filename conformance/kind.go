package conformance

import "strings"

// ProblemKind is the class of a problem, named after the part of the
// interaction its pointer points into: "response-body",
// "request-query", "response-status"... SARIF makes one rule of each.
type ProblemKind string

// problemKinds are every kind, in the order of the SARIF rules, with what
// each means.
var problemKinds = []struct {
	Kind        ProblemKind
	Description string
}{
	{"response-status", "The response status is not documented for the operation."},
	{"response-header", "A response header the spec documents is missing or does not match its schema."},
	{"response-body", "The response body or its content type does not match the spec."},
	{"request-method", "The spec has the path but not the method."},
	{"request-url", "The request URL does not parse, or (strict) no loaded spec has its path."},
	{"request-path", "A path parameter does not match the spec."},
	{"request-query", "A query parameter does not match the spec."},
	{"request-header", "A request header, or the credentials, do not match the spec."},
	{"request-cookie", "A cookie parameter does not match the spec."},
	{"request-body", "The request body does not match the spec."},
	{"unreadable-file", "A recording file could not be read to its end."},
	{"other", "Any other departure from the spec."},
}

// Kind is the class of the problem, from its pointer.
func (p Problem) Kind() ProblemKind {
	parts := strings.SplitN(strings.TrimPrefix(p.Pointer, "/"), "/", 3)
	if len(parts) >= 2 {
		k := ProblemKind(parts[0] + "-" + parts[1])
		for _, known := range problemKinds {
			if known.Kind == k {
				return k
			}
		}
	}
	return "other"
}

func kindIndex(k ProblemKind) int {
	for i, known := range problemKinds {
		if known.Kind == k {
			return i
		}
	}
	return len(problemKinds) - 1
}
