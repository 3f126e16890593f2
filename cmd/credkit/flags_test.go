package main

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// leafPaths are the commands that do work (not groups), as arguments.
func leafPaths() [][]string {
	var paths [][]string
	for _, cmd := range newRootCmd(newFactory(io.Discard, io.Discard)).Commands() {
		if isLeaf(cmd) {
			paths = append(paths, []string{cmd.Name()})
		}
		for _, sub := range cmd.Commands() {
			if isLeaf(sub) {
				paths = append(paths, []string{cmd.Name(), sub.Name()})
			}
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

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if n == 0 {
			break
		}
		b.WriteString(line)
		n--
	}
	return b.String()
}

// The shell completes the values of --vendor and --output, for every
// leaf that has them, and -o as --output.
func TestFlagValuesComplete(t *testing.T) {
	testEnv(t)
	tests := []struct {
		path []string
		flag string
		want []string
	}{
		{[]string{"secrets", "rotate"}, "--vendor", vendorNames()},
		{[]string{"keys", "list"}, "--vendor", vendorNames()},
		{[]string{"secrets", "list"}, "--output", []string{"table", "json"}},
		{[]string{"secrets", "list"}, "-o", []string{"table", "json"}},
		{[]string{"conformance"}, "--output", []string{"table", "json", "markdown", "junit", "github", "sarif", "summary", "html"}},
		{[]string{"conformance"}, "-o", []string{"table", "json", "markdown", "junit", "github", "sarif", "summary", "html"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append(tt.path, tt.flag), "_"), func(t *testing.T) {
			code, out, stderr := runCLI(t, append(append([]string{"__complete"}, tt.path...), tt.flag, "")...)
			require.Equal(t, 0, code, stderr)
			var got []string
			for _, line := range lines(out) {
				if !strings.HasPrefix(line, ":") {
					got = append(got, line)
				}
			}
			require.ElementsMatch(t, tt.want, got, out)
			require.Contains(t, out, ":4\n", "no file names are offered")
		})
	}
	t.Run("--vendor=", func(t *testing.T) {
		// cobra's completion scripts strip "--vendor=" from the word and
		// complete the value alone.
		code, out, stderr := runCLI(t, "__complete", "secrets", "list", "--vendor=")
		require.Equal(t, 0, code, stderr)
		require.Equal(t, strings.Join(vendorNames(), "\n")+"\n:4\n", firstLines(out, len(vendorNames())+1))
	})
	t.Run("an argument after the value completes as before", func(t *testing.T) {
		code, out, _ := runCLI(t, "__complete", "secrets", "list", "--vendor", "okta", "")
		require.Equal(t, 0, code)
		require.NotContains(t, out, "sailpoint")
	})
	root := newRootCmd(newFactory(io.Discard, io.Discard))
	for _, path := range leafPaths() {
		cmd, _, err := root.Find(path)
		require.NoError(t, err)
		for _, name := range []string{"vendor", "output"} {
			if cmd.Flags().Lookup(name) != nil {
				code, out, _ := runCLI(t, append(append([]string{"__complete"}, path...), "--"+name, "")...)
				require.Equal(t, 0, code)
				require.NotEqual(t, ":0\n", out, "%v --%s completes its values", path, name)
			}
		}
	}
}
