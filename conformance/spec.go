package conformance

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
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
	Name   string
	Doc    *openapi3.T
	router routers.Router
}

// LoadSpec parses and validates an OpenAPI 3 document. External references
// are refused: a spec must be self-contained.
func LoadSpec(name string, data []byte) (*Spec, error) {
	registerBodyDecoders()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %w", name, err)
	}
	if err := checkCycles(name, doc); err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("spec %s is not valid OpenAPI 3: %w", name, err)
	}
	router, err := gorillamux.NewRouter(hostFree(doc))
	if err != nil {
		return nil, fmt.Errorf("spec %s: building its router: %w", name, err)
	}
	return &Spec{Name: name, Doc: doc, router: router}, nil
}

// LoadSpecFile loads a spec from a file; its name is the file's base name
// without extension.
func LoadSpecFile(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading spec: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return LoadSpec(name, data)
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

// hostFree returns a shallow copy of doc whose servers keep only their base
// paths, so that its router matches a request by method and path alone. The
// first server's base path is used; recorded requests carry placeholder
// hosts, and a user's own tenant has a host no spec can know.
func hostFree(doc *openapi3.T) *openapi3.T {
	clone := *doc
	base := ""
	if len(doc.Servers) > 0 {
		base = serverBasePath(doc.Servers[0])
	}
	clone.Servers = nil
	if base != "" {
		clone.Servers = openapi3.Servers{{URL: base}}
	}
	return &clone
}

// serverBasePath is the path part of a server URL with its variables set to
// their defaults, without a trailing slash.
func serverBasePath(s *openapi3.Server) string {
	raw := s.URL
	for name, v := range s.Variables {
		raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}
