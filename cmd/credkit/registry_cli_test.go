package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// Without settings, a command refuses naming the chosen vendor's own
// variables, for every registered vendor.
func TestRefusalsNameTheChosenVendorsVariables(t *testing.T) {
	testEnv(t)
	for _, spec := range unified.Vendors() {
		t.Run(string(spec.Name), func(t *testing.T) {
			code, _, stderr := runCLI(t, "secrets", "list", "x", "--vendor", string(spec.Name))
			require.Equal(t, 2, code, stderr)
			require.Contains(t, stderr, spec.RequiredText())
			for _, other := range unified.Vendors() {
				if other.Name == spec.Name {
					continue
				}
				for _, s := range other.Settings {
					if spec.Setting(s.Key) == nil || spec.Setting(s.Key).Env != s.Env {
						require.NotContains(t, stderr, s.Env, "another vendor's variable")
					}
				}
			}
		})
	}
}

// Every demo client of every vendor with a simulator rotates with the
// flags its demo names; the finish command printed runs as printed, and
// none is printed where the rotation left nothing to finish. Rotating
// again before finishing is refused with advice that names the vendor
// (where the vendor rotates in place).
func TestFinishCommandsRunAsPrinted(t *testing.T) {
	for _, spec := range unified.Vendors() {
		if spec.Demo == nil {
			continue
		}
		t.Run(string(spec.Name), func(t *testing.T) {
			testEnv(t)
			d := demoEnv(t, spec.Name)
			for _, c := range d.clients {
				t.Run(c.Name, func(t *testing.T) {
					rotate := append([]string{"secrets", "rotate", "--vendor", string(spec.Name), c.ID}, d.rotateFlags...)
					code, _, stderr := runCLI(t, rotate...)
					require.Equal(t, 0, code, stderr)
					_, finish, printed := strings.Cut(stderr, "finish: credkit ")
					if !printed {
						require.Contains(t, stderr, "nothing is left to finish", "no finish command, and it says why")
						return
					}
					finish, _, _ = strings.Cut(finish, "\n")

					if caps, err := spec.Capabilities(); err == nil && caps.RotateInPlace {
						// (A vendor whose rotation replaces the client cannot
						// tell a second rotation from a first.)
						code, _, stderr = runCLI(t, rotate...)
						require.NotEqual(t, 0, code, "a second rotation before finishing")
						require.NotRegexp(t, `--vendor (?:`+otherNames(spec.Name)+`)\b`, stderr, "advice names this vendor only")
					}

					code, _, stderr = runCLI(t, strings.Fields(finish)...)
					require.Equal(t, 0, code, "credkit %s: %s", finish, stderr)
				})
			}
		})
	}
}

// otherNames are the names of the registered vendors other than v, as a
// regexp alternation.
func otherNames(v unified.Vendor) string {
	var out []string
	for _, s := range unified.Vendors() {
		if s.Name != v {
			out = append(out, string(s.Name))
		}
	}
	return strings.Join(out, "|")
}

// An open rotation is a breach at every vendor that can have one: Okta's
// two secrets, and two active keys at a vendor whose rotations make keys
// (Auth0's private_key_jwt clients), but not keys at a vendor whose
// rotations never do.
func TestAuditFlagsAnOpenKeyRotation(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, "auth0")
	client := d.demoID(t, "billing-api")
	code, stdout, stderr := runCLI(t, "audit", "--vendor", "auth0", client)
	require.Equal(t, 0, code, "one key: the policy holds: %s%s", stdout, stderr)
	code, _, stderr = runCLI(t, "secrets", "rotate", "--vendor", "auth0", client, "--show-secret")
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = runCLI(t, "audit", "--vendor", "auth0", client)
	require.Equal(t, 1, code, "two active keys: %s%s", stdout, stderr)
	require.Contains(t, stdout, "2 active keys: an unfinished key rotation?")
	require.False(t, rotationMakes("okta", unified.KindJSONWebKey), "Okta's rotations make secrets only")
}
