package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// replicate copies every cassette of cassettes/ n times into a new folder.
func replicate(t *testing.T, n int) string {
	t.Helper()
	src := filepath.Join("..", "..", "cassettes")
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		for i := range n {
			out := filepath.Join(dir, string(rune('a'+i%26))+strings.Repeat("x", i/26), rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	return dir
}

// builtCLI is the credkit binary the tests that need a real process
// share: built once per test run (each build costs seconds), into the
// folder TestMain removes at the end.
var builtCLI struct {
	once sync.Once
	dir  string // set by TestMain
	bin  string
	err  error
}

// buildCLI returns the credkit binary, built on first use. Tests only run
// it; none may change it.
func buildCLI(t *testing.T) string {
	t.Helper()
	builtCLI.once.Do(func() {
		dir := builtCLI.dir
		if dir == "" {
			dir, builtCLI.err = os.MkdirTemp("", "credkit-bin-")
			if builtCLI.err != nil {
				return
			}
		}
		bin := filepath.Join(dir, "credkit")
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			builtCLI.err = fmt.Errorf("building credkit: %w\n%s", err, out)
			return
		}
		builtCLI.bin = bin
	})
	require.NoError(t, builtCLI.err)
	return builtCLI.bin
}

// TestConformanceSIGTERM sends SIGTERM to a real credkit process in the
// middle of a long run: it must exit within a second, with the report of
// what it checked so far.
func TestConformanceSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	corpus := replicate(t, 40)
	junit := filepath.Join(t.TempDir(), "r.xml")
	cmd := exec.Command(bin, "conformance", "--junit-file", junit, corpus)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	require.True(t, lines.Scan())
	require.Equal(t, "INTERACTIONS", lines.Text(), "rows are written as they are produced")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	sent := time.Now()
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	err = cmd.Wait()
	took := time.Since(sent)
	require.Less(t, took, time.Second, "exit within a second of SIGTERM")
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "exit status 1: %v", err)
	require.Equal(t, 1, exit.ExitCode())
	out := strings.Join(rest, "\n")
	require.Contains(t, out, "FAILED: the run was interrupted")
	require.Contains(t, stderr.String(), "the run was interrupted")
	total := regexp.MustCompile(`TOTAL (\d+) interactions`).FindStringSubmatch(out)
	require.Len(t, total, 2, out)
	checked, err := strconv.Atoi(total[1])
	require.NoError(t, err)
	require.Positive(t, checked)
	require.Less(t, checked, 40*400, "the run stopped before its end")
	xml, err := os.ReadFile(junit)
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(xml), "</testsuites>\n"), "the JUnit file is complete")
	t.Logf("exited %v after SIGTERM", took)
}

// TestConformanceRefusesNonRegular runs the command on a FIFO, a link to
// /dev/zero and a file over --max-file-size: each is refused with a clear
// error (none is read), and a good file beside them is still checked.
func TestConformanceRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	zero := filepath.Join(dir, "zero.yaml")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"fifo", []string{fifo}, fifo + ": not a regular file (a named pipe): only regular files are read"},
		{"link to /dev/zero", []string{zero}, zero + ": not a regular file (a character device): only regular files are read"},
		{"over the size limit", []string{"--max-file-size", "1000", realWorld}, "file too large: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var code int
			var stdout, stderr string
			go func() {
				defer close(done)
				code, stdout, stderr = runCLI(t, append([]string{"conformance", filepath.Join(realWorld, "Applications__get_csr.yaml")}, tt.args...)...)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the command blocked on a path that is not a regular file")
			}
			require.Equal(t, 1, code, stderr)
			require.Contains(t, stdout, tt.want)
			require.Contains(t, stderr, "could not be read")
		})
	}
}

// TestConformanceSeveralOutputs: one run writes the table on standard
// output and every other format to its file.
func TestConformanceSeveralOutputs(t *testing.T) {
	dir := t.TempDir()
	args := []string{"conformance", "--output", "table"}
	for _, f := range fileFormats {
		args = append(args, "--"+string(f)+"-file", filepath.Join(dir, "r."+string(f)))
	}
	code, stdout, stderr := runCLI(t, append(args, realWorld)...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "TOTAL 33 interactions: 33 pass")
	want := map[string]string{
		"junit": "<testsuites", "sarif": `"version":"2.1.0"`, "html": "<!DOCTYPE html>", "json": `"interactions": 33`,
		"markdown": "# Conformance report", "github": "TOTAL 33 interactions", "summary": "COVERAGE okta",
	}
	for _, f := range fileFormats {
		data, err := os.ReadFile(filepath.Join(dir, "r."+string(f)))
		require.NoError(t, err)
		require.Contains(t, string(data), want[string(f)], f)
	}
}
