package hydratest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestBinaryFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "hydra")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755))
	for _, tt := range []struct {
		name, env string
		want      string
		noBinary  bool
	}{
		{"a file there", bin, bin, false},
		{"nothing there", filepath.Join(dir, "missing"), "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(BinaryEnv, tt.env)
			got, err := Binary()
			if tt.noBinary {
				require.ErrorIs(t, err, ErrNoBinary)
				require.Contains(t, err.Error(), BinaryEnv)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestBinaryAboveTheWorkingDirectory(t *testing.T) {
	t.Setenv(BinaryEnv, "")
	root := t.TempDir()
	bin := filepath.Join(root, "servers", "hydra", "bin", "hydra")
	require.NoError(t, os.MkdirAll(filepath.Dir(bin), 0o755))
	deep := filepath.Join(root, "unified", "ory")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	t.Chdir(deep)
	_, err := Binary()
	require.ErrorIs(t, err, ErrNoBinary, "no file yet")
	require.NoError(t, os.WriteFile(bin, nil, 0o755))
	got, err := Binary()
	require.NoError(t, err)
	require.Equal(t, bin, got)
}

// recorder is a testing.TB that records how a test ended instead of
// ending it.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Skipf(format string, a ...any)  { r.skipped = fmt.Sprintf(format, a...) }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }

func TestAMissingBinarySkipsOutsideCIAndFailsUnderCI(t *testing.T) {
	missing := fmt.Errorf("%w: nowhere", ErrNoBinary)
	for _, tt := range []struct {
		name, ci string
		err      error
		skip     bool
	}{
		{"missing binary outside CI", "", missing, true},
		{"missing binary under CI", "true", missing, false},
		{"another failure outside CI", "", fmt.Errorf("hydra ended before it was ready"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			fail(r, tt.err)
			if tt.skip {
				require.Contains(t, r.skipped, "make hydra", "the skip says how to build it")
				require.Empty(t, r.failed)
				return
			}
			require.NotEmpty(t, r.failed)
			require.Empty(t, r.skipped)
		})
	}
}
