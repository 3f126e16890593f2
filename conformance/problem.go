package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Problem is one way in which an interaction departs from its spec.
type Problem struct {
	// Pointer is a JSON pointer into the interaction: /response/status,
	// /response/header/Content-Type, /response/body/keys/0/kty,
	// /request/query/limit, /request/body/client_secret ...
	Pointer string `json:"pointer"`
	// Message says what is wrong, and which value was received: quoted and
	// cut to a few dozen characters, and [REDACTED] when its field is named
	// like a credential (client_secret, *token*, *password*...) or its
	// schema is a password or write-only.
	Message string `json:"message"`
	// Received is the value the message quotes, rendered the same way;
	// empty when the problem is not about one value.
	Received string `json:"received,omitempty"`
	// Err is the kin-openapi error the problem came from, if any.
	Err error `json:"-"`
}

func (p Problem) String() string { return p.Pointer + ": " + p.Message }

// flatten turns a kin-openapi validation error, possibly a tree of multi
// errors, into problems with JSON pointers under prefix.
func flatten(prefix string, err error) []Problem {
	if err == nil {
		return nil
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) && isMulti(err) {
		var out []Problem
		for _, e := range multi {
			out = append(out, flatten(prefix, e)...)
		}
		return out
	}
	switch e := err.(type) { //nolint:errorlint // flatten walks the validator's error tree level by level, through each level's Err
	case *openapi3filter.RequestError:
		return flattenRequestError(e)
	case *openapi3filter.ResponseError:
		if e.Err != nil {
			return flatten(prefix+"/body", e.Err)
		}
		return []Problem{{Pointer: prefix, Message: e.Reason, Err: e}}
	case *openapi3filter.SecurityRequirementsError:
		return []Problem{securityProblem(e)}
	case *openapi3.SchemaError:
		return schemaProblems(prefix, e)
	case *openapi3filter.ParseError:
		return []Problem{{Pointer: joinPointer(prefix, parsePath(e)), Message: "cannot decode: " + parseReason(e), Err: e}}
	}
	return []Problem{{Pointer: prefix, Message: err.Error(), Err: err}}
}

func isMulti(err error) bool {
	_, ok := err.(openapi3.MultiError) //nolint:errorlint // the level itself, as flatten walks it
	return ok
}

func flattenRequestError(e *openapi3filter.RequestError) []Problem {
	prefix := "/request"
	switch {
	case e.Parameter != nil:
		prefix += "/" + e.Parameter.In + "/" + escapeToken(e.Parameter.Name)
	case e.RequestBody != nil:
		prefix += "/body"
	}
	if e.Err != nil {
		var schemaErr *openapi3.SchemaError
		var multi openapi3.MultiError
		var parseErr *openapi3filter.ParseError
		switch {
		case errors.As(e.Err, &multi), errors.As(e.Err, &schemaErr), errors.As(e.Err, &parseErr):
			return flatten(prefix, e.Err)
		}
	}
	msg := e.Reason
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	return []Problem{{Pointer: prefix, Message: msg, Err: e}}
}

// parseReason says why a value could not be decoded without quoting it:
// ParseError.Error and the errors of encoding/json may include the value.
func parseReason(e *openapi3filter.ParseError) string {
	var syntax *json.SyntaxError
	var inner *openapi3filter.ParseError
	switch {
	case e.Reason != "":
		return e.Reason
	case errors.As(e.Cause, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.Is(e.Cause, io.EOF), errors.Is(e.Cause, io.ErrUnexpectedEOF):
		return "empty or truncated"
	case errors.As(e.Cause, &inner):
		return parseReason(inner)
	case e.Kind == openapi3filter.KindUnsupportedFormat:
		return "unsupported format"
	}
	return "invalid format"
}

func parsePath(e *openapi3filter.ParseError) []string {
	var out []string
	for _, p := range e.Path() {
		out = append(out, escapeToken(fmt.Sprint(p)))
	}
	return out
}

func joinPointer(prefix string, tokens []string) string {
	if len(tokens) == 0 {
		return prefix
	}
	return prefix + "/" + strings.Join(tokens, "/")
}

// escapeToken escapes one JSON pointer reference token (RFC 6901).
func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
