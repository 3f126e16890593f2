package main

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// runCLI runs the command line in-process and returns its exit status and
// outputs.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"no command", nil, 2, "", "usage: credkit <command>"},
		{"help", []string{"help"}, 0, "  conformance\n", ""},
		{"--help", []string{"--help"}, 0, "usage: credkit <command>", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", "credkit: unknown command \"frobnicate\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code)
			require.Contains(t, stdout, tt.wantStdout)
			require.Contains(t, stderr, tt.wantStderr)
			if tt.wantStdout == "" {
				require.Empty(t, stdout)
			}
		})
	}
}

func TestDispatch(t *testing.T) {
	var got []string
	commands["echo-test"] = func(_ context.Context, args []string, stdout, _ io.Writer) int {
		got = args
		return 7
	}
	t.Cleanup(func() { delete(commands, "echo-test") })
	code, _, _ := runCLI(t, "echo-test", "a", "--b")
	require.Equal(t, 7, code)
	require.Equal(t, []string{"a", "--b"}, got)
}
