package conformance

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestTerminalOf(t *testing.T) {
	tests := []struct {
		name, columns string
		want          terminal
	}{
		{"a pipe, no COLUMNS", "", terminal{}},
		{"a pipe with COLUMNS", "100", terminal{width: 100}},
		{"COLUMNS that is no number", "wide", terminal{}},
		{"COLUMNS zero", "0", terminal{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("COLUMNS", tt.columns)
			require.Equal(t, tt.want, terminalOf(&bytes.Buffer{}))
			r, w, err := os.Pipe()
			require.NoError(t, err)
			t.Cleanup(func() {
				require.NoError(t, w.Close())
				require.NoError(t, r.Close())
			})
			require.Equal(t, tt.want, terminalOf(w), "a pipe is no terminal: no colour")
		})
	}
}

func TestCutAndWrap(t *testing.T) {
	require.Equal(t, "https://h/v1/things", cut("https://h/v1/things", 40))
	require.Equal(t, "https://h…hings", cut("https://h/v1/things", 15))
	require.Equal(t, 15, utf8.RuneCountInString(cut(strings.Repeat("é", 50), 15)))
	require.Equal(t, "abc", cut("abcdef", 3))
	require.Equal(t, []string{"one two", "three"}, wrap("one two three", 8))
	require.Equal(t, []string{"abcdefgh", "ij"}, wrap("abcdefghij", 8))
	require.Equal(t, []string{"whole line"}, wrap("whole line", 0))
}

// wideResults are failures with long URLs, operations and file names.
func wideResults() []Result {
	var out []Result
	for i := range 3 {
		out = append(out, Result{File: "cassettes/okta/realworld/some-rather-long-cassette-name.yaml", Index: i, Line: 10 + i,
			Method: "DELETE", URL: "https://acme.okta.example.test/api/v1/apps/0oa1b2c3d4e5f6g7h8i9/credentials/secrets/ocs1234567890abcdef?limit=200&after=xyz",
			Spec: "things", OperationID: "deleteOAuth2ClientSecretWithAVeryLongName", Status: 418, Outcome: Fail,
			Problems: []Problem{{Pointer: "/response/status", Message: strings.Repeat("status 418 is not documented for this operation ", 4)}}})
	}
	return out
}

// TestTableFitsTheTerminal: at any width every line of the table fits,
// and a failure is coloured only on a colour terminal.
func TestTableFitsTheTerminal(t *testing.T) {
	r := NewReport([]*Spec{things(t)}, wideResults())
	for _, width := range []int{80, 100, 120, 200} {
		for _, color := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d colour %v", width, color), func(t *testing.T) {
				var buf bytes.Buffer
				sink := newTableSink(&buf)
				sink.term = terminal{width: width, color: color}
				for _, f := range r.files() {
					require.NoError(t, sink.File(f))
				}
				require.NoError(t, sink.Finish(r))
				out := buf.String()
				plain := strings.NewReplacer(sgrFail, "", sgrPass, "", sgrDim, "", sgrReset, "").Replace(out)
				for _, line := range strings.Split(plain, "\n") {
					require.LessOrEqual(t, utf8.RuneCountInString(line), width, "%q", line)
				}
				require.Equal(t, color, strings.Contains(out, sgrFail+"FAIL"))
				require.Contains(t, plain, "FAILURES (3)\n")
				require.Contains(t, plain, "some-rather-long-cassette-name.yaml:10", "file:line, which terminals link")
			})
		}
	}
}

func TestTerminalEscapes(t *testing.T) {
	plain, colour := terminal{}, terminal{color: true}
	for _, o := range []Outcome{Pass, Fail, Unmatched} {
		require.Zero(t, plain.escapes(o))
		require.Equal(t, utf8.RuneCountInString(colour.paint(o, "x"))-1, colour.escapes(o), o)
	}
}
