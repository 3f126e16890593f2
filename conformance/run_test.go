package conformance

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "okta", "a.yaml"), tinyCassette)
	writeFile(t, filepath.Join(dir, "okta", "b.yaml"), "version: 2\ninteractions: []\n")
	checker := NewChecker([]*Spec{things(t)}, nil)

	r, err := Run(checker, dir)
	require.NoError(t, err)
	require.Equal(t, Summary{Interactions: 1, Pass: 1, Cells: 8, CellsCovered: 1}, r.Summary)
	require.Equal(t, filepath.Join(dir, "okta", "a.yaml"), r.Interactions[0].File)
}

func TestRunErrors(t *testing.T) {
	empty := t.TempDir()
	broken := writeFile(t, filepath.Join(t.TempDir(), "broken.yaml"), "interactions: [")
	checker := NewChecker([]*Spec{things(t)}, nil)
	tests := map[string]struct {
		paths   []string
		wantErr string
	}{
		"empty directory": {[]string{empty}, "no cassettes found in " + empty},
		"missing path":    {[]string{filepath.Join(empty, "nope")}, "no such file"},
		"unloadable":      {[]string{broken}, "cassette " + broken},
		"no path at all":  {nil, "no cassettes found"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Run(checker, tt.paths...)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
	_, err := Run(checker, empty)
	require.ErrorIs(t, err, ErrNoCassettes)
}
