package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// Helpers shared by the tests of the credential commands.

// allVendorEnv is every variable that configures a vendor.
var allVendorEnv = []string{
	envOktaOrgURL, envOktaToken, envSailBaseURL, envSailClientID, envSailSecret,
	envCSPURL, envCSPToken, envCSPOrgID, envCSPClientID, envCSPClientSecret,
	envAuth0Domain, envAuth0ClientID, envAuth0ClientSecret,
}

// testEnv gives a test a stopped clock (sim.Epoch) and an environment with
// no vendor configured (nor CREDKIT_DEMO), so that commands refuse unless
// the test passes --demo or points them at a simulator.
func testEnv(t *testing.T) *sim.ManualClock {
	t.Helper()
	for _, name := range append(allVendorEnv, envDemo, envTimeout) {
		t.Setenv(name, "")
	}
	// A journal of the test's own: rotations without --state use it.
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv(envState, "")
	mc := sim.NewManualClock(sim.Epoch)
	old := clock
	clock = mc
	t.Cleanup(func() { clock = old })
	return mc
}

// demoEnv starts vendor's demo simulator, as credkit sim does, and points
// the environment at it, so that several commands share its state.
func demoEnv(t *testing.T, vendor unified.Vendor) *demoServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	d, err := serveDemo(context.Background(), specOf(vendor), ln)
	require.NoError(t, err)
	t.Cleanup(d.close)
	for _, e := range d.env {
		t.Setenv(e.name, e.value)
	}
	return d
}

// demoID is the ID of the demo client name.
func (d *demoServer) demoID(t *testing.T, name string) string {
	t.Helper()
	for _, c := range d.clients {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no demo client %q", name)
	return ""
}

// checkGolden compares got with testdata/name; -update rewrites it.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/credkit -update to create it")
	require.Equal(t, string(want), got)
}

// lines splits output into its lines.
func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Flags may come before, between or after the positional arguments;
// everything after "--" is positional; a long flag written with one dash
// (-show, as credkit once printed them) is read as the long flag.
func TestInterspersedFlags(t *testing.T) {
	tests := []struct {
		args      []string
		wantPos   []string
		wantShow  bool
		wantValue string
	}{
		{[]string{"a", "--show", "b", "--value=x"}, []string{"a", "b"}, true, "x"},
		{[]string{"--value", "y", "a"}, []string{"a"}, false, "y"},
		{[]string{"a", "--", "--show", "-b"}, []string{"a", "--show", "-b"}, false, ""},
		{[]string{"-show", "-value=z", "a"}, []string{"a"}, true, "z"},
		{[]string{"-value", "-x", "a"}, []string{"a"}, false, "-x"},
		{nil, nil, false, ""},
	}
	for _, tt := range tests {
		var (
			show  bool
			value string
			pos   []string
		)
		root := &cobra.Command{Use: "credkit", SilenceErrors: true, SilenceUsage: true}
		cmd := &cobra.Command{Use: "t", RunE: func(_ *cobra.Command, args []string) error { pos = args; return nil }}
		cmd.Flags().BoolVar(&show, "show", false, "")
		cmd.Flags().StringVar(&value, "value", "", "")
		root.AddCommand(cmd)
		root.SetArgs(longFlags(root, append([]string{"t"}, tt.args...)))
		require.NoError(t, root.Execute(), "%q", tt.args)
		if tt.wantPos == nil {
			require.Empty(t, pos, "%q", tt.args)
		} else {
			require.Equal(t, tt.wantPos, pos, "%q", tt.args)
		}
		require.Equal(t, tt.wantShow, show)
		require.Equal(t, tt.wantValue, value)
	}
}

func TestGroups(t *testing.T) {
	for _, g := range []string{"secrets", "keys", "tokens"} {
		t.Run(g, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, g)
			require.Equal(t, 2, code)
			require.Empty(t, stdout)
			require.Contains(t, stderr, "credkit "+g+": missing command\nUsage:\n  credkit "+g+" [flags]\n  credkit "+g+" [command]")

			code, stdout, _ = runCLI(t, g, "help")
			require.Equal(t, 0, code)
			require.Contains(t, stdout, "Usage:\n  credkit "+g+" [flags]\n  credkit "+g+" [command]")
			require.Contains(t, stdout, "  list ")

			code, _, stderr = runCLI(t, g, "frob")
			require.Equal(t, 2, code)
			require.Contains(t, stderr, "credkit "+g+": unknown command \"frob\"\n")
		})
	}
}

// Every command prints its usage and flags for -h, and exits 0; a flag's
// default shows once.
func TestCommandHelp(t *testing.T) {
	for _, args := range [][]string{
		{"sim"}, {"audit"}, {"vendors"},
		{"secrets", "list"}, {"secrets", "create"}, {"secrets", "rotate"}, {"secrets", "finish"}, {"secrets", "revoke"}, {"secrets", "regenerate"},
		{"keys", "list"}, {"keys", "generate"}, {"keys", "clone"}, {"keys", "add"}, {"keys", "activate"}, {"keys", "deactivate"}, {"keys", "delete"},
		{"keys", "csr-generate"}, {"keys", "csr-publish"}, {"keys", "csr-revoke"},
		{"tokens", "list"}, {"tokens", "revoke"}, {"clients", "list"},
	} {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append(args, "-h")...)
			require.Equal(t, 0, code)
			require.Empty(t, stderr)
			require.True(t, strings.HasPrefix(stdout, "usage: credkit "+name+" "), stdout)
			require.Contains(t, stdout, "flags:\n")
			for _, line := range lines(stdout) {
				require.LessOrEqual(t, strings.Count(line, "(default"), 1, "a flag states its default once: %q", line)
			}
		})
	}
}

// Bad usage exits 2 with one line saying what is wrong, then the usage
// line, and sends no request.
func TestUsageErrors(t *testing.T) {
	testEnv(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"secrets", "list", "0oa1"}, "credkit secrets list: --vendor is required: auth0, okta, ory, sailpoint or vmwarecsp"},
		{[]string{"secrets", "list", "--vendor", "azure", "0oa1"}, `credkit secrets list: unknown --vendor "azure": want auth0, okta, ory, sailpoint or vmwarecsp`},
		{[]string{"secrets", "list", "--vendor", "okta"}, "credkit secrets list: name one client"},
		{[]string{"secrets", "list", "--vendor", "okta", "--frob", "x"}, "credkit secrets list: unknown flag: --frob"},
		{[]string{"secrets", "list", "--vendor", "okta", "-o", "xml", "x"}, `credkit secrets list: unknown --output "xml": want table or json`},
		{[]string{"secrets", "rotate", "--vendor", "okta"}, "credkit secrets rotate: name at least one client to rotate"},
		{[]string{"secrets", "rotate", "--vendor", "okta", "--concurrency", "0", "x"}, "credkit secrets rotate: --concurrency must be at least 1"},
		{[]string{"secrets", "rotate", "--vendor", "okta", "--overlap", "soon", "x"}, `credkit secrets rotate: invalid argument "soon" for "--overlap" flag: "soon" is not a duration`},
		{[]string{"secrets", "finish", "--vendor", "okta", "x", "y"}, "credkit secrets finish: name one client, or none to finish the rotations saved in the journal"},
		{[]string{"secrets", "finish", "--vendor", "okta", "--old", "x"}, "credkit secrets finish: --old and --new name a client's rotation: name the client"},
		{[]string{"secrets", "finish", "--vendor", "okta", "--state", "f", "x"}, "credkit secrets finish: give either --state FILE or a client with --old/--new, not both"},
		{[]string{"secrets", "revoke", "--vendor", "okta", "x"}, "credkit secrets revoke: name a client and one of its credential IDs"},
		{[]string{"keys", "generate", "--vendor", "okta", "x"}, "credkit keys generate: --years is required"},
		{[]string{"tokens", "revoke", "--vendor", "okta", "x"}, "credkit tokens revoke: name a client and one of its token IDs, or the client and --all"},
		{[]string{"tokens", "revoke", "--vendor", "okta", "--all", "x", "y"}, "credkit tokens revoke: with --all, name only the client"},
		{[]string{"audit", "--vendor", "okta", "--max-secret-age", "-3d"}, `credkit audit: invalid argument "-3d" for "--max-secret-age" flag: "-3d" is negative`},
		{[]string{"sim", "--addr", "0.0.0.0:0"}, `credkit sim: --addr "0.0.0.0:0": the simulators listen on loopback only`},
		{[]string{"sim", "extra"}, `credkit sim: unexpected argument "extra"`},
		{[]string{"vendors", "--output", "yaml"}, `credkit vendors: unknown --output "yaml"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, stderr)
			require.True(t, strings.HasPrefix(got[0], tt.want), got[0])
			require.True(t, strings.HasPrefix(got[1], "usage: credkit "), got[1])
		})
	}
}

// lastJSON decodes the last of the JSON values on stdout into v: a
// journaled rotation with --show-secret prints each new secret as a value
// of its own before the results.
func lastJSON(t *testing.T, stdout string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var last json.RawMessage
	for dec.More() {
		require.NoError(t, dec.Decode(&last))
	}
	require.NoError(t, json.Unmarshal(last, v))
}
