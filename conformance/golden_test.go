package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// goldenRun is the run every golden report is written from: a passing
// cassette, a drifted go-vcr v1 cassette (a failure, an unmatched
// interaction, an undocumented status, a credential in a URL), a HAR
// capture and a cassette that breaks off after one interaction.
func goldenRun(t *testing.T) *Report {
	t.Helper()
	r, err := Run(context.Background(), NewChecker([]*Spec{things(t)}, nil), nil, filepath.Join("testdata", "golden", "run"))
	require.NoError(t, err)
	require.Equal(t, Summary{Files: 4, FileErrors: 1, Interactions: 7, Pass: 4, Fail: 2, Unmatched: 1, Cells: 8, CellsCovered: 3}, r.Summary)
	return r
}

func TestGoldenReports(t *testing.T) {
	r := goldenRun(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.Write(&buf, f))
			path := filepath.Join("testdata", "golden", "report."+string(f))
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./conformance -run TestGoldenReports -update to create it")
			require.Equal(t, string(want), buf.String())
			require.NotContains(t, buf.String(), "golden-canary-secret", "URLs are redacted in every format")
		})
	}
}

// TestStreamedEqualsWritten: the reports a run streams are the ones its
// Report writes afterwards.
func TestStreamedEqualsWritten(t *testing.T) {
	r := goldenRun(t)
	for _, f := range Formats {
		var streamed, written bytes.Buffer
		sink, err := NewSink(&streamed, f)
		require.NoError(t, err)
		_, err = Stream(context.Background(), NewChecker([]*Spec{things(t)}, nil), nil, sink, filepath.Join("testdata", "golden", "run"))
		require.NoError(t, err)
		require.NoError(t, r.Write(&written, f))
		require.Equal(t, written.String(), streamed.String(), f)
	}
}

// TestSARIFValidatesAgainstSchema validates the SARIF report against the
// SARIF 2.1.0 JSON schema.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("testdata", "schemas", "sarif-2.1.0-rtm.5.json"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, goldenRun(t).Write(&buf, SARIF))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.NoError(t, sch.Validate(doc))

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, len(problemKinds), "one rule per problem kind")
	require.Len(t, run.Results, 4, "one result per problem (2 + 1), one per unreadable file")
	for _, res := range run.Results {
		require.Equal(t, res.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID)
	}

	bad, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(buf.String(), `"level":"error"`, `"level":"fatal"`, 1)))
	require.NoError(t, err)
	require.Error(t, sch.Validate(bad), "the schema refuses a level it does not define")
}
