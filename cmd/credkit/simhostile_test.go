package main

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSimHostile: credkit sim --hostile MODE serves simulators that
// misbehave; credkit commands against them end with an error (exit 1)
// that quotes none of the credentials in their environment, in any
// encoding, and a looping listing ends.
func TestSimHostile(t *testing.T) {
	cases := []struct {
		mode     string
		commands [][]string
	}{
		{"echo-json", [][]string{{"secrets", "list", "--vendor", "okta", "@okta/billing-api"}, {"audit", "--vendor", "sailpoint"}, {"audit", "--vendor", "vmwarecsp"},
			{"audit", "--vendor", "auth0"}, {"keys", "list", "--vendor", "auth0", "@auth0/billing-api"}}},
		{"echo-html", [][]string{{"tokens", "list", "--vendor", "okta", "@okta/billing-api"}, {"audit", "--vendor", "vmwarecsp"}, {"audit", "--vendor", "auth0"}}},
		{"echo-token", [][]string{{"audit", "--vendor", "sailpoint"}, {"audit", "--vendor", "vmwarecsp"}, {"audit", "--vendor", "auth0"}}},
		{"loop-self", [][]string{{"tokens", "list", "--vendor", "okta", "@okta/billing-api"}, {"audit", "--vendor", "vmwarecsp"}, {"audit", "--vendor", "auth0"}}},
		{"loop-empty", [][]string{{"tokens", "list", "--vendor", "okta", "@okta/billing-api"}, {"audit", "--vendor", "vmwarecsp"}, {"audit", "--vendor", "auth0"}}},
		{"loop-advance", [][]string{{"audit", "--vendor", "auth0"}}},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			testEnv(t)
			env, ids, _ := runningSim(t, "--hostile", c.mode)
			var secrets []string
			for _, name := range []string{envOktaOrgURL, envOktaToken, envSailBaseURL, envSailClientID, envSailSecret, envCSPURL, envCSPToken, envCSPOrgID, envAuth0Domain, envAuth0ClientID, envAuth0ClientSecret} {
				require.NotEmpty(t, env[name], name)
				t.Setenv(name, env[name])
			}
			secrets = append(secrets, env[envOktaToken], env[envSailSecret], env[envCSPToken], env[envAuth0ClientSecret])
			for _, args := range c.commands {
				for i, a := range args {
					if id, ok := strings.CutPrefix(a, "@"); ok {
						args[i] = ids[id]
					}
				}
				code, stdout, stderr := runCLI(t, args...)
				require.Equal(t, 1, code, "%v: %s%s", args, stdout, stderr)
				require.NotEmpty(t, stderr)
				t.Logf("%s %v: %s", c.mode, args, strings.TrimSpace(stderr))
				for _, s := range secrets {
					for _, form := range []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s))[4:20]} {
						require.NotContains(t, stdout+stderr, form, "%v", args)
					}
				}
			}
		})
	}
}

func TestSimHostileRefusesAnUnknownMode(t *testing.T) {
	code, _, stderr := runCLI(t, "sim", "--hostile", "polite")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `unknown hostile mode "polite"`)
}
