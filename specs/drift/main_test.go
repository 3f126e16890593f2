package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRun runs the command over the repository's specs, and over a copy
// whose ERRATA.md lost one key or gained a stale one.
func TestRun(t *testing.T) {
	errata, err := os.ReadFile(filepath.Join("..", "ERRATA.md"))
	require.NoError(t, err)
	const key = "| `auth0 * #/refresh_token member policies: only credkit has it` | A14 |\n"
	require.Contains(t, string(errata), key)
	tests := []struct {
		name   string
		errata string
		status int
		out    string
	}{
		{"the repository", string(errata), 0, "0 unexplained, 0 stale keys"},
		{"a difference nothing explains", string(bytes.Replace(errata, []byte(key), nil, 1)), 1, "UNEXPLAINED auth0 GET /clients/{} 200 #/refresh_token member policies: only credkit has it"},
		{"a stale key", string(errata) + "| `okta GET /nowhere *` | stale |\n", 1, "STALE KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range []string{"okta.yaml", "auth0.yaml", "sailpoint.yaml", "upstream/okta/SOURCE", "upstream/okta/openapi.json", "upstream/auth0/SOURCE", "upstream/auth0/openapi.json", "upstream/sailpoint/SOURCE", "upstream/sailpoint/openapi.json"} {
				data, err := os.ReadFile(filepath.Join("..", name))
				require.NoError(t, err)
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "ERRATA.md"), []byte(tt.errata), 0o644))
			var stdout, stderr bytes.Buffer
			status := run([]string{"-specs", dir}, &stdout, &stderr)
			require.Equal(t, tt.status, status, stderr.String())
			require.Contains(t, stdout.String(), tt.out)
		})
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 2, run([]string{"-specs", t.TempDir()}, &stdout, &stderr))
	require.Equal(t, 2, run([]string{"-cut", "okta"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "-cut needs -from")
}
