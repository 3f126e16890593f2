package conformance

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/joshdk/go-junit"
	"github.com/stretchr/testify/require"
)

// The JUnit report's clock stands still in tests, so that reports are the
// same bytes on every run; TestJUnitTime makes it move.
func init() { junitNow = func() time.Time { return time.Time{} } }

// TestJUnitValidatesAgainstXSD validates the JUnit report with xmllint
// (Debian's libxml2-utils, which .ci/run installs; Go has no XSD
// validator) against the Jenkins schema plus testcase file and line
// (junit-file-line.xsd), and without those two against the unchanged
// Jenkins schema; and checks that the validator can say no.
func TestJUnitValidatesAgainstXSD(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is missing: .ci/run installs libxml2-utils")
		}
		t.Skip("SKIPPED: no xmllint on this machine (apt-get install libxml2-utils); CI always has it")
	}
	validate := func(schema, doc string) ([]byte, error) {
		path := filepath.Join(t.TempDir(), "report.xml")
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
		return exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "schemas", schema), path).CombinedOutput()
	}
	warned, _ := warnedRun(t, 2)
	for name, r := range map[string]*Report{"golden": goldenRun(t), "hostile": hostileRun(t), "spec warnings": warned} {
		doc := render(t, r, JUnit)
		out, err := validate("junit-file-line.xsd", doc)
		require.NoError(t, err, "%s: %s", name, out)
		bare := regexp.MustCompile(` (file|line)="[^"]*"`).ReplaceAllString(doc, "")
		out, err = validate("jenkins-junit-4.xsd", bare)
		require.NoError(t, err, "%s: %s", name, out)
		_, err = validate("jenkins-junit-4.xsd", doc)
		require.Error(t, err, "the Jenkins schema refuses attributes it does not define")
	}
}

// TestJUnitReadByAConsumer reads the report with go-junit, the parser of
// several CI reporters: one suite per file, the outcome of every case,
// and the names and classnames the report promises.
func TestJUnitReadByAConsumer(t *testing.T) {
	suites, err := junit.Ingest([]byte(render(t, goldenRun(t), JUnit)))
	require.NoError(t, err)
	byName := map[string]junit.Test{}
	for _, s := range suites {
		for _, tc := range s.Tests {
			byName[tc.Classname+" "+tc.Name] = tc
		}
	}
	drift := byName["testdata.golden.run.drift #0 listThings"]
	require.Equal(t, junit.StatusFailed, drift.Status)
	require.Equal(t, "testdata/golden/run/drift.yml", drift.Properties["file"])
	require.Equal(t, "3", drift.Properties["line"])
	require.Equal(t, junit.StatusSkipped, byName["testdata.golden.run.drift #1 GET /v2/elsewhere"].Status)
	require.Equal(t, junit.StatusPassed, byName["testdata.golden.run.pass #0 listThings"].Status)
	require.Equal(t, junit.StatusError, byName["testdata.golden.run.truncated read testdata/golden/run/truncated.yaml"].Status)
}

// TestJUnitIdentityIsStable: a test is named by its file and position, so
// a regression (another status, a failure) keeps its identity.
func TestJUnitIdentityIsStable(t *testing.T) {
	res := Result{File: "cassettes/okta/apps.yaml", Index: 0, Line: 4, Method: "GET", URL: "https://h/x", Spec: "okta", OperationID: "listOAuth2ClientSecrets", Status: 200, Outcome: Pass}
	before := junitCaseOf(res)
	res.Status, res.Outcome, res.Problems = 302, Fail, []Problem{{Pointer: "/response/status", Message: "undocumented"}}
	after := junitCaseOf(res)
	require.Equal(t, before.Name, after.Name)
	require.Equal(t, before.Classname, after.Classname)
	require.Equal(t, "#0 listOAuth2ClientSecrets", after.Name)
	require.Equal(t, "cassettes.okta.apps", after.Classname)
	require.Equal(t, "cassettes/okta/apps.yaml", after.File)
	require.Equal(t, 4, after.Line)
}

func TestJUnitClassname(t *testing.T) {
	for in, want := range map[string]string{
		"cassettes/okta/apps.yaml":  "cassettes.okta.apps",
		"./a/b.har":                 "a.b",
		"/abs/dir/x.yml":            "abs.dir.x",
		"noext":                     "noext",
		"cassettes/v1.2/thing.yaml": "cassettes.v1.2.thing",
	} {
		require.Equal(t, want, junitClassname(in), in)
	}
}

// TestJUnitTime: a suite's time is the time its file took, shared by its
// cases.
func TestJUnitTime(t *testing.T) {
	clock := time.Unix(0, 0)
	defer func(old func() time.Time) { junitNow = old }(junitNow)
	junitNow = func() time.Time { clock = clock.Add(1500 * time.Millisecond); return clock }
	var buf bytes.Buffer
	sink := newJUnitSink(&buf)
	require.NoError(t, sink.File(FileResults{File: "a.yaml", Results: []Result{{File: "a.yaml", Outcome: Pass}, {File: "a.yaml", Index: 1, Outcome: Pass}, {File: "a.yaml", Index: 2, Outcome: Pass}}}))
	require.Contains(t, buf.String(), `<testsuite name="a.yaml" tests="3" failures="0" errors="0" skipped="0" time="1.500">`)
	require.Contains(t, buf.String(), `time="0.500"`)
}

// The HTML report's clock stands still in tests too.
func init() { reportNow = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) } }
