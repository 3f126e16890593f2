package journal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A process name reaches a message as one short line of printable text.
func TestProcessName(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"as the kernel gives it", "credkit\n", "credkit"},
		{"terminal escape", "ev\x1b]0;owned\x07il", "ev?]0;owned?il"},
		{"newline inside", "a\nrm -rf /", "a?rm -rf /"},
		{"invalid UTF-8", "pid \xff", "pid ?"},
		{"bidi override", "abc\u202edcb", "abc?dcb"},
		{"non-ASCII letters", "prüfung", "prüfung"},
		{"long", strings.Repeat("a", 100), strings.Repeat("a", maxName)},
		{"empty", "", ""},
		{"spaces only", "  \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, processName(tt.raw))
		})
	}
}

// A path Open refuses leaves nothing behind: no lock file beside it, nor
// beside the target of a link, nor anywhere in either folder.
func TestRefusedPathsCreateNothing(t *testing.T) {
	tests := []struct {
		name string
		// make creates what --state names in dir, and anything it points
		// to in other; it returns the path to open.
		make func(t *testing.T, dir, other string) string
		want string
	}{
		{"link to a file that is not a journal", func(t *testing.T, dir, other string) string {
			target := writeFile(t, other, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
			return link(t, target, dir, "state.json")
		}, "is not a credkit journal"},
		{"relative link to a file that is not a journal", func(t *testing.T, dir, _ string) string {
			writeFile(t, dir, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
			return link(t, "passwd", dir, "state.json")
		}, "is not a credkit journal"},
		{"file that is not a journal", func(t *testing.T, dir, _ string) string {
			return writeFile(t, dir, "state.json", "hello")
		}, "is not a credkit journal"},
		{"journal of another version", func(t *testing.T, dir, _ string) string {
			return writeFile(t, dir, "state.json", `{"version":9,"records":[]}`)
		}, "version 9"},
		{"fifo", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, mkfifo(p))
			return p
		}, "not a regular file"},
		{"link to a fifo", func(t *testing.T, dir, other string) string {
			p := filepath.Join(other, "fifo")
			require.NoError(t, mkfifo(p))
			return link(t, p, dir, "state.json")
		}, "not a regular file"},
		{"directory", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			require.NoError(t, os.Mkdir(p, 0o700))
			return p
		}, "not a regular file"},
		{"link to a directory", func(t *testing.T, dir, other string) string {
			return link(t, other, dir, "state.json")
		}, "not a regular file"},
		{"link into a missing folder", func(t *testing.T, dir, other string) string {
			return link(t, filepath.Join(other, "nope", "j.json"), dir, "state.json")
		}, "its folder"},
		{"link loop", func(t *testing.T, dir, _ string) string {
			link(t, filepath.Join(dir, "b"), dir, "a")
			return link(t, filepath.Join(dir, "a"), dir, "b")
		}, "symbolic links"},
		{"too large", func(t *testing.T, dir, _ string) string {
			p := filepath.Join(dir, "state.json")
			f, err := os.Create(p)
			require.NoError(t, err)
			require.NoError(t, f.Truncate(MaxSize+1)) // sparse
			require.NoError(t, f.Close())
			return p
		}, "more than a journal's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, other := t.TempDir(), t.TempDir()
			path := tt.make(t, dir, other)
			before, beforeOther := listing(t, dir), listing(t, other)
			_, err := Open(context.Background(), path, nil)
			require.ErrorContains(t, err, tt.want)
			// A migration that refuses the file refuses it before the
			// lock too.
			_, err = Open(context.Background(), path, &Options{Migrate: func([]byte) ([]Record, error) {
				return nil, errors.New("not a state file either")
			}})
			require.Error(t, err)
			require.Equal(t, before, listing(t, dir), "nothing created beside the path")
			require.Equal(t, beforeOther, listing(t, other), "nothing created beside the target")
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func link(t *testing.T, target, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.Symlink(target, p))
	return p
}

// listing names every entry of dir, with its kind.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name()+" "+e.Type().String())
	}
	return out
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
