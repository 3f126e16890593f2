package conformance

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "okta", "a.yaml"), tinyCassette)
	writeFile(t, filepath.Join(dir, "okta", "b.yaml"), "version: 2\ninteractions: []\n")
	checker := NewChecker([]*Spec{things(t)}, nil)

	r, err := Run(context.Background(), checker, nil, dir)
	require.NoError(t, err)
	require.Equal(t, Summary{Files: 2, Interactions: 1, Pass: 1, Cells: 8, CellsCovered: 1}, r.Summary)
	require.Equal(t, filepath.Join(dir, "okta", "a.yaml"), r.Interactions[0].File)
	require.False(t, r.Failed(), r.Reasons())
}

// TestRunFileErrors: a path or file that cannot be read is reported in the
// result and fails the run, and the other files are still checked.
func TestRunFileErrors(t *testing.T) {
	empty := t.TempDir()
	good := writeFile(t, filepath.Join(t.TempDir(), "good.yaml"), tinyCassette)
	broken := writeFile(t, filepath.Join(t.TempDir(), "broken.yaml"), "interactions: [")
	checker := NewChecker([]*Spec{things(t)}, nil)
	tests := map[string]struct {
		paths   []string
		wantErr string
		is      error
	}{
		"missing path": {[]string{filepath.Join(empty, "nope"), good}, "no such file", os.ErrNotExist},
		"unloadable":   {[]string{broken, good}, "did not find expected node content", nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Run(context.Background(), checker, nil, tt.paths...)
			require.NoError(t, err)
			require.Equal(t, 1, r.Summary.Pass, "the good file is checked all the same")
			require.Equal(t, 1, r.Summary.FileErrors)
			require.Len(t, r.Errors, 1)
			require.ErrorContains(t, r.Errors[0], tt.wantErr)
			if tt.is != nil {
				require.ErrorIs(t, r.Errors[0], tt.is)
			}
			require.True(t, r.Failed())
		})
	}
}

// TestRunNothingChecked: a run that checks nothing fails, whatever made it
// check nothing.
func TestRunNothingChecked(t *testing.T) {
	empty := t.TempDir()
	unmatched := writeFile(t, filepath.Join(t.TempDir(), "other.yaml"), `version: 2
interactions:
    - request:
        method: GET
        url: https://h/v9/elsewhere
      response:
        code: 200
`)
	checker := NewChecker([]*Spec{things(t)}, nil)
	tests := map[string]struct {
		paths  []string
		reason string
	}{
		"empty directory": {[]string{empty}, "nothing was checked"},
		"no path at all":  {nil, "nothing was checked"},
		"only unmatched":  {[]string{unmatched}, "no interaction matched a spec (1 unmatched)"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Run(context.Background(), checker, nil, tt.paths...)
			require.NoError(t, err)
			require.True(t, r.Failed())
			require.Contains(t, r.Reasons()[len(r.Reasons())-1], tt.reason)
		})
	}
	r, err := Run(context.Background(), checker, nil, empty)
	require.NoError(t, err)
	require.ErrorIs(t, r.Errors[0], ErrNoCassettes)
}

// TestRunRefusesNonRegular: FIFOs, devices and links to them are refused
// without being opened, and so is a file over the size limit.
func TestRunRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	zero := filepath.Join(dir, "zero.yaml")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	big := writeFile(t, filepath.Join(dir, "big.yaml"), tinyCassette)
	checker := NewChecker([]*Spec{things(t)}, nil)
	tests := map[string]struct {
		path, want string
		is         error
		limit      int64
	}{
		"fifo":              {fifo, "not a regular file (a named pipe)", ErrNotRegular, 0},
		"link to dev zero":  {zero, "not a regular file (a character device)", ErrNotRegular, 0},
		"over the limit":    {big, "file too large", ErrTooLarge, 64},
		"device named here": {"/dev/null", "not a regular file (a character device)", ErrNotRegular, 0},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Run(context.Background(), checker, &RunOptions{MaxFileSize: tt.limit}, tt.path)
			require.NoError(t, err)
			require.Len(t, r.Errors, 1)
			require.ErrorIs(t, r.Errors[0], tt.is)
			require.ErrorContains(t, r.Errors[0], tt.want)
			require.True(t, r.Failed())
		})
	}
}

// TestRunInterrupted: a cancelled context stops the run and keeps the
// report of what was checked.
func TestRunInterrupted(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "b.yaml", "c.yaml"} {
		writeFile(t, filepath.Join(dir, name), tinyCassette)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sink := &cancelAfter{n: 1, cancel: cancel}
	r, err := Stream(ctx, NewChecker([]*Spec{things(t)}, nil), nil, sink, dir)
	require.ErrorIs(t, err, context.Canceled)
	require.True(t, r.Interrupted)
	require.Equal(t, 1, r.Summary.Interactions)
	require.True(t, sink.finished)
	require.Contains(t, r.Reasons(), "the run was interrupted")
}

type cancelAfter struct {
	n        int
	cancel   func()
	finished bool
}

func (c *cancelAfter) File(FileResults) error {
	if c.n--; c.n <= 0 {
		c.cancel()
	}
	return nil
}

func (c *cancelAfter) Finish(*Report) error { c.finished = true; return nil }

func TestStreamSinkError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), tinyCassette)
	boom := errors.New("disk full")
	_, err := Stream(context.Background(), NewChecker([]*Spec{things(t)}, nil), nil, failingSink{boom}, dir)
	require.ErrorIs(t, err, boom)
}

type failingSink struct{ err error }

func (f failingSink) File(FileResults) error { return f.err }
func (f failingSink) Finish(*Report) error   { return f.err }
