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
			copySnapshots(t, dir)
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

// copySnapshots copies every vendor's snapshot in specs/upstream, and the
// vendor's spec, to dir.
func copySnapshots(t *testing.T, dir string) {
	t.Helper()
	vendors, err := snapshotVendors("..", "")
	require.NoError(t, err)
	require.Contains(t, vendors, "ory")
	for _, v := range vendors {
		for _, name := range []string{v + ".yaml", "upstream/" + v + "/SOURCE", "upstream/" + v + "/openapi.json"} {
			copyFile(t, filepath.Join("..", name), filepath.Join(dir, name))
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

// TestFirstCut pins a vendor that has a spec but no snapshot yet: -cut
// refuses without -repo and -path, then writes SOURCE and a snapshot that
// compares with no difference against the spec it was cut from; a second
// cut keeps SOURCE and refuses -repo.
func TestFirstCut(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("..", "ory.yaml"), filepath.Join(dir, "ory.yaml"))
	from := filepath.Join(t.TempDir(), "api.yaml")
	copyFile(t, filepath.Join("..", "ory.yaml"), from)
	const sha = "ee8c339ddada3a42529c0416897abc32bad03bbb"
	var stdout, stderr bytes.Buffer
	require.Equal(t, 2, run([]string{"-specs", dir, "-cut", "ory", "-from", from, "-commit", sha}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "no snapshot yet")
	require.Equal(t, 2, run([]string{"-specs", dir, "-cut", "nobody", "-from", from, "-commit", sha, "-repo", "a/b", "-path", "x"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "credkit has no spec of that vendor")

	stderr.Reset()
	require.Equal(t, 0, run([]string{"-specs", dir, "-cut", "ory", "-from", from, "-commit", sha, "-repo", "ory/hydra", "-path", "spec/api.json"}, &stdout, &stderr), stderr.String())
	src, err := os.ReadFile(filepath.Join(dir, "upstream", "ory", "SOURCE"))
	require.NoError(t, err)
	require.Contains(t, string(src), "repo: ory/hydra\npath: spec/api.json\ncommit: "+sha+"\nprefix:\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ERRATA.md"), []byte("## Drift from the pinned upstream specs\n\n| `*nothing*` | a key that matches nothing |\n"), 0o644))
	stdout.Reset()
	require.Equal(t, 1, run([]string{"-specs", dir}, &stdout, &stderr))
	require.Contains(t, stdout.String(), "ory/hydra@"+sha+" spec/api.json: 0 differences")

	stderr.Reset()
	require.Equal(t, 2, run([]string{"-specs", dir, "-cut", "ory", "-from", from, "-commit", sha, "-repo", "ory/hydra"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "has a SOURCE already")
	require.Equal(t, 0, run([]string{"-specs", dir, "-cut", "ory", "-from", from, "-commit", sha}, &stdout, &stderr), stderr.String())
}
