package conformance

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version string      `json:"version"`
				Rules   []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

func sarifOf(t *testing.T, r *Report) (string, sarifLog) {
	t.Helper()
	out := render(t, r, SARIF)
	var log sarifLog
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log.Runs, 1)
	return out, log
}

// TestSARIFForCodeScanning checks what GitHub code scanning needs that the
// schema does not say: rules with a full description and help, a numeric
// tool version, a region and a relative URI under %SRCROOT% for every
// result, and a partial fingerprint that does not change with the status.
func TestSARIFForCodeScanning(t *testing.T) {
	_, log := sarifOf(t, goldenRun(t))
	run := log.Runs[0]
	require.Regexp(t, `^[0-9]`, run.Tool.Driver.Version)
	for _, rule := range run.Tool.Driver.Rules {
		require.NotEmpty(t, rule.FullDescription.Text, rule.ID)
		require.NotEmpty(t, rule.Help.Text, rule.ID)
		require.NotEqual(t, strings.ToLower(rule.ID), strings.ToLower(rule.Name))
	}
	require.NotEmpty(t, run.Results)
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		require.Equal(t, sarifRoot, loc.ArtifactLocation.URIBaseID)
		require.False(t, strings.HasPrefix(loc.ArtifactLocation.URI, "/"), loc.ArtifactLocation.URI)
		require.NotNil(t, loc.Region)
		require.Len(t, res.PartialFingerprints[sarifFingerprint], 32)
	}

	one := func(status int) string {
		res := Result{File: "a.yaml", Index: 2, Line: 9, Method: "GET", URL: "https://h/x", Status: status, Outcome: Fail, Problems: []Problem{{Pointer: "/response/status", Message: "m"}}}
		_, log := sarifOf(t, NewReport(nil, []Result{res}))
		return log.Runs[0].Results[0].PartialFingerprints[sarifFingerprint]
	}
	require.Equal(t, one(200), one(302), "the identity of a result does not hold its status")
}

func TestSARIFArtifact(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	tests := []struct {
		file string
		want sarifArtifact
	}{
		{"cassettes/okta/a b.yaml", sarifArtifact{URI: "cassettes/okta/a%20b.yaml", URIBaseID: sarifRoot}},
		{"./x.yaml", sarifArtifact{URI: "x.yaml", URIBaseID: sarifRoot}},
		{filepath.Join(wd, "testdata", "x.yaml"), sarifArtifact{URI: "testdata/x.yaml", URIBaseID: sarifRoot}},
		{"/elsewhere/x.yaml", sarifArtifact{URI: "file:///elsewhere/x.yaml"}},
		{"50%.yaml", sarifArtifact{URI: "50%25.yaml", URIBaseID: sarifRoot}},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, sarifArtifactOf(tt.file), tt.file)
	}
}

func TestSARIFToolVersion(t *testing.T) {
	for in, want := range map[string]string{"v1.4.0": "1.4.0", "(devel)": "0.0.0-devel", "unknown": "0.0.0-unknown", "": "0.0.0-unknown", "v0.0.0-2026-abc": "0.0.0-2026-abc"} {
		require.Equal(t, want, sarifToolVersion(in), in)
	}
	require.Equal(t, "ResponseStatus", ruleName("response-status"))
	require.Equal(t, "OtherProblem", ruleName("other"))
}

// sarifMultitool finds the SARIF multitool (npm @microsoft/sarif-multitool,
// which .ci/run installs): $SARIF_MULTITOOL, Sarif.Multitool on PATH, or
// the platform binary in the global npm folder.
func sarifMultitool(t *testing.T) string {
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	if p, err := exec.LookPath("Sarif.Multitool"); err == nil {
		return p
	}
	if npm, err := exec.LookPath("npm"); err == nil {
		if root, err := exec.Command(npm, "root", "-g").Output(); err == nil {
			ms := filepath.Join(strings.TrimSpace(string(root)), "@microsoft")
			for _, p := range []string{ // hoisted or nested, by npm's version
				filepath.Join(ms, "sarif-multitool-linux", "Sarif.Multitool"),
				filepath.Join(ms, "sarif-multitool", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool"),
			} {
				if _, err := os.Stat(p); err == nil {
					return p
				}
			}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the SARIF multitool is missing: .ci/run installs it (npm install -g @microsoft/sarif-multitool)")
	}
	t.Skip("SKIPPED: no SARIF multitool (npm install -g @microsoft/sarif-multitool, or set SARIF_MULTITOOL); CI always has it")
	return ""
}

// multitoolFindings runs `validate --rule-kind Gh;Sarif` once on SARIF
// logs (one start of the tool: it is slow to start) and returns the
// errors and warnings about each, by name. The tool exits 0 either way, so
// its own SARIF output is read.
func multitoolFindings(t *testing.T, tool string, logs map[string]string) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "validation.out")
	args := []string{"validate", "--rule-kind", "Gh;Sarif", "--output", out}
	for name, sarif := range logs {
		in := filepath.Join(dir, name+".sarif")
		require.NoError(t, os.WriteFile(in, []byte(sarif), 0o644))
		args = append(args, in)
	}
	cmd := exec.Command(tool, args...)
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, string(msg))
	data, err := os.ReadFile(out)
	require.NoError(t, err, string(msg))
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation sarifArtifact `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(data, &log))
	findings := map[string][]string{}
	for _, run := range log.Runs {
		for _, r := range run.Results {
			if r.Level != "error" && r.Level != "warning" && r.Level != "" {
				continue
			}
			where := "?"
			if len(r.Locations) > 0 {
				where = strings.TrimSuffix(filepath.Base(r.Locations[0].PhysicalLocation.ArtifactLocation.URI), ".sarif")
			}
			findings[where] = append(findings[where], r.Level+" "+r.RuleID)
		}
	}
	return findings
}

// TestSARIFPassesTheMultitool runs Microsoft's SARIF multitool with
// GitHub's rules over a failing run and a hostile one, and checks that
// it can say no (a rule without help).
func TestSARIFPassesTheMultitool(t *testing.T) {
	tool := sarifMultitool(t)
	golden, _ := sarifOf(t, goldenRun(t))
	hostile, _ := sarifOf(t, hostileRun(t))
	findings := multitoolFindings(t, tool, map[string]string{
		"golden": golden, "hostile": hostile, "broken": strings.Replace(golden, `"help":`, `"helpless":`, 1),
	})
	require.NotEmpty(t, findings["broken"], "a rule without help fails GitHub's rules")
	delete(findings, "broken")
	require.Empty(t, findings)
}
