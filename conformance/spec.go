package conformance

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/credkit/credkit/specs"
)

// Spec is one OpenAPI description, loaded and validated once, with a router
// that matches requests on method and path whatever their host or scheme.
type Spec struct {
	// Name identifies the spec in reports: the vendor for bundled specs, the
	// file name without extension for others.
	Name string
	// File is the file the spec was loaded from (LoadSpecFile); empty for
	// a bundled spec or one loaded from bytes. Reports point at it.
	File string
	Doc  *openapi3.T
	// Warnings are what is wrong with the spec but does not stop checking
	// against it (examples and defaults that do not match their schema,
	// patterns no engine compiles, arrays without items...), each with its
	// path in the spec. Published specs have many; checking goes on.
	Warnings []SpecProblem
	router   routers.Router
	// responseOptions validate response headers and bodies: JSON Schema
	// 2020-12 for an OpenAPI 3.1 document, the ECMAScript-capable pattern
	// compiler always.
	responseOptions []openapi3.SchemaValidationOption
}

// LoadSpec parses and validates an OpenAPI 3 document, as published: what
// is wrong with it but does not stop checking becomes one of its Warnings,
// all of them found in one pass. A spec that cannot be used (it does not
// parse, a reference does not resolve, a schema would be validated
// without end, its paths make no router) is a *SpecError listing every
// problem. External references are refused: a spec must be
// self-contained.
func LoadSpec(name string, data []byte) (*Spec, error) {
	registerBodyDecoders()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, &SpecError{Name: name, Problems: []SpecProblem{{Path: "#", Message: leafMessage(err)}}}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		msg := "not an OpenAPI 3 document: its openapi field is " + strconv.Quote(cutBytes(doc.OpenAPI, 20))
		return nil, &SpecError{Name: name, Problems: append([]SpecProblem{{Path: "#/openapi", Message: msg}}, kinProblems(kinValidate(doc))...)}
	}
	if err := checkCycles(name, doc); err != nil {
		// Examples and defaults cannot be checked against such a schema:
		// only kin-openapi's own validation runs.
		problems := append([]SpecProblem{{Path: "#/components/schemas", Message: strings.TrimPrefix(err.Error(), "spec "+name+": ")}}, kinProblems(kinValidate(doc))...)
		return nil, &SpecError{Name: name, Problems: problems}
	}
	warnings := append(kinProblems(kinValidate(doc)), walkSpec(doc)...)
	router, err := gorillamux.NewRouter(hostFree(doc))
	if err != nil {
		return nil, &SpecError{Name: name, Problems: append([]SpecProblem{{Path: "#/paths", Message: "no router can be built of its paths: " + leafMessage(err)}}, warnings...)}
	}
	return &Spec{Name: name, Doc: doc, Warnings: warnings, router: router, responseOptions: responseOptions(doc)}, nil
}

// kinValidate is kin-openapi's validation of doc, with every error
// collected rather than the first, and without the checks walkSpec does
// itself with the path of each problem.
func kinValidate(doc *openapi3.T) error {
	return doc.Validate(context.Background(),
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.SetRegexCompiler(compilePattern),
	)
}

// MaxSpecSize bounds a spec file, and what a gzipped one decompresses to.
const MaxSpecSize = 256 << 20

// LoadSpecFile loads a spec from a file, gzipped when its name ends in
// ".gz"; its name is the file's base name without ".gz" and extension.
func LoadSpecFile(path string) (*Spec, error) {
	data, err := readSpecFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading spec: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	s, err := LoadSpec(strings.TrimSuffix(base, filepath.Ext(base)), data)
	if err != nil {
		return nil, err
	}
	s.File = path
	return s, nil
}

// readSpecFile reads a spec file, decompressing a gzipped one, up to
// MaxSpecSize bytes.
func readSpecFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// Opened for reading only: everything was read, a close error loses nothing.
	defer func() { _ = f.Close() }()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSpecSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxSpecSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, MaxSpecSize>>20)
	}
	return data, nil
}

// BundledSpecs loads the specs embedded in package specs: one per vendor
// (specs.Vendors), then the vendors' token endpoints (specs.TokenEndpoints).
func BundledSpecs() ([]*Spec, error) {
	names := append(append([]string(nil), specs.Vendors...), specs.TokenEndpoints...)
	out := make([]*Spec, 0, len(names))
	for _, vendor := range names {
		data, err := specs.FS.ReadFile(vendor + ".yaml")
		if err != nil {
			return nil, fmt.Errorf("bundled spec %s: %w", vendor, err)
		}
		s, err := LoadSpec(vendor, data)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// responseOptions are the schema options of every response check against doc.
func responseOptions(doc *openapi3.T) []openapi3.SchemaValidationOption {
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.VisitAsResponse(), openapi3.SetSchemaRegexCompiler(compilePattern)}
	if doc.IsOpenAPI31OrLater() {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	return opts
}
