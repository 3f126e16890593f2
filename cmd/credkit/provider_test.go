package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestFlagsOverrideEnvironment(t *testing.T) {
	testEnv(t)
	t.Setenv(envOktaOrgURL, "https://env.okta.com")
	t.Setenv(envOktaToken, "env-token")
	flag := func(key, value string) *vendorOptions {
		return &vendorOptions{Values: map[string]*string{key: &value}}
	}
	okta := unified.Lookup("okta")
	cfg := settingsOf(okta, flag("org-url", "https://flag.okta.com"), os.Getenv)
	require.Equal(t, "https://flag.okta.com", cfg["org-url"])
	require.Equal(t, "env-token", cfg["api-token"])
	require.False(t, okta.Empty(cfg))

	t.Setenv(envCSPOrgID, "org-from-env")
	cfg = settingsOf(unified.Lookup("vmwarecsp"), flag("api-token", "flag-token"), os.Getenv)
	require.Equal(t, "flag-token", cfg["api-token"])
	require.Equal(t, "org-from-env", cfg["org-id"])

	sail := unified.Lookup("sailpoint")
	require.True(t, sail.Empty(settingsOf(sail, &vendorOptions{}, os.Getenv)))
	require.Equal(t, []string{envSailBaseURL, envSailClientID, envSailSecret}, sail.Missing(unified.Settings{}))
}

// With no credentials, a command refuses (exit 2) naming the variables it
// looked for and --demo; with --demo or CREDKIT_DEMO=1 it runs against an
// in-process simulator, says so in one line, and its JSON says
// "simulated": true.
func TestDemoOnlyWhenAsked(t *testing.T) {
	testEnv(t)
	for _, vendor := range []string{"okta", "sailpoint", "vmwarecsp"} {
		code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", vendor, "billing-api")
		require.Equal(t, 2, code, stderr)
		require.Empty(t, stdout)
		got := lines(stderr)
		require.Len(t, got, 2, stderr)
		require.Contains(t, got[0], "credkit secrets rotate: configuring "+vendor+": no "+vendor+" credentials: set ")
		require.Contains(t, got[0], "or pass --demo (or CREDKIT_DEMO=1)")
	}
	code, _, stderr := runCLI(t, "secrets", "list", "--vendor", "okta", "--demo")
	require.Equal(t, 2, code, "--demo does not excuse bad usage: %s", stderr)

	code, stdout, stderr := runCLI(t, "secrets", "list", "--vendor", "okta", "billing-api", "--demo", "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "credkit: demo mode: using an in-process okta simulator "+
		"with demo clients billing-api=0oaY9AUKRJJQyDPy26g5, legacy-batch=0oa7JvxRxUsDXaMTrShf, partner-portal=0oaWMLpfiMNlyG1Ry8M0\n", stderr)
	var secrets []map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &secrets))
	require.NotEmpty(t, secrets)
	for _, s := range secrets {
		require.Equal(t, true, s["simulated"], "every record of demo output says it is simulated")
	}

	t.Setenv(envDemo, "1")
	for _, vendor := range []string{"sailpoint", "vmwarecsp"} {
		code, stdout, stderr := runCLI(t, "audit", "--vendor", vendor, "-o", "json", "--max-secret-age", "1000d")
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, `"name": "legacy-batch"`)
		require.Contains(t, stdout, `"simulated": true`)
		got := lines(stderr)
		require.Len(t, got, 1, stderr)
		require.True(t, strings.HasPrefix(got[0], "credkit: demo mode: using an in-process "+vendor+" simulator with demo clients billing-api="), got[0])
	}
}

// A tenant's JSON output carries no "simulated".
func TestTenantOutputIsNotMarkedSimulated(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	code, stdout, stderr := runCLI(t, "secrets", "list", "--vendor", "okta", d.demoID(t, "billing-api"), "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stdout, "simulated")
}

func TestMarkSimulated(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{map[string]int{"a": 1}, `{"simulated":true,"a":1}`},
		{[]map[string]int{{"a": 1}, {}}, `[{"simulated":true,"a":1},{"simulated":true}]`},
		{struct{}{}, `{"simulated":true}`},
		{[]int{1}, `[1]`},
	} {
		v, err := markSimulated(tt.in)
		require.NoError(t, err)
		got, err := json.Marshal(v)
		require.NoError(t, err)
		require.JSONEq(t, tt.want, string(got))
	}
}

// A configuration that cannot work is bad usage: exit 2, naming the fix.
func TestConfigErrors(t *testing.T) {
	testEnv(t)
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{envOktaOrgURL: "https://example.okta.com"}, []string{"--vendor", "okta"},
			"credkit secrets list: configuring okta: OKTA_CLIENT_TOKEN is not set (the okta settings are incomplete)"},
		{map[string]string{envOktaToken: "t"}, []string{"--vendor", "okta"},
			"credkit secrets list: configuring okta: OKTA_CLIENT_ORGURL is not set (the okta settings are incomplete)"},
		{map[string]string{envSailClientID: "id"}, []string{"--vendor", "sailpoint"},
			"credkit secrets list: configuring sailpoint: SAIL_BASE_URL and SAIL_CLIENT_SECRET are not set"},
		{map[string]string{envCSPOrgID: "o", envCSPClientID: "id"}, []string{"--vendor", "vmwarecsp"},
			"credkit secrets list: configuring vmwarecsp: CSP_CLIENT_SECRET is not set"},
		{map[string]string{envOktaToken: "t"}, []string{"--vendor", "okta", "--org-url", "http://example.okta.com"},
			"credkit secrets list: configuring okta: okta New: InvalidArgument: OKTA_CLIENT_ORGURL (--org-url) must use https"},
		{map[string]string{envSailBaseURL: "https://acme.api.identitynow.com/v3", envSailClientID: "id", envSailSecret: "s"}, []string{"--vendor", "sailpoint"},
			"credkit secrets list: configuring sailpoint: sailpoint New: InvalidArgument: SAIL_BASE_URL (--base-url) is the tenant's URL without /v3"},
		{map[string]string{envCSPToken: "t"}, []string{"--vendor", "vmwarecsp"},
			"credkit secrets list: configuring vmwarecsp: CSP_ORG_ID is not set"},
		{map[string]string{envCSPOrgID: "o/x", envCSPToken: "t"}, []string{"--vendor", "vmwarecsp"},
			"credkit secrets list: configuring vmwarecsp: vmwarecsp New: InvalidArgument: organization ID has '/'"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCLI(t, append([]string{"secrets", "list", "c1"}, tt.args...)...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, stderr)
			require.True(t, strings.HasPrefix(got[0], tt.want), got[0])
		})
	}
}

// A wrong credential fails in one line that names the variable to check
// and never shows the credential.
func TestBadCredentials(t *testing.T) {
	tests := []struct {
		vendor unified.Vendor
		env    string
		want   string
	}{
		{unified.Vendor("okta"), envOktaToken, "Unauthenticated: Invalid token provided (HTTP 401, E0000011, request "},
		{unified.Vendor("sailpoint"), envSailSecret, "Unauthenticated"},
		{unified.Vendor("vmwarecsp"), envCSPToken, "Unauthenticated"},
	}
	for _, tt := range tests {
		t.Run(string(tt.vendor), func(t *testing.T) {
			testEnv(t)
			d := demoEnv(t, tt.vendor)
			const wrong = "wrong-credential-0123456789abcdef"
			t.Setenv(tt.env, wrong)
			// Okta's apps are read one by one; the others list them first.
			args := []string{"audit", "--vendor", string(tt.vendor)}
			if tt.vendor == unified.Vendor("okta") {
				args = []string{"secrets", "list", "--vendor", "okta", d.clients[0].ID}
			}
			code, stdout, stderr := runCLI(t, args...)
			require.Equal(t, 1, code, stderr)
			require.NotContains(t, stdout+stderr, wrong)
			require.Contains(t, stderr, tt.want)
			require.Contains(t, stderr, "; "+hint(string(tt.vendor), &unified.Error{Code: unified.Unauthenticated}))
			require.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
		})
	}
}

func TestFailureLineIsOneLine(t *testing.T) {
	err := &unified.Error{Code: unified.NotFound, Vendor: unified.Vendor("okta"), Op: "ListSecrets", Message: "no\napp\n  here", HTTPStatus: 404}
	require.Equal(t, "credkit: listing the secrets of x: okta ListSecrets: NotFound: no app here (HTTP 404); check the client and credential IDs",
		failureLine("okta", "listing the secrets of x", err))
}
