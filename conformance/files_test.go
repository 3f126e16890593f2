package conformance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFindRecordings(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "b.yml", "c.har", "d.json", "sub/e.YAML", "notes.txt"} {
		writeFile(t, filepath.Join(dir, name), "x")
	}
	named := writeFile(t, filepath.Join(t.TempDir(), "named.txt"), "x")
	files, missing := FindRecordings(dir, named, filepath.Join(dir, "a.yaml"), filepath.Join(dir, "gone"))
	require.Equal(t, []string{
		filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yml"), filepath.Join(dir, "c.har"), filepath.Join(dir, "sub", "e.YAML"), named,
	}, files, "a named file is taken whatever its name; duplicates once")
	require.Len(t, missing, 1)
	require.ErrorIs(t, missing[0], os.ErrNotExist)
	require.Equal(t, filepath.Join(dir, "gone"), missing[0].File)
}
