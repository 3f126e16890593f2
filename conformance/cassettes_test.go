package conformance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const tinyCassette = `version: 2
interactions:
- id: 0
  request:
    url: https://h/v1/things
    method: GET
    headers:
      Authorization: [SSWS x]
  response:
    code: 200
    headers:
      Content-Type: [application/json]
      x-request-id: [r1]
    body: '[]'
`

func writeFile(t *testing.T, path, data string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(data), 0o600))
	return path
}

func TestFindCassettes(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, filepath.Join(dir, "a.yaml"), tinyCassette)
	b := writeFile(t, filepath.Join(dir, "sub", "b.yaml"), tinyCassette)
	writeFile(t, filepath.Join(dir, "sub", "README.md"), "not a cassette")
	writeFile(t, filepath.Join(dir, "c.yml"), tinyCassette)
	other := writeFile(t, filepath.Join(t.TempDir(), "named.txt"), "")

	tests := []struct {
		name    string
		paths   []string
		want    []string
		wantErr string
	}{
		{"directory, recursively, *.yaml only", []string{dir}, []string{a, b}, ""},
		{"duplicates removed", []string{dir, a}, []string{a, b}, ""},
		{"a named file is taken as it is", []string{other}, []string{other}, ""},
		{"nothing", nil, nil, ""},
		{"missing path", []string{filepath.Join(dir, "nope")}, nil, "cassettes:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindCassettes(tt.paths...)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestLoadCassette(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.yaml"), tinyCassette)
	c, err := LoadCassette(good)
	require.NoError(t, err)
	require.Equal(t, good, c.Path)
	require.Len(t, c.Interactions, 1)
	// Names stay as recorded; Check canonicalizes them.
	require.Equal(t, []string{"r1"}, c.Interactions[0].Response.Headers["x-request-id"]) //nolint:staticcheck // names stay as recorded, not canonical: the point

	tests := map[string]struct{ path, wantErr string }{
		"wrong extension": {writeFile(t, filepath.Join(dir, "c.yml"), tinyCassette), "must end in .yaml"},
		"not YAML":        {writeFile(t, filepath.Join(dir, "bad.yaml"), "interactions: ["), "cassette " + filepath.Join(dir, "bad.yaml")},
		"missing":         {filepath.Join(dir, "missing.yaml"), "missing.yaml"},
		"a null interaction": {writeFile(t, filepath.Join(dir, "null.yaml"), "version: 2\ninteractions: [~]\n"),
			"cassette " + filepath.Join(dir, "null.yaml") + ": interaction 0 is null"},
		"a null interaction after a good one": {writeFile(t, filepath.Join(dir, "null1.yaml"), tinyCassette+"- null\n"),
			"cassette " + filepath.Join(dir, "null1.yaml") + ": interaction 1 is null"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := LoadCassette(tt.path)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
