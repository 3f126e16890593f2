package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joshdk/go-junit"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// hostileSchema is a schema name a published spec could hold: markup of
// every report format, a workflow command and a bidirectional override.
const hostileSchema = "<img src=x onerror=alert(1)>|`*_[x](y)::error::\u202e"

// warnedThings writes the things spec with bad+1 extra schemas whose
// defaults do not match them (each a warning:
// #/components/schemas/NAME/default) to a file, and loads it with
// LoadSpecFile. The first extra schema has a hostile name, which is a
// warning of its own (not a name OpenAPI allows): bad+2 warnings.
func warnedThings(t *testing.T, bad int) *Spec {
	t.Helper()
	var b strings.Builder
	b.WriteString(thingsSpec)
	fmt.Fprintf(&b, "    %q: {type: integer, default: x}\n", hostileSchema)
	for i := 1; i <= bad; i++ {
		fmt.Fprintf(&b, "    Bad%03d: {type: integer, default: x}\n", i)
	}
	path := filepath.Join(t.TempDir(), "warned.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	s, err := LoadSpecFile(path)
	require.NoError(t, err)
	require.Len(t, s.Warnings, bad+2)
	require.Equal(t, path, s.File)
	return s
}

// warnedRun is the golden run checked against a spec with bad+2 warnings.
func warnedRun(t *testing.T, bad int) (*Report, *Spec) {
	t.Helper()
	spec := warnedThings(t, bad)
	r, err := Run(context.Background(), NewChecker([]*Spec{spec}, nil), nil, filepath.Join("testdata", "golden", "run"))
	require.NoError(t, err)
	return r, spec
}

// TestSpecWarningsInEveryReport: a spec's warnings are in every format,
// each with its path in the spec, escaped as the format needs (the
// hostile schema name starts no markup, annotation or escape), and the
// run's verdict does not change: warnings do not fail it.
func TestSpecWarningsInEveryReport(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	r, spec := warnedRun(t, 2)
	require.Equal(t, 4, r.Summary.SpecWarnings)
	require.Equal(t, spec.Warnings, r.Specs[0].Warnings)
	require.Equal(t, spec.File, r.Specs[0].File)
	plain := NewReport([]*Spec{things(t)}, nil)
	require.Equal(t, goldenRun(t).Reasons(), r.Reasons(), "warnings do not fail a run")
	require.Zero(t, plain.Summary.SpecWarnings)

	bad := "#/components/schemas/Bad001"
	escapedName := `\u202e` // the override, as every format shows it
	cases := []struct {
		format Format
		check  func(t *testing.T, out string)
	}{
		{Table, func(t *testing.T, out string) {
			require.Contains(t, out, "\nSPEC WARNINGS: 4 warnings in 1 spec; checking went on (--fail-on-spec-warnings refuses them)\nspec warned ("+spec.File+"), 4 warnings:\n")
			require.Contains(t, out, "  "+bad+"/default: ")
			require.Contains(t, out, escapedName)
		}},
		{SummaryOnly, func(t *testing.T, out string) {
			require.Contains(t, out, "SPEC WARNINGS: 4 warnings in 1 spec")
			require.Contains(t, out, bad)
		}},
		{JSON, func(t *testing.T, out string) {
			var doc struct {
				Summary Summary        `json:"summary"`
				Specs   []SpecCoverage `json:"specs"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			require.Equal(t, 4, doc.Summary.SpecWarnings)
			require.Len(t, doc.Specs[0].Warnings, 4)
			require.Equal(t, spec.File, doc.Specs[0].File)
			require.Contains(t, doc.Specs[0].Warnings[0].Path, escapedName, "escaped as plain text, then as JSON")
		}},
		{Markdown, func(t *testing.T, out string) {
			require.Contains(t, out, "\n## Spec warnings (4)\n")
			require.Contains(t, out, "- `"+bad+"/default`: `")
			require.NotContains(t, markdownHTML(t, out), "<img", "markup in a code span")
		}},
		{HTML, func(t *testing.T, out string) {
			require.Contains(t, out, `<section id="spec-warnings"><h2>Spec warnings (4)</h2>`)
			require.Contains(t, out, `<a href="#spec-warnings"><strong>4</strong> spec warnings</a>`)
			require.Contains(t, out, "<li><code>"+bad+"/default</code> ")
			require.NotContains(t, out, "<img")
		}},
		{JUnit, func(t *testing.T, out string) {
			suites, err := junit.Ingest([]byte(out))
			require.NoError(t, err)
			var found *junit.Test
			for _, s := range suites {
				for i, tc := range s.Tests {
					if s.Name == "credkit conformance spec warnings" {
						found = &s.Tests[i]
						require.Equal(t, "credkit.conformance.specs", tc.Classname)
					}
				}
			}
			require.NotNil(t, found, "a suite of the spec warnings")
			require.Equal(t, junit.StatusPassed, found.Status, "warnings do not fail")
			require.Equal(t, "spec warned ("+spec.File+"), 4 warnings", found.Name)
			require.Contains(t, found.SystemOut, bad+"/default: ")
			require.Len(t, strings.Split(found.SystemOut, "\n"), 4)
		}},
		{GitHub, func(t *testing.T, out string) {
			var warnings []string
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "::warning ") {
					warnings = append(warnings, line)
				}
			}
			require.Len(t, warnings, 4)
			require.Contains(t, out, "::warning file="+githubProperty(spec.File)+",title=credkit conformance%3A spec warned warning::"+bad+"/default: ")
			for _, line := range strings.Split(out, "\n") {
				require.False(t, strings.HasPrefix(line, "::error::"), "the hostile name starts no workflow command: %s", line)
			}
		}},
		{SARIF, func(t *testing.T, out string) {
			sch, err := jsonschema.NewCompiler().Compile(filepath.Join("testdata", "schemas", "sarif-2.1.0-rtm.5.json"))
			require.NoError(t, err)
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			require.NoError(t, err)
			require.NoError(t, sch.Validate(doc))
			var log struct {
				Runs []struct {
					Invocations []sarifInvocation `json:"invocations"`
				} `json:"runs"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &log))
			notes := log.Runs[0].Invocations[0].ToolConfigurationNotifications
			require.Len(t, notes, 4)
			require.Equal(t, "warning", notes[2].Level)
			require.Equal(t, "spec-warning", notes[2].Descriptor.ID)
			require.Equal(t, bad+"/default", notes[2].Properties["path"])
			require.Equal(t, "warned.yaml", filepath.Base(notes[2].Locations[0].PhysicalLocation.ArtifactLocation.URI))
		}},
	}
	require.Len(t, cases, len(Formats), "every format")
	for _, c := range cases {
		t.Run(string(c.format), func(t *testing.T) {
			out := render(t, r, c.format)
			require.NotContains(t, out, "\u202e", "the override is escaped")
			c.check(t, out)
			require.NotContains(t, render(t, plain, c.format), "spec-warning", "a spec without warnings adds nothing")
		})
	}
}

// TestSpecWarningsBounded: a report lists MaxSpecWarnings warnings of a
// spec and counts the others, in every format.
func TestSpecWarningsBounded(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	r, _ := warnedRun(t, MaxSpecWarnings+3)
	require.Equal(t, MaxSpecWarnings+5, r.Summary.SpecWarnings)
	require.Len(t, r.Specs[0].Warnings, MaxSpecWarnings)
	require.Equal(t, 5, r.Specs[0].MoreWarnings)
	want := map[Format]string{
		Table: "  ... and 5 more\n", SummaryOnly: "  ... and 5 more\n", JSON: `"moreWarnings": 5`, Markdown: "- … and 5 more\n",
		HTML: "<li>… and 5 more</li>", JUnit: "... and 5 more", SARIF: "5 more warnings are not listed.",
		GitHub: "95 more spec warnings are not annotated (GitHub shows 10 warning annotations a step)",
	}
	for _, f := range Formats {
		var buf bytes.Buffer
		require.NoError(t, r.Write(&buf, f))
		require.Contains(t, buf.String(), want[f], f)
		require.Less(t, buf.Len(), 1<<20, f)
	}
}
