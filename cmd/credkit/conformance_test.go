package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// A run of these tests inside GitHub Actions must not append the github
// report's summary to the job's own.
func init() { _ = os.Unsetenv("GITHUB_STEP_SUMMARY") }

// realWorld is the real Okta recordings, relative to this package.
var realWorld = filepath.Join("..", "..", "cassettes", "okta", "realworld")

func TestConformanceGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"realworld.table.golden", []string{"conformance", realWorld}},
		{"realworld.json.golden", []string{"conformance", "-o", "json", realWorld}},
		{"realworld.markdown.golden", []string{"conformance", realWorld, "--output=markdown", "--strict"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, 0, code, stderr)
			require.Empty(t, stderr)
			path := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(stdout), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./cmd/credkit -update to create it")
			require.Equal(t, string(want), stdout)
		})
	}
}

func TestConformanceExitCodes(t *testing.T) {
	empty := t.TempDir()
	failing := mutatedCassetteDir(t)
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStderr string
	}{
		{"all pass", []string{realWorld}, 0, ""},
		{"a failure", []string{failing}, 1, "credkit conformance: 1 of 1 interactions fail\n"},
		{"unreadable spec", []string{"--spec", filepath.Join(empty, "missing.yaml"), realWorld}, 2, "credkit conformance: reading spec: open "},
		{"no cassettes", []string{empty}, 1, "credkit conformance: 1 path could not be read; no interaction matched a spec (0 unmatched): nothing was checked\n"},
		{"missing path", []string{filepath.Join(empty, "nope")}, 1, "credkit conformance: 1 path could not be read; no interaction"},
		{"missing path beside a good one", []string{filepath.Join(empty, "nope"), realWorld}, 1, "credkit conformance: 1 path could not be read\n"},
		{"unknown format", []string{"--format", "xml", realWorld}, 2, "credkit conformance: unknown format \"xml\": want one of table, json, markdown, junit, github, sarif, summary, html\n"},
		{"unknown output", []string{"--output", "xml", realWorld}, 2, "credkit conformance: unknown format \"xml\""},
		{"unwritable report file", []string{"--junit-file", filepath.Join(empty, "no", "r.xml"), realWorld}, 2, "credkit conformance: --junit-file: open "},
		{"bad size limit", []string{"--max-file-size", "0", realWorld}, 2, "credkit conformance: --max-file-size must be positive"},
		{"unknown flag", []string{"--frob"}, 2, "credkit conformance: unknown flag: --frob (see credkit conformance -h)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"conformance"}, tt.args...)...)
			require.Equal(t, tt.code, code, stderr)
			if tt.wantStderr == "" {
				require.Empty(t, stderr)
				return
			}
			require.True(t, strings.HasPrefix(stderr, tt.wantStderr), stderr)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
		})
	}
}

func TestConformanceSpecFlag(t *testing.T) {
	okta := filepath.Join("..", "..", "specs", "okta.yaml")
	code, stdout, stderr := runCLI(t, "conformance", "--spec", okta, "--format", "json", realWorld)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"name": "okta"`)
	require.NotContains(t, stdout, `"name": "sailpoint"`, "--spec replaces the bundled specs")
}

func TestConformanceStrict(t *testing.T) {
	vmware := filepath.Join("..", "..", "specs", "vmwarecsp.yaml")
	code, stdout, stderr := runCLI(t, "conformance", "--spec", vmware, realWorld)
	require.Equal(t, 1, code, "interactions no spec has are not failures, but a run that checks nothing fails")
	require.Contains(t, stdout, "33 unmatched")
	require.Equal(t, "credkit conformance: no interaction matched a spec (33 unmatched): nothing was checked\n", stderr)
	code, _, stderr = runCLI(t, "conformance", "--strict", "--spec", vmware, realWorld)
	require.Equal(t, 1, code)
	require.Equal(t, "credkit conformance: 33 of 33 interactions fail\n", stderr)
}

func TestConformanceHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, "conformance", "-h")
	require.Equal(t, 0, code)
	require.Empty(t, stderr)
	require.Contains(t, stdout, "usage: credkit conformance [--spec FILE]...")
	require.Contains(t, stdout, "--strict")
	require.Contains(t, stdout, "-o, --output format")
	require.NotContains(t, stdout, "--format", "the old name is a hidden alias")
}

// parseConformanceArgs parses a conformance command line as credkit
// does, and returns the options the command would run with.
func parseConformanceArgs(args []string) (*conformanceOptions, error) {
	var got *conformanceOptions
	root := &cobra.Command{Use: "credkit", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(newConformanceCmd(newFactory(io.Discard, io.Discard), func(o *conformanceOptions) error {
		got = o
		return nil
	}))
	root.SetArgs(longFlags(root, append([]string{"conformance"}, args...)))
	return got, root.Execute()
}

func TestConformanceArgs(t *testing.T) {
	a, err := parseConformanceArgs([]string{"x", "--spec", "a.yaml", "y", "--strict", "--spec=b.yaml"})
	require.NoError(t, err)
	require.Equal(t, []string{"x", "y"}, a.Paths)
	require.Equal(t, stringList{"a.yaml", "b.yaml"}, a.Specs)
	require.True(t, a.Strict)
	require.Equal(t, "table", a.Output)

	for _, args := range [][]string{{"-o", "json"}, {"--output=json"}, {"--format", "json"}, {"-format=json"}} {
		a, err = parseConformanceArgs(args)
		require.NoError(t, err)
		require.Equal(t, "json", a.Output, "%q", args)
	}

	a, err = parseConformanceArgs(nil)
	require.NoError(t, err)
	require.Equal(t, []string{"cassettes"}, a.Paths)
	require.False(t, a.FailUndeclaredBody || a.FailRemovedCredentials || a.FailOnSpecWarnings, "policies are notes by default")

	a, err = parseConformanceArgs([]string{"--fail-undeclared-body", "--fail-removed-credentials", "--fail-on-spec-warnings"})
	require.NoError(t, err)
	require.True(t, a.FailUndeclaredBody && a.FailRemovedCredentials && a.FailOnSpecWarnings)
}

// mutatedCassetteDir holds one real cassette whose status was changed to
// one its operation does not document.
func mutatedCassetteDir(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realWorld, "Applications__get_app_keys.yaml"))
	require.NoError(t, err)
	text := string(data)
	// Keep the second interaction only, and make its 200 a 418.
	second := strings.Index(text, "\n- id: 1\n")
	require.Positive(t, second)
	head := text[:strings.Index(text, "\n- id: 0\n")+1]
	text = head + strings.TrimPrefix(text[second:], "\n")
	require.Equal(t, 1, strings.Count(text, "    code: 200\n"))
	text = strings.Replace(text, "    code: 200\n", "    code: 418\n", 1)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mutated.yaml"), []byte(text), 0o644))
	return dir
}

// With no arguments, credkit conformance checks the repository's
// cassettes/ against the three bundled specs, as `make conformance` runs it
// from the top of the repository.
func TestConformanceDefaultsToBundledCassettes(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	code, stdout, stderr := runCLI(t, "conformance")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	for _, vendor := range []string{"okta", "sailpoint", "vmwarecsp"} {
		require.Contains(t, stdout, "COVERAGE "+vendor, "a matrix per vendor")
	}
	require.Regexp(t, `(?m)^TOTAL \d+ interactions: \d+ pass, 0 fail, \d+ unmatched; (\d+) of (\d+) cells covered$`, stdout)
}

// warnedSpec has two warnings (an example and a default that do not
// match their schema) and routes the real Okta recordings' app paths.
const warnedSpec = `openapi: 3.0.3
info: {title: warned, version: "1"}
paths:
  /api/v1/apps/{appId}/credentials/secrets:
    get:
      parameters: [{name: appId, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: object, example: 1}}}}
components:
  schemas:
    A: {type: integer, default: x}
`

func TestConformanceSpecWarnings(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "warned.yaml")
	require.NoError(t, os.WriteFile(spec, []byte(warnedSpec), 0o600))

	report := filepath.Join(dir, "report.json")
	code, stdout, stderr := runCLI(t, "conformance", "--spec", spec, "--json-file", report, realWorld)
	require.Equal(t, 1, code, "checked, and an interaction fails this small spec: %s", stderr)
	require.Contains(t, stdout, "\nSPEC WARNINGS: 2 warnings in 1 spec; checking went on (--fail-on-spec-warnings refuses them)\nspec warned ("+spec+"), 2 warnings:\n", "in the report too")
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	require.Contains(t, string(data), `"specWarnings": 2`)
	require.Contains(t, string(data), `"path": "#/components/schemas/A/default"`)
	require.Contains(t, stderr, "1 of 33 interactions fail")
	require.Contains(t, stderr, "credkit conformance: spec warned has 2 warnings; checking goes on:\n")
	require.Contains(t, stderr, "  #/components/schemas/A/default: the default does not match its schema")
	require.Contains(t, stderr, "  #/paths/~1api~1v1~1apps~1{appId}~1credentials~1secrets/get/responses/200/content/application~1json/schema/items/example: ")

	code, stdout, stderr = runCLI(t, "conformance", "--fail-on-spec-warnings", "--spec", spec, realWorld)
	require.Equal(t, 2, code)
	require.Empty(t, stdout, "nothing is checked")
	require.Contains(t, stderr, "refused (--fail-on-spec-warnings)")

	unusable := filepath.Join(dir, "unusable.yaml")
	require.NoError(t, os.WriteFile(unusable, []byte("openapi: '2.0'\ninfo: {title: t}\n"), 0o600))
	code, _, stderr = runCLI(t, "conformance", "--spec", unusable, realWorld)
	require.Equal(t, 2, code)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	require.Equal(t, "credkit conformance: spec unusable cannot be used; 2 problems:", lines[0], stderr)
	require.Equal(t, []string{
		`  #/openapi: not an OpenAPI 3 document: its openapi field is "2.0"`,
		"  #/info: value of version must be a non-empty string",
	}, lines[1:], "every problem on a line of its own")
}
