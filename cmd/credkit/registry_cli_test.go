package main

import (
	"io/fs"
	"os"
	"path/filepath"
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
						// tell a second rotation from a first.) From a
						// journal that does not hold the first (another
						// machine's), the vendor refuses.
						t.Setenv(envState, filepath.Join(t.TempDir(), "elsewhere.json"))
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

// After --secret-file, a vendor that shows a new secret only once is not
// advised to `secrets list --show-secret`, which it cannot do; the file is
// named instead.
func TestHintsOnlyWhatTheVendorSupports(t *testing.T) {
	for _, spec := range unified.Vendors() {
		if spec.Demo == nil {
			continue
		}
		t.Run(string(spec.Name), func(t *testing.T) {
			testEnv(t)
			d := demoEnv(t, spec.Name)
			caps, err := spec.Capabilities()
			require.NoError(t, err)
			file := filepath.Join(t.TempDir(), "secrets")
			var flags []string
			for _, f := range d.rotateFlags {
				if f != "--show-secret" {
					flags = append(flags, f)
				}
			}
			args := append([]string{"secrets", "rotate", "--vendor", string(spec.Name), d.clients[1].ID, "--secret-file", file}, flags...)
			code, _, stderr := runCLI(t, args...)
			require.Equal(t, 0, code, stderr)
			if caps.ListSecrets && caps.GetSecret {
				require.Contains(t, stderr, "--show-secret` shows")
				return
			}
			require.NotContains(t, stderr, "--show-secret` shows", "a hint the vendor cannot honour")
			require.Contains(t, stderr, file+" holds them")
		})
	}
}

// --state on audit and finish must name an existing journal: a typo is a
// usage error (exit 2) that creates nothing, not an empty journal that
// keeps the policy.
func TestStateMustNameAJournal(t *testing.T) {
	testEnv(t)
	demoEnv(t, "okta")
	typo := filepath.Join(t.TempDir(), "rotatoins.json")
	for _, args := range [][]string{
		{"audit", "--vendor", "okta", "--state", typo},
		{"secrets", "finish", "--vendor", "okta", "--state", typo},
		{"secrets", "finish", "--state", typo},
	} {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, 2, code, "%v: %s", args, stderr)
		require.Contains(t, stderr, "no state file there")
		_, err := os.Stat(typo)
		require.ErrorIs(t, err, fs.ErrNotExist, "nothing created")
		_, err = os.Stat(typo + ".lock")
		require.ErrorIs(t, err, fs.ErrNotExist, "not even a lock")
	}
}

// A journal written under --demo is marked simulated: a run against a
// tenant leaves its records alone and says so.
func TestDemoJournalIsNeverReplayedAgainstATenant(t *testing.T) {
	testEnv(t)
	state := filepath.Join(t.TempDir(), "rotations.json")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", "--demo", "legacy-batch", "--state", state)
	require.Equal(t, 0, code, stderr)
	data, err := os.ReadFile(state)
	require.NoError(t, err)
	require.Regexp(t, `"simulated":\s*true`, string(data))

	demoEnv(t, "okta") // a "tenant": the environment points at a server
	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "okta", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "1 rotation(s) not recorded against this tenant; this run leaves them alone")
	require.Contains(t, stderr, "nothing to finish")
	after, err := os.ReadFile(state)
	require.NoError(t, err)
	require.Regexp(t, `"simulated":\s*true`, string(after), "the demo record is kept")
}

// A journal knows its tenant: with two simulators whose IDs collide (the
// same seed, as cloned sandboxes), finishing against the second leaves the
// first one's rotation alone, and it still finishes against the first.
func TestJournalKnowsItsTenant(t *testing.T) {
	testEnv(t)
	state := filepath.Join(t.TempDir(), "rotations.json")
	first := demoEnv(t, "okta")
	client := first.demoID(t, "legacy-batch")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state)
	require.Equal(t, 0, code, stderr)

	second := demoEnv(t, "okta") // the environment now points at a twin
	require.Equal(t, client, second.demoID(t, "legacy-batch"), "the IDs collide")
	code, _, stderr = runCLI(t, "secrets", "finish", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "1 rotation(s) not recorded against this tenant; this run leaves them alone")
	require.Contains(t, stderr, "nothing to finish")
	code, stdout, _ := runCLI(t, "secrets", "list", "--vendor", "okta", client, "-o", "json")
	require.Equal(t, 0, code)
	require.Equal(t, 1, strings.Count(stdout, `"id"`), "the twin's one secret is untouched")

	for _, e := range first.env {
		t.Setenv(e.name, e.value)
	}
	code, _, stderr = runCLI(t, "secrets", "finish", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stderr, "nothing to finish")
	code, stdout, _ = runCLI(t, "secrets", "list", "--vendor", "okta", client, "-o", "json")
	require.Equal(t, 0, code)
	require.Equal(t, 1, strings.Count(stdout, `"id"`), "finished against its own tenant")
}
