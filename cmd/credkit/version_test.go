package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVersion(t *testing.T) {
	old := readBuildInfo
	t.Cleanup(func() { readBuildInfo = old })
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"a release with its commit", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "2f954e1"}, {Key: "vcs.modified", Value: "false"}}}, true, "credkit v1.2.3 (commit 2f954e1)"},
		{"a modified tree", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}, true, "credkit (devel) (commit abc, modified)"},
		{"-buildvcs=false records no commit", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "credkit (devel) (commit unknown)"},
		{"no build information", nil, false, "credkit unknown (commit unknown)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tt.info, tt.ok }
			require.Equal(t, tt.want, version())
			for _, args := range [][]string{{"version"}, {"--version"}} {
				code, stdout, stderr := runCLI(t, args...)
				require.Equal(t, 0, code, stderr)
				require.Equal(t, tt.want+"\n", stdout)
			}
		})
	}
}

// `source <(credkit completion bash)` loads in bash and defines the
// completion function; the other shells' scripts are written too.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, stdout, stderr := runCLI(t, "completion", shell)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, "credkit", shell)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := filepath.Join(t.TempDir(), "credkit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd := exec.Command(bash, "-c", `source <("$CREDKIT" completion bash) && complete -p credkit`)
	cmd.Env = append(os.Environ(), "CREDKIT="+bin)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "credkit", "bash has a completion for credkit")

	out, err = exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Regexp(t, `^credkit \S+ \(commit \S+?\)\n$`, string(out))
}
