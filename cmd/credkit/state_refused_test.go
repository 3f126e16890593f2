package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// A --state that credkit refuses creates nothing, neither beside the path
// nor beside the target of a link: the refusal comes before the lock file.
func TestRefusedStateCreatesNothing(t *testing.T) {
	tests := []struct {
		name string
		// make creates the --state path in dir (and what it points to in
		// other), and returns it.
		make func(t *testing.T, dir, other string) string
	}{
		{"link to a file that is not a journal", func(t *testing.T, dir, other string) string {
			target := filepath.Join(other, "passwd")
			require.NoError(t, os.WriteFile(target, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644))
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.Symlink(target, p))
			return p
		}},
		{"fifo", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, syscall.Mkfifo(p, 0o600))
			return p
		}},
		{"link to a fifo", func(t *testing.T, dir, other string) string {
			target := filepath.Join(other, "fifo")
			require.NoError(t, syscall.Mkfifo(target, 0o600))
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.Symlink(target, p))
			return p
		}},
		{"directory", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.Mkdir(p, 0o700))
			return p
		}},
		{"link to a directory", func(t *testing.T, dir, other string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.Symlink(other, p))
			return p
		}},
		{"file of another program", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.WriteFile(p, []byte(`{"theme":"dark"}`), 0o600))
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testEnv(t)
			dir, other := t.TempDir(), t.TempDir()
			state := tt.make(t, dir, other)
			before, beforeOther := dirListing(t, dir), dirListing(t, other)
			for _, args := range [][]string{
				{"secrets", "rotate", "--vendor", "okta", "--demo", "legacy-batch", "--state", state},
				{"secrets", "finish", "--vendor", "okta", "--demo", "--state", state},
				{"audit", "--vendor", "okta", "--demo", "--state", state},
			} {
				code, _, stderr := runCLI(t, args...)
				require.NotEqual(t, 0, code, stderr)
				require.Equal(t, before, dirListing(t, dir), "%v: nothing created beside --state", args)
				require.Equal(t, beforeOther, dirListing(t, other), "%v: nothing created beside its target", args)
			}
		})
	}
}

// dirListing names every entry of dir, with its kind.
func dirListing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name()+" "+e.Type().String())
	}
	return out
}
