package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// savedRotations reads a --state journal, by client ID.
func savedRotations(t *testing.T, path string) map[string]*unified.Rotation {
	t.Helper()
	st, err := rotations.OpenState(context.Background(), path, 0, io.Discard, clock.Now)
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	out := map[string]*unified.Rotation{}
	for _, r := range st.Rotations("") {
		out[r.ClientID] = r
	}
	return out
}

// The state file of the older form is migrated; a file of neither form is
// refused by name; a path in a missing folder fails before any request.
func TestStateFileForms(t *testing.T) {
	dir := t.TempDir()
	legacy := filepath.Join(dir, "old.json")
	require.NoError(t, os.WriteFile(legacy, []byte(`{"rotations":[{"vendor":"okta","clientId":"app1","newClientId":"app1","new":{"id":"s2"},"old":{"clientId":"app1","id":"s1"}}]}`), 0o600))
	got := savedRotations(t, legacy)
	require.Len(t, got, 1)
	require.Equal(t, unified.PhaseBegun, got["app1"].Phase)
	require.Contains(t, string(must(os.ReadFile(legacy))), `"version": 1`, "written back as a journal")

	junk := filepath.Join(dir, "junk.json")
	require.NoError(t, os.WriteFile(junk, []byte(`{"hello":1}`), 0o600))
	_, err := rotations.OpenState(context.Background(), junk, 0, io.Discard, clock.Now)
	require.ErrorContains(t, err, "not a credkit state file")

	_, err = rotations.OpenState(context.Background(), filepath.Join(dir, "missing", "s.json"), 0, io.Discard, clock.Now)
	require.Error(t, err, "a state path that cannot be written stops the command")
}
