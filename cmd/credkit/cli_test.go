package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// Exit statuses are mapped once, in run: 0 success, 1 failure, 2 bad
// usage, whatever refuses the command line (cobra or the command).
func TestExitCodes(t *testing.T) {
	testEnv(t)
	tests := []struct {
		name string
		args []string
		code int
		// stderr is the start of the first line of stderr.
		stderr string
	}{
		{"no command", nil, 2, "credkit: missing command"},
		{"unknown command", []string{"frobnicate"}, 2, `credkit: unknown command "frobnicate"`},
		{"unknown command in a group", []string{"secrets", "frobnicate"}, 2, `credkit secrets: unknown command "frobnicate"`},
		{"group without a command", []string{"keys"}, 2, "credkit keys: missing command"},
		{"help of an unknown command", []string{"help", "nosuch"}, 2, `credkit: unknown command "nosuch"`},
		{"help of an unknown subcommand", []string{"help", "tokens", "nosuch"}, 2, `credkit tokens: unknown command "nosuch"`},
		{"help of a command", []string{"help", "secrets", "rotate"}, 0, ""},
		{"-h of a command", []string{"keys", "add", "-h"}, 0, ""},
		{"unknown flag", []string{"secrets", "list", "--frob", "x"}, 2, "credkit secrets list: unknown flag: --frob"},
		{"unknown shorthand flag", []string{"secrets", "list", "-z", "x"}, 2, "credkit secrets list: unknown shorthand flag: 'z' in -z"},
		{"unknown flag at the top", []string{"--frob"}, 2, "credkit: unknown flag: --frob"},
		{"bad flag value", []string{"secrets", "rotate", "--vendor", "okta", "--concurrency", "many", "x"}, 2,
			`credkit secrets rotate: invalid argument "many" for "--concurrency" flag`},
		{"bad duration", []string{"audit", "--vendor", "okta", "--expiring-within", "soon"}, 2, `credkit audit: invalid argument "soon" for "--expiring-within" flag`},
		{"flag without its value", []string{"keys", "generate", "x", "--years"}, 2, "credkit keys generate: flag needs an argument: --years"},
		{"missing argument", []string{"secrets", "list", "--vendor", "okta"}, 2, "credkit secrets list: name one client"},
		{"missing arguments", []string{"keys", "clone", "--vendor", "okta", "a"}, 2, "credkit keys clone: name a client, one of its key IDs, and the target client"},
		{"too many arguments", []string{"secrets", "list", "--vendor", "okta", "a", "b"}, 2, "credkit secrets list: name one client"},
		{"argument of a command that takes none", []string{"version", "x"}, 2, `credkit version: unexpected argument "x"`},
		{"argument of cobra's own command that takes none", []string{"completion", "bash", "x"}, 2, `credkit completion bash: unknown command "x"`},
		{"missing --vendor", []string{"secrets", "list", "x"}, 2, "credkit secrets list: --vendor is required"},
		{"unknown --vendor", []string{"secrets", "list", "--vendor", "azure", "x"}, 2, `credkit secrets list: unknown --vendor "azure"`},
		{"no credentials", []string{"secrets", "list", "--vendor", "auth0", "x"}, 2, "credkit secrets list: configuring auth0: no auth0 credentials"},
		{"--vendor in capitals", []string{"secrets", "list", "--vendor", "OKTA", "--demo", "billing-api"}, 0, "credkit: demo mode: using an in-process okta simulator"},
		{"--vendor in mixed case", []string{"keys", "list", "--vendor", "SailPoint", "--demo", "billing-api"}, 1, "credkit: demo mode: using an in-process sailpoint simulator"},
		{"-vendor with one dash", []string{"secrets", "list", "-vendor", "okta", "-demo", "billing-api"}, 0, "credkit: demo mode"},
		{"a failure", []string{"secrets", "list", "--vendor", "okta", "--demo", "nosuch"}, 1, "credkit: demo mode"},
		{"a broken policy", []string{"audit", "--vendor", "okta", "--demo"}, 1, "credkit: demo mode"},
		{"success", []string{"vendors", "-o", "json"}, 0, ""},
		{"version", []string{"version"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			if tt.stderr == "" {
				require.Empty(t, stderr)
				return
			}
			require.True(t, strings.HasPrefix(stderr, tt.stderr), stderr)
			if tt.code == 2 {
				// The message, then where the usage is; nothing twice.
				require.Equal(t, 1, strings.Count(stderr, tt.stderr), stderr)
			}
		})
	}
}

// A failure is reported once, in one line, whatever the command.
func TestFailureReportedOnce(t *testing.T) {
	testEnv(t)
	code, stdout, stderr := runCLI(t, "secrets", "list", "--vendor", "okta", "--demo", "nosuch")
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	got := lines(stderr)
	require.Len(t, got, 2, stderr) // the demo line, then the failure
	require.True(t, strings.HasPrefix(got[1], "credkit: listing the secrets of nosuch: okta ListSecrets: NotFound"), got[1])
}

// A mistyped command gets the commands it may have meant, at every level,
// and from help.
func TestSuggestions(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"secrts"}, `credkit: unknown command "secrts"; did you mean secrets?`},
		{[]string{"audt", "--vendor", "okta"}, `credkit: unknown command "audt"; did you mean audit?`},
		{[]string{"secrets", "rotat"}, `credkit secrets: unknown command "rotat"; did you mean rotate?`},
		{[]string{"keys", "generat", "x"}, `credkit keys: unknown command "generat"; did you mean generate?`},
		{[]string{"keys", "csr-publsh"}, `credkit keys: unknown command "csr-publsh"; did you mean csr-publish?`},
		{[]string{"tokens", "lst"}, `credkit tokens: unknown command "lst"; did you mean list?`},
		{[]string{"completion", "bsh"}, `credkit completion: unknown command "bsh"; did you mean bash or fish or zsh?`},
		{[]string{"help", "vendor"}, `credkit: unknown command "vendor"; did you mean vendors?`},
		{[]string{"help", "secrets", "finsh"}, `credkit secrets: unknown command "finsh"; did you mean finish?`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			require.Equal(t, tt.want, lines(stderr)[0])
		})
	}
}

// Messages name the flags a CLI user sets, not the Go names of the
// options and configuration fields behind them.
func TestFlagWords(t *testing.T) {
	tests := []struct {
		vendor unified.Vendor
		msg    string
		want   string
	}{
		{unified.Vendor("okta"), "validityYears must be 2 to 10", "--years must be 2 to 10"},
		{unified.Vendor("vmwarecsp"), "RotateOptions.Overlap must be zero (the app's window) or from 1s to 2^31-1 seconds", "--overlap must be zero (the app's window) or from 1s to 2^31-1 seconds"},
		{unified.Vendor("auth0"), "RotateOptions.NewSecret of a private_key_jwt client must be a PEM RSA private key", "the secret of --new-secret-env of a private_key_jwt client must be a PEM RSA private key"},
		{unified.Vendor("okta"), "OrgURL must use https", envOktaOrgURL + " (--org-url) must use https"},
		{unified.Vendor("sailpoint"), "BaseURL is the tenant's URL without /v3", envSailBaseURL + " (--base-url) is the tenant's URL without /v3"},
		{unified.Vendor("auth0"), "Domain is the tenant's domain without a path", envAuth0Domain + " (--domain) is the tenant's domain without a path"},
		{unified.Vendor("okta"), "no app here; a URL, an ID", "no app here; a URL, an ID"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, flagWords(tt.vendor, tt.msg))
	}

	testEnv(t)
	code, _, stderr := runCLI(t, "keys", "generate", "--vendor", "okta", "--demo", "billing-api", "--years", "1")
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, "InvalidArgument: --years must be 2 to 10")
	require.NotContains(t, stderr, "validityYears")
}

// completions is what `credkit __complete args...` offers, without the
// directive line.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"__complete"}, args...)...)
	require.Equal(t, 0, code, stderr)
	var got []string
	for _, line := range lines(out) {
		if !strings.HasPrefix(line, ":") {
			got = append(got, line)
		}
	}
	return got
}

// With credentials set, a client argument completes from the vendor's
// client list (ID, then the client's name), where the vendor can list.
func TestClientIDsComplete(t *testing.T) {
	testEnv(t)
	require.Empty(t, completions(t, "secrets", "list", "--vendor", "sailpoint", ""), "no credentials: no request")

	d := demoEnv(t, unified.Vendor("sailpoint"))
	billing, legacy := d.demoID(t, "billing-api"), d.demoID(t, "legacy-batch")
	all := completions(t, "secrets", "list", "--vendor", "sailpoint", "")
	require.Subset(t, all, []string{billing + "\tbilling-api", legacy + "\tlegacy-batch"})
	require.Len(t, all, 3, "the demo clients and the simulator's admin client: %q", all)
	require.ElementsMatch(t, []string{billing + "\tbilling-api"},
		completions(t, "keys", "list", "--vendor", "SAILPOINT", billing[:len(billing)-1]), "the prefix typed, and --vendor in any case")
	require.Empty(t, completions(t, "secrets", "list", "--vendor", "sailpoint", billing, ""), "one client only")
	more := completions(t, "secrets", "rotate", "--vendor", "sailpoint", billing, "")
	require.Contains(t, more, legacy+"\tlegacy-batch", "rotate takes more clients")
	require.NotContains(t, more, billing+"\tbilling-api", "each once")
	require.Len(t, more, 2)
	require.Empty(t, completions(t, "secrets", "list", "--vendor", "sailpoint", "--demo", ""), "never the demo simulator")

	old := maxCompletedClients
	maxCompletedClients = 1
	t.Cleanup(func() { maxCompletedClients = old })
	require.Len(t, completions(t, "audit", "--vendor", "sailpoint", ""), 1, "at most maxCompletedClients")

	// Okta cannot list its apps: nothing is offered, and nothing fails.
	demoEnv(t, unified.Vendor("okta"))
	require.Empty(t, completions(t, "secrets", "list", "--vendor", "okta", ""))
}

// Completion gives up on a vendor that does not answer in time.
func TestClientIDsCompleteTimeout(t *testing.T) {
	testEnv(t)
	demoEnv(t, unified.Vendor("sailpoint"))
	old := completionTimeout
	completionTimeout = time.Nanosecond
	t.Cleanup(func() { completionTimeout = old })
	start := time.Now()
	require.Empty(t, completions(t, "secrets", "list", "--vendor", "sailpoint", ""))
	require.Less(t, time.Since(start), 5*time.Second)
}

// Commands read streams, clock and environment from their factory only:
// a test's own factory, with an environment of its own, drives them.
func TestOwnFactory(t *testing.T) {
	testEnv(t)
	var out, errOut bytes.Buffer
	f := newFactory(&out, &errOut)
	f.Clock = sim.NewManualClock(sim.Epoch.Add(24 * time.Hour))
	f.Getenv = func(name string) string {
		if name == envDemo {
			return "1"
		}
		return ""
	}
	code := runWith(context.Background(), f, []string{"secrets", "list", "--vendor", "okta", "billing-api", "-o", "json"})
	require.Equal(t, 0, code, errOut.String())
	require.Contains(t, errOut.String(), "credkit: demo mode", "CREDKIT_DEMO=1 from the factory's environment")
	require.Contains(t, out.String(), `"simulated": true`)
	require.Contains(t, out.String(), sim.Epoch.Add(24*time.Hour).UTC().Format(time.RFC3339), "the demo made its clients on the factory's clock")

	// The factory says whether stderr is a terminal, where bars are drawn.
	out.Reset()
	errOut.Reset()
	f.IO.ErrTTY = true
	code = runWith(context.Background(), f, []string{"audit", "--vendor", "okta"})
	require.Equal(t, 1, code, "the demo clients break the policy: %s", errOut.String())
	require.Contains(t, errOut.String(), "\rauditing [")

	// Open is the one way to a vendor: a test can refuse it.
	out.Reset()
	errOut.Reset()
	f.Open = func(context.Context, *vendorOptions) (*session, error) {
		return nil, &configError{errors.New("refused by the test")}
	}
	code = runWith(context.Background(), f, []string{"secrets", "list", "--vendor", "okta", "x"})
	require.Equal(t, 2, code)
	require.Empty(t, out.String())
	require.True(t, strings.HasPrefix(errOut.String(), "credkit secrets list: configuring okta: refused by the test\n"), errOut.String())
}
