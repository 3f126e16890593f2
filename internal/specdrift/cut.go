package specdrift

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Load reads an OpenAPI file from disk; references to other files next to
// it are followed (SailPoint splits its spec into many files).
func Load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return doc, nil
}

// LoadPaths is Load for a published spec of which only the paths keep
// accepts matter: the others are dropped before their references are
// followed (SailPoint's v3 root refers to hundreds of files). The trimmed
// root is written beside the original, so that relative references still
// resolve, and removed after loading.
func LoadPaths(path string, keep func(path string) bool) (out *openapi3.T, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	paths, _ := root["paths"].(map[string]any)
	for p := range paths {
		if !keep(p) {
			delete(paths, p)
		}
	}
	trimmed, err := yaml.Marshal(root)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".drift-cut-*.yaml")
	if err != nil {
		return nil, err
	}
	defer func() {
		// Say so rather than silently leave a stray file in the
		// upstream checkout.
		if rerr := os.Remove(tmp.Name()); rerr != nil && err == nil {
			out, err = nil, rerr
		}
	}()
	if _, err := tmp.Write(trimmed); err != nil {
		return nil, errors.Join(err, tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	return Load(tmp.Name())
}

// Wanted reports whether an upstream path is one of ours' paths (prefix
// removed), parameters compared as {}.
func Wanted(ours *openapi3.T, prefix string) func(string) bool {
	wanted := map[string]bool{}
	for k := range operations(ours, prefix) {
		wanted[k[strings.Index(k, " ")+1:]] = true
	}
	return func(path string) bool { return wanted[pathParam.ReplaceAllString(path, "{}")] }
}

// Cut keeps the path items of upstream that hold an operation on one of
// ours' paths (prefix removed from ours), makes every reference internal
// and drops the components nothing kept refers to. The result is the
// snapshot credkit stores: small, self-contained, JSON.
func Cut(ours, upstream *openapi3.T, prefix string) ([]byte, error) {
	wanted := Wanted(ours, prefix)
	kept := openapi3.NewPaths()
	for path, item := range upstream.Paths.Map() {
		if wanted(path) {
			kept.Set(path, item)
		}
	}
	if kept.Len() == 0 {
		return nil, fmt.Errorf("upstream has none of credkit's paths: is the prefix %q right?", prefix)
	}
	upstream.Paths = kept
	if external(upstream) {
		// kin-openapi's InternalizeRefs does not finish on SailPoint's
		// split files: inline what the references point at instead (the
		// cut operations hold no recursive schema).
		inline(reflect.ValueOf(upstream), map[uintptr]bool{})
	} else {
		upstream.InternalizeRefs(context.Background(), nil)
	}
	raw, err := json.Marshal(upstream)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	prune(doc)
	return json.MarshalIndent(doc, "", " ")
}

// prune deletes the components of doc that its paths do not reach.
func prune(doc map[string]any) {
	components, _ := doc["components"].(map[string]any)
	reached := map[string]bool{}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok && strings.HasPrefix(ref, "#/components/") && !reached[ref] {
				reached[ref] = true
				parts := strings.SplitN(strings.TrimPrefix(ref, "#/components/"), "/", 2)
				if len(parts) == 2 {
					if group, ok := components[parts[0]].(map[string]any); ok {
						visit(group[parts[1]])
					}
				}
			}
			for _, m := range x {
				visit(m)
			}
		case []any:
			for _, m := range x {
				visit(m)
			}
		}
	}
	visit(doc["paths"])
	for groupName, g := range components {
		if groupName == "securitySchemes" {
			continue
		}
		group, _ := g.(map[string]any)
		for name := range group {
			if !reached["#/components/"+groupName+"/"+name] {
				delete(group, name)
			}
		}
		if len(group) == 0 {
			delete(components, groupName)
		}
	}
}

// external reports whether any reference of doc's paths names another file.
func external(doc *openapi3.T) bool {
	raw, err := json.Marshal(doc.Paths)
	return err != nil || strings.Contains(string(raw), `"$ref":"./`) || strings.Contains(string(raw), `"$ref":"../`)
}

// inline clears the Ref of every reference reachable from v, so that
// marshalling writes the value it points at in its place.
func inline(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		// Paths, Responses and Callbacks keep their entries unexported.
		if m := v.MethodByName("Map"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
			inline(m.Call(nil)[0], seen)
		}
		inline(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() {
			inline(v.Elem(), seen)
		}
	case reflect.Struct:
		if f := v.FieldByName("Ref"); f.IsValid() && f.Kind() == reflect.String && f.CanSet() {
			f.SetString("")
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				inline(v.Field(i), seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			inline(v.Index(i), seen)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			inline(v.MapIndex(k), seen)
		}
	}
}
