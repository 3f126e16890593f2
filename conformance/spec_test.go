package conformance

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/specs"
)

func TestLoadSpec(t *testing.T) {
	tests := []struct {
		name, data, wantErr string
	}{
		{"valid", thingsSpec, ""},
		{"not YAML", "openapi: [", "spec x:"},
		{"not OpenAPI", "just: a map\n", "spec x: "},
		{"an unresolved reference", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: '#/nowhere'\n", "spec x: "},
		{"external reference", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: 'other.yaml#/a'\n", "spec x:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSpec("x", []byte(tt.data))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "x", s.Name)
		})
	}
}

func TestLoadSpecFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "things.v1.yaml")
	require.NoError(t, os.WriteFile(path, []byte(thingsSpec), 0o600))
	s, err := LoadSpecFile(path)
	require.NoError(t, err)
	require.Equal(t, "things.v1", s.Name)
	_, err = LoadSpecFile(filepath.Join(t.TempDir(), "missing.yaml"))
	require.ErrorContains(t, err, "reading spec")
}

func TestBundledSpecs(t *testing.T) {
	loaded := bundled(t)
	require.Len(t, loaded, len(specs.Vendors))
	for i, s := range loaded {
		require.Equal(t, specs.Vendors[i], s.Name)
		require.NotNil(t, s.router)
	}
}

func TestHostFreeKeepsTheDocument(t *testing.T) {
	s := things(t)
	require.Equal(t, "https://{tenant}.example.com/v1", s.Doc.Servers[0].URL, "the loaded document is not changed")
	require.Equal(t, "/v1", hostFree(s.Doc).Servers[0].URL)
	require.Empty(t, hostFree(&openapi3.T{}).Servers)
}

func TestLoadSpecFileGzipped(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(thingsSpec))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	path := filepath.Join(dir, "things.yaml.gz")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	s, err := LoadSpecFile(path)
	require.NoError(t, err)
	require.Equal(t, "things", s.Name)

	bad := filepath.Join(dir, "bad.yaml.gz")
	require.NoError(t, os.WriteFile(bad, []byte(thingsSpec), 0o600))
	_, err = LoadSpecFile(bad)
	require.ErrorContains(t, err, "bad.yaml.gz", "a file that is not gzip names itself")
}

func TestSpecErrorListsEveryProblem(t *testing.T) {
	spec := strings.Replace(string(cycleSpec("\n    Root:\n      allOf: [{$ref: \"#/components/schemas/Root\"}]")), `version: "1"`, `version: ""`, 1)
	_, err := LoadSpec("x", []byte(spec))
	var specErr *SpecError
	require.ErrorAs(t, err, &specErr)
	require.Greater(t, len(specErr.Problems), 1, "the cycle and the warnings: %v", specErr.Problems)
	require.Contains(t, err.Error(), "spec x: schema Root refers to itself")
	require.Contains(t, err.Error(), "more problem")
	require.NotContains(t, err.Error(), "\n")
}
