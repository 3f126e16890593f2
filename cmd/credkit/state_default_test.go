package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Where the journal lives without --state, by environment and system.
func TestDefaultStatePath(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		goos string
		want string
		err  bool
	}{
		{"CREDKIT_STATE wins", map[string]string{envState: "/j/r.json", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "linux", "/j/r.json", false},
		{"XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": "/x", "HOME": "/h"}, "linux", "/x/credkit/rotations.json", false},
		{"a relative XDG_STATE_HOME is ignored, as the spec says", map[string]string{"XDG_STATE_HOME": "x", "HOME": "/h"}, "linux", "/h/.local/state/credkit/rotations.json", false},
		{"the XDG default", map[string]string{"HOME": "/h"}, "linux", "/h/.local/state/credkit/rotations.json", false},
		{"macOS", map[string]string{"HOME": "/Users/u"}, "darwin", "/Users/u/Library/Application Support/credkit/rotations.json", false},
		{"no home", map[string]string{}, "linux", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := defaultStatePath(func(k string) string { return tt.env[k] }, tt.goos)
			if tt.err {
				require.ErrorContains(t, err, envState)
				return
			}
			require.NoError(t, err)
			require.Equal(t, filepath.FromSlash(tt.want), got)
		})
	}
}

// The first rotation makes the default journal's folder, for its owner
// only; finish and audit before it make nothing.
func TestDefaultJournalFolder(t *testing.T) {
	testEnv(t)
	home := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	demoEnv(t, "okta")
	code, stdout, stderr := runCLI(t, "secrets", "finish", "--vendor", "okta")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "nothing to finish")
	require.Contains(t, stdout, "CLIENT")
	_, err := os.Stat(filepath.Join(home, "state"))
	require.ErrorIs(t, err, os.ErrNotExist, "finish made nothing")

	code, _, stderr = runCLI(t, "secrets", "rotate", "--vendor", "okta", "0oa7JvxRxUsDXaMTrShf")
	require.Equal(t, 0, code, stderr)
	info, err := os.Stat(filepath.Join(home, "state", "credkit"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm())
	require.Contains(t, savedRotations(t, filepath.Join(home, "state", "credkit", "rotations.json")), "0oa7JvxRxUsDXaMTrShf")

	code, stdout, _ = runCLI(t, "audit", "--vendor", "okta", "0oa7JvxRxUsDXaMTrShf")
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH a rotation saved in the journal is not finished: credkit secrets finish --vendor okta\n")
	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "okta")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, savedRotations(t, filepath.Join(home, "state", "credkit", "rotations.json")))
}
