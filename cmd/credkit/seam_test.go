package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Everything the CLI knows about a particular vendor is in the
// vendor_*.go files, for the vendor registry to replace: no other file
// names a vendor (unified.Okta, …), imports a vendor's package (its
// provider or simulator), or uses a vendor's environment variables.
func TestVendorKnowledgeStaysInVendorFiles(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	vendorName := regexp.MustCompile(`^(Okta|SailPoint|VMwareCSP|Auth0)$`)
	vendorEnv := regexp.MustCompile(`^env(Okta|Sail|CSP|Auth0)`)
	vendorPackage := regexp.MustCompile(`/(okta|sailpoint|vmwarecsp|auth0)$`)
	checked := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") || strings.HasPrefix(file, "vendor_") {
			continue
		}
		checked++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, nil, 0)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			require.False(t, vendorPackage.MatchString(path), "%s imports %s: move that code to a vendor_*.go file", file, path)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "unified" && vendorName.MatchString(n.Sel.Name) {
					t.Errorf("%s names unified.%s: move that code to a vendor_*.go file", fset.Position(n.Pos()), n.Sel.Name)
				}
			case *ast.Ident:
				if vendorEnv.MatchString(n.Name) {
					t.Errorf("%s uses %s: move that code to a vendor_*.go file", fset.Position(n.Pos()), n.Name)
				}
			}
			return true
		})
	}
	require.Positive(t, checked)
}
