package conformance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaProblems explains a schema error at its deepest failing field. A
// value that fails an allOf fails some of its schemas: their own problems
// are returned. A value that matches no alternative of a oneOf or an
// anyOf is explained by the alternative that came closest (the fewest
// problems), so that the report points at the property that is wrong
// rather than only at the object that holds it.
func schemaProblems(prefix string, e *openapi3.SchemaError) []Problem {
	var branches []error
	switch e.SchemaField {
	case "allOf":
		var all []Problem
		for _, b := range originBranches(e) {
			all = append(all, flatten(prefix, b)...)
		}
		if len(all) > 0 {
			return all
		}
	case "oneOf":
		branches = originBranches(e)
	case "anyOf":
		branches = revisit(prefix, e, e.Schema.AnyOf)
		prefix = joinPointer(prefix, escapedPointer(e))
	}
	if best := closest(prefix, branches); best != nil {
		note := alternativeNote(e)
		for i := range best {
			if !strings.Contains(best[i].Message, " alternative") {
				best[i].Message += note
			}
		}
		return best
	}
	return []Problem{schemaProblem(prefix, e)}
}

// alternativeNote says which alternative of a oneOf or anyOf a problem
// was found in.
func alternativeNote(e *openapi3.SchemaError) string {
	n := len(e.Schema.OneOf)
	if e.SchemaField == "anyOf" {
		n = len(e.Schema.AnyOf)
	}
	if e.Schema.Discriminator != nil {
		return fmt.Sprintf(" (in the %s alternative its discriminator names)", e.SchemaField)
	}
	return fmt.Sprintf(" (in the closest of %d %s alternatives)", n, e.SchemaField)
}

// originBranches are the errors of the schemas of an allOf or a oneOf,
// which kin-openapi keeps in the error's origin, each with its full path.
func originBranches(e *openapi3.SchemaError) []error {
	var multi openapi3.MultiError
	if e.Origin == nil || !errors.As(e.Origin, &multi) {
		return nil
	}
	return multi
}

// revisit validates the value of an anyOf error against each of its
// alternatives again: kin-openapi does not keep why each failed. The
// errors' paths are relative to the value.
func revisit(prefix string, e *openapi3.SchemaError, alternatives openapi3.SchemaRefs) []error {
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.SetSchemaRegexCompiler(compilePattern)}
	if strings.HasPrefix(prefix, "/response") {
		opts = append(opts, openapi3.VisitAsResponse())
	} else {
		opts = append(opts, openapi3.VisitAsRequest())
	}
	var out []error
	for _, alt := range alternatives {
		if alt == nil || alt.Value == nil {
			continue
		}
		if err := alt.Value.VisitJSON(e.Value, opts...); err != nil {
			out = append(out, err)
		}
	}
	return out
}

// closest returns the problems of the branch with the fewest, nil when
// no branch has any.
func closest(prefix string, branches []error) []Problem {
	var best []Problem
	for _, b := range branches {
		problems := flatten(prefix, b)
		if len(problems) > 0 && (best == nil || len(problems) < len(best)) {
			best = problems
		}
	}
	return best
}

// schemaProblem is the problem of one schema error, at its pointer.
func schemaProblem(prefix string, e *openapi3.SchemaError) Problem {
	tokens := e.JSONPointer()
	pointerTokens := append(strings.Split(strings.TrimPrefix(prefix, "/"), "/"), tokens...)
	msg, got := schemaMessage(pointerTokens, e)
	return Problem{Pointer: joinPointer(prefix, escapedPointer(e)), Message: msg, Received: got, Err: e}
}

func escapedPointer(e *openapi3.SchemaError) []string {
	tokens := e.JSONPointer()
	escaped := make([]string, len(tokens))
	for i, t := range tokens {
		escaped[i] = escapeToken(t)
	}
	return escaped
}

// schemaMessage says what is wrong with a value and quotes it (see
// received); it returns the quoted value too, empty when the problem is
// about an object's properties rather than one value.
func schemaMessage(tokens []string, e *openapi3.SchemaError) (msg, got string) {
	reason := strings.TrimSpace(e.Reason)
	switch e.SchemaField {
	case "required", "properties", "additionalProperties", "minProperties", "maxProperties":
		return reason, ""
	}
	got = received(tokens, e.Schema, e.Value)
	switch field := e.SchemaField; {
	case field == "enum" && e.Schema != nil:
		return fmt.Sprintf("value %s is not one of the allowed values (%s)", got, allowedValues(e.Schema.Enum)), got
	case field == "pattern" && e.Schema != nil:
		return fmt.Sprintf("value %s does not match the pattern %s", got, patternText(e.Schema.Pattern)), got
	case field == "format" && e.Schema != nil:
		return fmt.Sprintf("value %s does not match the format %s", got, e.Schema.Format), got
	case reason == "":
		return fmt.Sprintf("value %s does not match the schema's %s", got, field), got
	}
	if rest, ok := cutPrefixFold(reason, "value "); ok {
		return "value " + got + " " + rest, got
	}
	return reason + " (received " + got + ")", got
}

// patternText shows a pattern between slashes, or only its length when it
// is too long to read in a report.
func patternText(pattern string) string {
	if len(pattern) > 40 {
		return fmt.Sprintf("of the schema (%d characters long)", len(pattern))
	}
	return "/" + pattern + "/"
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
