package conformance

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCassettes is the conformance suite: every interaction recorded under
// cassettes/ must reach a bundled spec and match it, strictly, as the
// README's CI setting (--strict) checks it. On failure it prints the
// report that `credkit conformance --strict` would.
func TestCassettes(t *testing.T) {
	report, err := Run(context.Background(), NewChecker(bundled(t), &Options{Strict: true}), nil, corpusDir)
	require.NoError(t, err)
	if report.Failed() {
		var buf bytes.Buffer
		require.NoError(t, report.Write(&buf, Table))
		t.Fatalf("cassettes do not conform to the specs:\n%s", buf.String())
	}
	t.Logf("%s", report.Summary)
	require.Zero(t, report.Summary.Unmatched, "every bundled interaction reaches a spec")
}

// realWorldOkta is where the real Okta recordings are kept in the module.
var realWorldOkta = filepath.Join(corpusDir, "okta", "realworld")

// TestRealWorldOkta requires every real Okta interaction to pass, strictly:
// they were kept because they are in scope, so each must reach a spec.
func TestRealWorldOkta(t *testing.T) {
	report, err := Run(context.Background(), NewChecker(bundled(t), &Options{Strict: true}), nil, realWorldOkta)
	require.NoError(t, err)
	require.Equal(t, 33, report.Summary.Interactions)
	for _, res := range report.Interactions {
		require.Equal(t, Pass, res.Outcome, "%s#%d %s %s: %v", res.File, res.Index, res.Method, res.URL, res.Problems)
		require.Equal(t, "okta", res.Spec)
	}
	t.Logf("real Okta interactions that pass: %d of %d", report.Summary.Pass, report.Summary.Interactions)
}

// TestRealWorldCopiesUnchanged requires cassettes/okta/realworld to hold
// byte-identical copies of the shared real recordings, when they are there.
func TestRealWorldCopiesUnchanged(t *testing.T) {
	source := filepath.Join(moduleRoot(t), "..", "shared", "realworld", "okta")
	entries, err := os.ReadDir(source)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: nothing to compare with", source)
	}
	require.NoError(t, err)
	compared := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		want, err := os.ReadFile(filepath.Join(source, e.Name()))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(realWorldOkta, e.Name()))
		require.NoError(t, err, "%s has no copy in %s", e.Name(), realWorldOkta)
		require.True(t, bytes.Equal(want, got), "%s differs from its source in %s", e.Name(), source)
		compared++
	}
	require.Positive(t, compared)
}

// moduleRoot is the nearest directory above the test's that holds go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test directory")
		dir = parent
	}
}
