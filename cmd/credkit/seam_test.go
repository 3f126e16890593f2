package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// Outside a vendor's own packages no code names a vendor: the CLI, the
// journal (internal/rotations), the portable layer (unified/*.go but
// vendor.go, unified/driver, unified/internal) neither name one
// (the constants of unified/vendor.go), nor import a vendor's package (its provider or
// simulator), nor use a vendor's environment variables. The vendors reach
// the CLI through the registry, by one import of internal/vendors.
func TestNoCodeOutsideAVendorNamesIt(t *testing.T) {
	var names, packages []string
	for _, v := range unified.Vendors() {
		packages = append(packages, regexp.QuoteMeta(string(v.Name)))
	}
	names = []string{"Okta", "SailPoint", "VMwareCSP", "Auth0"}
	vendorName := regexp.MustCompile(`^(` + strings.Join(names, "|") + `)$`)
	vendorPackage := regexp.MustCompile(`/(sim|unified|gen)/(` + strings.Join(packages, "|") + `)(/|$)`)
	var envs []string
	for _, v := range unified.Vendors() {
		for _, s := range v.Settings {
			envs = append(envs, regexp.QuoteMeta(s.Env))
		}
	}
	vendorEnv := regexp.MustCompile(`\b(` + strings.Join(envs, "|") + `)\b`)

	checked := 0
	for _, dir := range []string{".", "../../internal/rotations", "../../unified", "../../unified/driver",
		"../../unified/internal/call", "../../unified/internal/paging", "../../unified/internal/redact",
		"../../unified/internal/transport", "../../unified/internal/access"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") || (dir == "../../unified" && filepath.Base(file) == "vendor.go") {
				continue
			}
			checked++
			checkNoVendor(t, file, vendorName, vendorPackage, vendorEnv)
		}
	}
	require.Greater(t, checked, 40)
}

func checkNoVendor(t *testing.T, file string, vendorName, vendorPackage, vendorEnv *regexp.Regexp) {
	t.Helper()
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, 0)
	require.NoError(t, err)
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		require.False(t, vendorPackage.MatchString(path), "%s imports %s: vendors reach it through the registry", file, path)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok && x.Name == "unified" && vendorName.MatchString(n.Sel.Name) {
				t.Errorf("%s names unified.%s: that knowledge belongs in the vendor's VendorSpec", fset.Position(n.Pos()), n.Sel.Name)
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING && vendorEnv.MatchString(n.Value) {
				t.Errorf("%s names a vendor's variable in %s: the vendor's Settings declare it", fset.Position(n.Pos()), n.Value)
			}
		}
		return true
	})
}
