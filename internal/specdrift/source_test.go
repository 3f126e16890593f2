package specdrift

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSource(t *testing.T) {
	const commit = "7766ad8fdc196cfe32bf6eac74327467df4ac3dc"
	tests := []struct{ name, text, err string }{
		{"complete", "# why\nrepo: auth0/go-auth0\npath: management/api/openapi.yaml\ncommit: " + commit + "\nprefix: /api/v2\n", ""},
		{"a short commit", "repo: a/b\npath: p\ncommit: 7766ad8\n", "not a full 40-digit commit"},
		{"no repo", "path: p\ncommit: " + commit + "\n", "repo and path are required"},
		{"an unknown field", "repo: a/b\npath: p\ncommit: " + commit + "\nbranch: main\n", `unknown field "branch"`},
		{"not a field", "repo a/b\n", `want "name: value"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "SOURCE")
			require.NoError(t, os.WriteFile(path, []byte(tt.text), 0o644))
			src, err := ReadSource(path)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, Source{Repo: "auth0/go-auth0", Path: "management/api/openapi.yaml", Commit: commit, Prefix: "/api/v2", lines: src.lines}, src)
			src.Commit = "0123456789abcdef0123456789abcdef01234567"
			require.NoError(t, WriteSource(path, src))
			again, err := ReadSource(path)
			require.NoError(t, err)
			require.Equal(t, src.Commit, again.Commit)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(data), "# why\n", "comments are kept")
		})
	}
}
