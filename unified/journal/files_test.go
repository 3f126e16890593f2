package journal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The lock file's text reaches a message only when it is short, printable
// text; anything else names "another process".
func TestHolderOf(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"pid and host", "pid 42 on build-7\n", "pid 42 on build-7"},
		{"bare pid", "42", "pid 42"},
		{"empty", "", "another process"},
		{"terminal escape", "pid 1 \x1b]0;owned\x07", "another process"},
		{"newline inside", "pid 1\nrm -rf /", "another process"},
		{"200 bytes", strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{"201 bytes", strings.Repeat("a", 201), "another process"},
		{"invalid UTF-8", "pid \xff", "another process"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "j.lock")
			require.NoError(t, os.WriteFile(p, []byte(tt.content), 0o600))
			require.Equal(t, tt.want, holderOf(p))
		})
	}
	require.Equal(t, "another process", holderOf(filepath.Join(t.TempDir(), "missing")))
}

// A journal larger than MaxSize is refused without being read.
func TestOpenRefusesHugeJournal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.json")
	f, err := os.Create(p)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxSize+1)) // sparse: no disk used
	require.NoError(t, f.Close())
	_, err = Open(context.Background(), p, nil)
	require.ErrorContains(t, err, "more than a journal's")
}
