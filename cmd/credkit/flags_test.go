package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"
)

// leafPaths are the leaf commands of the table, as arguments.
func leafPaths() [][]string {
	var paths [][]string
	for _, s := range commandTable.top {
		paths = append(paths, []string{s.name})
	}
	for _, g := range commandTable.groups {
		for _, s := range g.subs {
			paths = append(paths, []string{g.name, s.name})
		}
	}
	return paths
}

// helpFlag is a long flag as a command's own help shows it.
var helpFlag = regexp.MustCompile(`^\s+(?:-\w, )?(--[a-z0-9-]+)`)

// `credkit __complete <command> --`, what shells run to complete, lists
// every flag that the command's own help shows, for every leaf command.
func TestLeafFlagsComplete(t *testing.T) {
	testEnv(t)
	for _, path := range leafPaths() {
		t.Run(strings.Join(path, "_"), func(t *testing.T) {
			code, help, stderr := runCLI(t, append(path, "--help")...)
			require.Equal(t, 0, code, stderr)
			var want []string
			for _, line := range lines(help) {
				if m := helpFlag.FindStringSubmatch(line); m != nil {
					want = append(want, m[1])
				}
			}
			require.NotEmpty(t, want, "the help shows flags:\n%s", help)

			code, out, stderr := runCLI(t, append(append([]string{"__complete"}, path...), "--")...)
			require.Equal(t, 0, code, stderr)
			var got []string
			for _, line := range lines(out) {
				name, _, _ := strings.Cut(line, "\t")
				if strings.HasPrefix(name, "--") {
					got = append(got, name)
				}
			}
			require.ElementsMatch(t, want, got, "completion offers exactly the flags the help shows")
		})
	}
}

// The probe that tells cobra a leaf's flags stops the command where it
// would parse them: it reads no argument, writes nothing and reaches no
// vendor (no vendor is configured, and no --demo is given).
func TestLeafFlagsProbe(t *testing.T) {
	testEnv(t)
	for _, path := range leafPaths() {
		t.Run(strings.Join(path, "_"), func(t *testing.T) {
			s := leafOf(t, path)
			var fs *pflag.FlagSet
			var stdout, stderr bytes.Buffer
			err := s.run(context.WithValue(t.Context(), flagsProbe{}, &fs), []string{"--no-such-flag", "x"}, &stdout, &stderr)
			require.Zero(t, exitStatus(err), "the probe stops with status 0 before reading the arguments")
			require.Empty(t, stdout.String())
			require.Empty(t, stderr.String())
			require.NotNil(t, fs, "the command declared its flags")
			require.False(t, fs.Parsed(), "the probe parses nothing")
			require.Equal(t, fs.NFlag(), 0)
		})
	}
}

// leafOf is the table entry of path.
func leafOf(t *testing.T, path []string) subcommand {
	t.Helper()
	for _, s := range commandTable.top {
		if len(path) == 1 && s.name == path[0] {
			return s
		}
	}
	for _, g := range commandTable.groups {
		for _, s := range g.subs {
			if len(path) == 2 && g.name == path[0] && s.name == path[1] {
				return s
			}
		}
	}
	t.Fatalf("no command %v", path)
	return subcommand{}
}
