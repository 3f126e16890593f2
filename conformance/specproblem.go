package conformance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// SpecProblem is one thing wrong with a spec, and where.
type SpecProblem struct {
	// Path is a JSON pointer into the spec, as a URI fragment:
	// "#/components/schemas/Application/properties/created/default".
	// Problems kin-openapi finds are located down to the component,
	// parameter or operation it names.
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (p SpecProblem) String() string { return p.Path + ": " + p.Message }

// SpecError is a spec that cannot be used: it does not parse, its
// references do not resolve, a schema cannot be validated without end, or
// no router can be built of its paths. Problems lists every problem found,
// the warnings too, so that one run shows all there is to fix.
type SpecError struct {
	Name     string
	Problems []SpecProblem
}

// Error is one line: the first problem, and how many more Problems holds.
func (e *SpecError) Error() string {
	if len(e.Problems) == 0 {
		return "spec " + e.Name + " cannot be used"
	}
	first := e.Problems[0]
	msg := fmt.Sprintf("spec %s: %s (at %s)", e.Name, first.Message, first.Path)
	if n := len(e.Problems) - 1; n > 0 {
		msg += fmt.Sprintf("; and %s", plural(n, "more problem", "more problems"))
	}
	return msg
}

// kinProblems turns what kin-openapi's validation of a document found
// into problems located by the context its errors carry.
func kinProblems(err error) []SpecProblem {
	if err == nil {
		return nil
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) && isMulti(err) {
		var out []SpecProblem
		for _, e := range multi {
			out = append(out, kinProblems(e)...)
		}
		return out
	}
	var items *openapi3.SchemaItemsRequired
	if errors.As(err, &items) {
		return nil // walkSpec reports it, at the schema's own path
	}
	path, leaf := locate(err)
	return []SpecProblem{{Path: path, Message: leafMessage(leaf)}}
}

// locate builds the path of a kin-openapi validation error from its
// context wrappers and returns the error they wrap.
func locate(err error) (string, error) {
	path := "#"
	for err != nil {
		switch e := err.(type) { //nolint:errorlint // walks the chain one wrapper at a time, in order, building the path: each case unwraps its own Cause
		case *openapi3.SectionValidationError:
			path += "/" + e.Section
			err = e.Cause
		case *openapi3.PathValidationError:
			path += "/" + escapeToken(e.Path)
			err = e.Cause
		case *openapi3.OperationValidationError:
			path += "/" + strings.ToLower(e.Method)
			err = e.Cause
		case *openapi3.ComponentValidationError:
			path = "#/components/" + componentKey(e.Section) + "/" + escapeToken(e.Name)
			err = e.Cause
		case *openapi3.ParameterFieldValidationError:
			path += "/parameters/" + escapeToken(e.ParameterName)
			if e.Field != "" {
				path += "/" + e.Field
			}
			err = e.Cause
		case *openapi3.MediaTypeExampleValidationError:
			path += "/examples/" + escapeToken(e.ExampleName)
			err = e.Cause
		default:
			return path, err
		}
	}
	return path, err
}

// componentKey is the key under components of kin-openapi's name for a
// kind of component ("request body" is "requestBodies").
func componentKey(section string) string {
	switch section {
	case "request body":
		return "requestBodies"
	case "security scheme":
		return "securitySchemes"
	}
	return section + "s"
}

// leafMessage is one line saying what an error says, without the schema
// and value dumps of a SchemaError.
func leafMessage(err error) string {
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) && schemaErr.Reason != "" {
		return cutBytes(schemaErr.Reason, 300)
	}
	msg := err.Error()
	if i := strings.Index(msg, "\nSchema:"); i >= 0 {
		msg = msg[:i]
	}
	return cutBytes(strings.Join(strings.Fields(msg), " "), 300)
}
