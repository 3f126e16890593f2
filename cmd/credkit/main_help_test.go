package main

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// helpPaths are every command of the tree, as "help" arguments: the
// root, the completion command, each group and each command.
func helpPaths() [][]string {
	paths := [][]string{{}, {"completion"}}
	for _, cmd := range newRootCmd(newFactory(io.Discard, io.Discard)).Commands() {
		paths = append(paths, []string{cmd.Name()})
		for _, sub := range cmd.Commands() {
			paths = append(paths, []string{cmd.Name(), sub.Name()})
		}
	}
	return paths
}

// TestHelpGolden: `credkit help <command>` of every command matches
// testdata/help (go test ./cmd/credkit -update rewrites them), exits 0,
// writes nothing on stderr, and shows flags with two dashes.
func TestHelpGolden(t *testing.T) {
	testEnv(t)
	for _, path := range helpPaths() {
		name := strings.Join(append([]string{"credkit"}, path...), "_")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"help"}, path...)...)
			require.Equal(t, 0, code, stderr)
			require.Empty(t, stderr)
			checkGolden(t, "help/"+name+".golden", stdout)
			for _, line := range lines(stdout) {
				f := strings.Fields(line)
				if len(f) > 0 && strings.HasPrefix(f[0], "-") && len(f[0]) > 2 && !strings.HasPrefix(f[0], "--") && !strings.HasSuffix(f[0], ",") {
					t.Errorf("a long flag shown with one dash: %q", line)
				}
			}
			// -h says the same as help <command>.
			if len(path) > 0 {
				_, short, _ := runCLI(t, append(path, "-h")...)
				require.Equal(t, stdout, short)
			}
		})
	}
}

// The defects of issue 12, each checked where it was seen.
func TestHelpDefects(t *testing.T) {
	testEnv(t)
	_, top, _ := runCLI(t, "help")
	for _, env := range allVendorEnv {
		require.Contains(t, top, env, "credkit help names every vendor variable")
	}
	require.Contains(t, top, "--demo")

	_, rotate, _ := runCLI(t, "help", "secrets", "rotate")
	require.Contains(t, rotate, "--allow-new-client-id", "two dashes, as the README writes it")
	require.NotContains(t, rotate, " -allow-new-client-id")

	_, finish, _ := runCLI(t, "help", "secrets", "finish")
	require.Contains(t, finish, "<client> --old ID", "Okta's --old is required, and shown so")
	require.NotContains(t, finish, "[--old ID]")
}
