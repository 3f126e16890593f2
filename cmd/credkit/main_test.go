package main

import (
	"bytes"
	"context"
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
		{"no command", nil, 2, "", "Usage:\n  credkit [command]"},
		{"help", []string{"help"}, 0, "  conformance ", ""},
		{"--help", []string{"--help"}, 0, "Usage:\n  credkit [command]", ""},
		{"help of a group", []string{"help", "secrets"}, 0, "credkit secrets [command]", ""},
		{"help of a command", []string{"help", "secrets", "rotate"}, 0, "usage: credkit secrets rotate ", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", "credkit: unknown command \"frobnicate\"\n"},
		{"mistyped command", []string{"secrts"}, 2, "", "credkit: unknown command \"secrts\"; did you mean secrets?\n"},
		{"mistyped subcommand", []string{"secrets", "rotat"}, 2, "", "credkit secrets: unknown command \"rotat\"; did you mean rotate?"},
		{"unknown flag", []string{"--frob"}, 2, "", "credkit: unknown flag: --frob"},
		{"version", []string{"version"}, 0, "credkit ", ""},
		{"--version", []string{"--version"}, 0, "credkit ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			require.Contains(t, stdout, tt.wantStdout)
			require.Contains(t, stderr, tt.wantStderr)
			if tt.wantStdout == "" {
				require.Empty(t, stdout)
			}
		})
	}
}
