package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A run of these tests inside GitHub Actions must not write to the job's
// summary: only the tests that set GITHUB_STEP_SUMMARY write one.
func init() { _ = os.Unsetenv("GITHUB_STEP_SUMMARY") }

// manyFailures is a run of n failing interactions over files f0..f4, with
// problems of three kinds, and one unreadable file.
func manyFailures(n int) *Report {
	pointers := []string{"/response/body/id", "/response/status", "/request/query/limit"}
	var results []Result
	for i := range n {
		results = append(results, Result{File: fmt.Sprintf("f%d.yaml", i%5), Index: i, Line: 3 + i, Method: "GET", URL: "https://h/v1/things",
			Spec: "things", OperationID: "listThings", Status: 200, Outcome: Fail,
			Problems: []Problem{{Pointer: pointers[i%3], Message: strings.Repeat("wrong ", 10)}}})
	}
	r := NewReport(nil, results)
	r.Errors = []FileError{{File: "broken.yaml", Err: fmt.Errorf("yaml: bad")}}
	r.Summary.FileErrors = 1
	return r
}

func TestGitHubAnnotationsTotalsFirst(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	out := render(t, manyFailures(40), GitHub)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.True(t, strings.HasPrefix(lines[0], "TOTAL 40 interactions: 0 pass, 40 fail"), "the totals come first")
	require.Equal(t, "::error title=credkit conformance::FAILED: 40 of 40 interactions fail; 1 path could not be read", lines[1])
	require.Equal(t, maxAnnotations, strings.Count(out, "::error "), "no more error annotations than GitHub shows")
	require.True(t, strings.HasPrefix(lines[2], "::error file=broken.yaml,title=unreadable recording::"), "what was not checked at all comes first")
	for i, kind := range []string{"response-status", "response-body", "request-query"} {
		require.Contains(t, lines[3+i], kind, "then one failure of each kind")
	}
	require.Equal(t, "::notice title=credkit conformance::32 more problems are not annotated (GitHub shows 10 error annotations a step): the job summary and the other reports list them", lines[len(lines)-1])
}

func TestAnnotationPicker(t *testing.T) {
	tests := []struct {
		name      string
		failures  int
		errors    int
		n         int
		wantCount int
		wantLeft  int
	}{
		{"nothing", 0, 0, 9, 0, 0},
		{"few", 3, 0, 9, 3, 0},
		{"many", 100, 0, 9, 9, 91},
		{"errors first", 100, 12, 9, 9, 103},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newAnnotationPicker()
			for i := range tt.failures {
				p.failure(Result{File: fmt.Sprintf("f%d", i%4), Index: i, Outcome: Fail, Problems: []Problem{{Pointer: "/response/body"}}})
			}
			for i := range tt.errors {
				p.fileError(FileError{File: fmt.Sprintf("e%d", i), Err: fmt.Errorf("bad")})
				p.fileError(FileError{File: fmt.Sprintf("e%d", i), Err: fmt.Errorf("bad")}) // once only
			}
			got, left := p.choose(tt.n)
			require.Len(t, got, tt.wantCount)
			require.Equal(t, tt.wantLeft, left)
			if tt.errors > 0 {
				require.Equal(t, "e0", got[0].file)
			}
			require.LessOrEqual(t, len(p.first)+len(p.byFile)+len(p.errors), 3*maxAnnotations, "bounded memory")
		})
	}
}

// TestGitHubStepSummary: the job summary is appended to the file GitHub
// names, after what is there, and stays within 1 MiB however large the run.
func TestGitHubStepSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	require.NoError(t, os.WriteFile(path, []byte("# an earlier step\n"), 0o644))
	t.Setenv("GITHUB_STEP_SUMMARY", path)

	render(t, manyFailures(4), GitHub)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	md := string(data)
	require.True(t, strings.HasPrefix(md, "# an earlier step\n# Conformance report: FAILED\n"))
	require.Contains(t, md, "## Failures (4)\n")
	require.Contains(t, md, "## Unreadable paths (1)\n")
	require.NotContains(t, md, "## Interactions", "the table of every verdict is left to the other reports")

	require.NoError(t, os.WriteFile(path, nil, 0o644))
	render(t, manyFailures(20000), GitHub)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.LessOrEqual(t, info.Size(), int64(maxStepSummary))
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), "_The summary is cut here, at GitHub's limit of 1024 KiB a step")
}

func TestGitHubStepSummaryUnwritable(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(t.TempDir(), "missing", "summary.md"))
	out := render(t, manyFailures(1), GitHub)
	require.Contains(t, out, "::warning title=credkit conformance::the job summary could not be written: open ")
}

func TestCappedWriter(t *testing.T) {
	tests := []struct {
		name   string
		left   int64
		writes []string
		want   string
		cut    bool
	}{
		{"fits", 100, []string{"a\n", "b\n"}, "a\nb\n", false},
		{"cut at a line", 5, []string{"a\nbb\ncc\n"}, "a\nbb\n", true},
		{"then nothing", 5, []string{"a\n", "bbbbbb\n", "c\n"}, "a\n", true},
		{"no whole line", 3, []string{"abcdef"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			c := &cappedWriter{w: &b, left: tt.left}
			for _, w := range tt.writes {
				n, err := c.Write([]byte(w))
				require.NoError(t, err)
				require.Equal(t, len(w), n)
			}
			require.Equal(t, tt.want, b.String())
			require.Equal(t, tt.cut, c.cut)
		})
	}
}
