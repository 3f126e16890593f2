package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

// faultyCSP serves a CSP simulator, on the test's stopped clock, whose
// requests fail as the returned plan scripts; it holds one app, and the
// environment points at it.
func faultyCSP(t *testing.T) (s *simcsp.Server, faults *sim.Faults, app, secret string) {
	t.Helper()
	mc, ok := clock.(*sim.ManualClock)
	require.True(t, ok, "testEnv stops the clock first")
	h := simcsp.NewServedHarness(t, &simcsp.Options{Seed: demoSeed}, &sim.ServeOptions{Clock: mc})
	t.Setenv(envCSPURL, h.URL)
	t.Setenv(envCSPToken, simcsp.DefaultAPIToken)
	t.Setenv(envCSPOrgID, h.Server.OrgID())
	app, secret = h.NewClient(t)
	return h.Server, h.Faults, app, secret
}

// rotateJSON runs secrets rotate with -o json and returns its one result.
func rotateJSON(t *testing.T, wantCode int, args ...string) (bulkJSON, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"secrets", "rotate", "--vendor", "vmwarecsp", "-o", "json"}, args...)...)
	require.Equal(t, wantCode, code, stderr)
	var results []bulkJSON
	resultsJSON(t, stdout, &results)
	require.Len(t, results, 1)
	return results[0], stderr
}

// goNames are the unified API's names that a CLI user cannot act on.
var goNames = []string{"RotateOptions", "RegenerateSecret", "FinishRotation,", `RevokeSecret "previous"`, "with RotateSecret", "use RotateSecret"}

func requireNoGoNames(t *testing.T, out string) {
	t.Helper()
	for _, name := range goNames {
		require.NotContains(t, out, name)
	}
}

// A CSP rotation whose POST fails, or whose answer is lost, shows the
// secret it sent and how to resume; resuming with that secret from the
// environment completes the rotation whether or not the POST took effect,
// with or without a state file.
func TestCSPLostRotationResumes(t *testing.T) {
	for _, kind := range []sim.FaultKind{sim.FaultDropAfter, sim.FaultDrop, sim.FaultInternal} {
		for _, withState := range []bool{true, false} {
			name := string(kind) + map[bool]string{true: " with --state", false: " without --state"}[withState]
			t.Run(name, func(t *testing.T) {
				testEnv(t)
				s, faults, app, old := faultyCSP(t)
				var state []string
				statePath := filepath.Join(t.TempDir(), "rotations.json")
				if withState {
					state = []string{"--state", statePath}
				}
				faults.Script(sim.Fault{Kind: kind, Method: "POST", PathContains: "/secret"})

				failed, stderr := rotateJSON(t, 1, append([]string{app, "--show-secret", "--overlap", "36h"}, state...)...)
				require.Equal(t, map[sim.FaultKind]int{kind: 1}, faults.Injected())
				require.Equal(t, "failed", failed.Result)
				require.NotNil(t, failed.Rotation)
				secret := failed.Rotation.New.Secret
				require.NotEmpty(t, secret)
				require.Equal(t, kind == sim.FaultDropAfter, s.SecretWorks(app, secret), "the secret is in force only if the POST took effect")
				require.True(t, s.SecretWorks(app, old))
				got := lines(stderr)
				require.Len(t, got, 2, stderr)
				require.True(t, strings.HasPrefix(got[0], "credkit: rotating "+app+": vmwarecsp RotateSecret: "), got[0])
				resume := "credkit secrets rotate --vendor vmwarecsp " + app + " --show-secret --new-secret-env NEW_SECRET --overlap 36h"
				if withState {
					resume += " --state " + statePath
				}
				require.Equal(t, "credkit: "+app+": the SECRET shown may already be in force, and if so the old secret stops working when the overlap ends: keep it; "+
					"to complete the rotation, export it as NEW_SECRET and run: "+resume, got[1])
				require.NotContains(t, stderr, secret, "stderr never shows a secret")
				if withState {
					data := string(must(os.ReadFile(statePath)))
					require.NotContains(t, data, secret, "the state file keeps no secret")

					// Without the secret, the fix names CLI commands only.
					retry, stderr := rotateJSON(t, 1, app, "--show-secret", "--state", statePath)
					require.Equal(t, "failed", retry.Result)
					for _, msg := range []string{retry.Error, stderr} {
						require.Contains(t, msg, "export it as NEW_SECRET and run `credkit secrets rotate --vendor vmwarecsp "+app+" --show-secret --new-secret-env NEW_SECRET --state FILE`")
						require.Contains(t, msg, "if that secret is lost, `credkit secrets regenerate --vendor vmwarecsp "+app+" --show-secret` replaces the app's secret at once")
						requireNoGoNames(t, msg)
					}
					// finish --state refuses the unbegun rotation, and says how to resume it.
					code, _, stderr := runCLI(t, "secrets", "finish", "--state", statePath)
					require.Equal(t, 1, code)
					require.Contains(t, stderr, "FailedPrecondition: the rotation has not begun")
					require.Contains(t, stderr, "; resume it first, with the secret `credkit secrets rotate` showed (the SECRET of its failed row, the last `new-secret` line")
					requireNoGoNames(t, stderr)
					require.True(t, s.SecretWorks(app, old))
				}

				// Resume the way the note says.
				t.Setenv(resumeEnv, secret)
				args := strings.Fields(strings.TrimPrefix(resume, "credkit "))
				code, stdout, stderr := runCLI(t, args...)
				require.Equal(t, 0, code, stderr)
				require.Regexp(t, app+`\s+begun\s+`+app+`\s+current\s+previous\s+\S+\s+`, stdout)
				require.Contains(t, stdout, secret, "--show-secret shows the secret installed")
				slots := s.Secrets(app)
				require.Equal(t, secret, slots.Current)
				require.Equal(t, old, slots.Previous)
				require.Equal(t, clock.Now().Add(36*60*60e9).UTC(), slots.PreviousExpiresAt.UTC(), "the resumed rotation keeps --overlap")
				require.True(t, s.SecretWorks(app, secret))
				require.True(t, s.SecretWorks(app, old), "the old secret works until finish")

				finish := []string{"secrets", "finish", "--vendor", "vmwarecsp", app}
				if withState {
					finish = []string{"secrets", "finish", "--state", statePath}
				}
				code, stdout, stderr = runCLI(t, finish...)
				require.Equal(t, 0, code, stderr)
				require.Contains(t, stdout, "finished")
				require.True(t, s.SecretWorks(app, secret))
				require.False(t, s.SecretWorks(app, old))
			})
		}
	}
}

// Resuming with a secret other than the one the open rotation installed
// is refused, and the app keeps its secrets.
func TestCSPResumeWithWrongSecret(t *testing.T) {
	testEnv(t)
	s, faults, app, old := faultyCSP(t)
	faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: "POST", PathContains: "/secret"})
	failed, _ := rotateJSON(t, 1, app, "--show-secret")
	sent := failed.Rotation.New.Secret

	t.Setenv("WRONG", "Wr0ng-but-valid-secret!x")
	res, stderr := rotateJSON(t, 1, app, "--show-secret", "--new-secret-env", "WRONG")
	require.Equal(t, "failed", res.Result)
	require.Contains(t, stderr, "another owner rotation, with a different secret, is open")
	require.Contains(t, stderr, "check that the variable --new-secret-env names holds the SECRET the failed `credkit secrets rotate` showed; "+
		"if that secret is lost, `credkit secrets regenerate --vendor vmwarecsp "+app+" --show-secret`")
	requireNoGoNames(t, stderr)
	require.Equal(t, simcsp.SecretState{Current: sent, Previous: old, PreviousExpiresAt: s.Secrets(app).PreviousExpiresAt}, s.Secrets(app))
}

// regenerate is the last resort: a new secret at once, the old one and
// any rotation ended; it prints the secret, so it needs --show-secret.
func TestCSPRegenerate(t *testing.T) {
	testEnv(t)
	s, faults, app, old := faultyCSP(t)
	statePath := filepath.Join(t.TempDir(), "rotations.json")
	faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: "POST", PathContains: "/secret"})
	failed, _ := rotateJSON(t, 1, app, "--show-secret", "--state", statePath)
	lost := failed.Rotation.New.Secret

	code, stdout, stderr := runCLI(t, "secrets", "regenerate", "--vendor", "vmwarecsp", app)
	require.Equal(t, 2, code)
	require.Empty(t, stdout)
	require.Equal(t, "credkit secrets regenerate: the new secret is shown only once, and the old one stops working at once: pass --show-secret to print it\n"+
		"usage: credkit secrets regenerate <client> --show-secret [flags] (see credkit secrets regenerate -h)\n", stderr)
	require.Equal(t, lost, s.Secrets(app).Current, "nothing changed")

	code, stdout, stderr = runCLI(t, "secrets", "regenerate", "--vendor", "vmwarecsp", app, "--show-secret", "--state", statePath, "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "credkit: the old secret of "+app+", and any rotation in progress, stopped working: give every user of the client the new secret\n", stderr)
	var cred credentialJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &cred))
	require.Equal(t, app, cred.ClientID)
	require.Equal(t, "current", cred.ID)
	require.True(t, s.SecretWorks(app, cred.Secret))
	require.False(t, s.SecretWorks(app, old))
	require.False(t, s.SecretWorks(app, lost))
	require.Empty(t, savedRotations(t, statePath), "regenerating ended the saved rotation")

	code, stdout, stderr = runCLI(t, "secrets", "regenerate", "--vendor", "vmwarecsp", app, "--show-secret")
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `^CLIENT\s+ID\s+STATUS\s+HINT\s+SECRET\n`+app+`\s+current\s+ACTIVE\s+\S+\s+\S+\n$`, stdout)
	require.NotContains(t, stdout, cred.Secret)
	require.True(t, s.SecretWorks(app, strings.Fields(lines(stdout)[1])[4]))
	require.False(t, s.SecretWorks(app, cred.Secret))
}

// Okta and SailPoint cannot regenerate: the command fails (exit 1) with
// the vendor's name and where to look, and sends nothing.
func TestRegenerateUnimplemented(t *testing.T) {
	for _, vendor := range []unified.Vendor{unified.Vendor("okta"), unified.Vendor("sailpoint")} {
		t.Run(string(vendor), func(t *testing.T) {
			testEnv(t)
			d := demoEnv(t, vendor)
			code, stdout, stderr := runCLI(t, "secrets", "regenerate", "--vendor", string(vendor), d.demoID(t, "legacy-batch"), "--show-secret")
			require.Equal(t, 1, code)
			require.Empty(t, stdout)
			require.Equal(t, "credkit: regenerating the secret of "+d.demoID(t, "legacy-batch")+": "+string(vendor)+" RegenerateSecret: Unimplemented: "+
				string(vendor)+" cannot replace a secret at once: rotate it with `credkit secrets rotate`; `credkit vendors` shows what each vendor supports\n", stderr)
		})
	}
}

// Bad uses of --new-secret-env and regenerate exit 2 before any request.
func TestRecoveryUsageErrors(t *testing.T) {
	testEnv(t)
	s, faults, app, old := faultyCSP(t)
	t.Setenv("EMPTY", "")
	t.Setenv("SET", "Xy1!abcdefgh")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", app, "--show-secret", "--new-secret-env", "UNSET_FOR_TEST"},
			"credkit secrets rotate: --new-secret-env UNSET_FOR_TEST: $UNSET_FOR_TEST is unset or empty: export the new secret in it first"},
		{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", app, "--show-secret", "--new-secret-env", "EMPTY"},
			"credkit secrets rotate: --new-secret-env EMPTY: $EMPTY is unset or empty"},
		{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", app, "--show-secret", "--new-secret-env="},
			"credkit secrets rotate: --new-secret-env needs the name of an environment variable"},
		{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", app, "other", "--show-secret", "--new-secret-env", "SET"},
			"credkit secrets rotate: --new-secret-env holds one client's secret: name one client"},
		{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", app, "--new-secret-env", "SET"},
			"credkit secrets rotate: vmwarecsp shows a new secret only once"},
		{[]string{"secrets", "regenerate", "--vendor", "vmwarecsp"}, "credkit secrets regenerate: name one client"},
		{[]string{"secrets", "regenerate", "--vendor", "vmwarecsp", app, "x", "--show-secret"}, "credkit secrets regenerate: name one client"},
		{[]string{"secrets", "regenerate", "--vendor", "vmwarecsp", app}, "credkit secrets regenerate: the new secret is shown only once"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, stderr)
			require.True(t, strings.HasPrefix(got[0], tt.want), got[0])
			require.True(t, strings.HasPrefix(got[1], "usage: credkit secrets "), got[1])
		})
	}
	require.Equal(t, simcsp.SecretState{Current: old}, s.Secrets(app), "nothing changed")
	require.Empty(t, faults.Injected())
}

// Without --show-secret, no CSP recovery command prints a secret: not the
// app's, not the one in --new-secret-env, not one a lost rotation sent.
func TestCSPRecoveryNeverPrintsSecrets(t *testing.T) {
	testEnv(t)
	s, faults, app, old := faultyCSP(t)
	t.Setenv(resumeEnv, "Canary-9!secret-value")
	var all strings.Builder
	for _, args := range [][]string{
		{"secrets", "rotate", app},
		{"secrets", "rotate", app, "--new-secret-env", resumeEnv},
		{"secrets", "rotate", app, "--new-secret-env", resumeEnv, "-o", "json"},
		{"secrets", "regenerate", app},
		{"secrets", "regenerate", app, "-o", "json"},
		{"secrets", "create", app},
		{"secrets", "revoke", app, "current"},
	} {
		_, stdout, stderr := runCLI(t, append(args, "--vendor", "vmwarecsp")...)
		all.WriteString(stdout + stderr)
	}
	require.Equal(t, simcsp.SecretState{Current: old}, s.Secrets(app), "nothing changed")
	for _, v := range []string{old, "Canary-9!secret-value"} {
		require.NotContains(t, all.String(), v)
	}
	requireNoGoNames(t, all.String())
	require.Contains(t, all.String(), "; rotate it with `credkit secrets rotate`, or replace it at once with `credkit secrets regenerate`")  // revoke current
	require.Contains(t, all.String(), "; use `credkit secrets rotate --show-secret` instead, or `credkit secrets regenerate --show-secret`") // create

	// A lost rotation's secret shows only with --show-secret, on stdout.
	faults.Script(sim.Fault{Kind: sim.FaultDrop, Method: "POST", PathContains: "/secret"})
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", app, "--show-secret")
	require.Equal(t, 1, code)
	out := lines(stdout)
	row := strings.Fields(out[len(out)-1])
	require.Equal(t, []string{app, "failed", "-", "-", "-", "-"}, row[:6])
	require.Len(t, row, 7)
	require.NotContains(t, stderr, row[6])
	require.Equal(t, simcsp.SecretState{Current: old}, s.Secrets(app))
}

// SailPoint takes --new-secret-env only to give back the secret of a
// rotation saved in a state file; otherwise the fix says so.
func TestSailPointNewSecretEnv(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("sailpoint"))
	t.Setenv(resumeEnv, "kept-secret")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", d.demoID(t, "legacy-batch"), "--allow-new-client-id", "--show-secret", "--new-secret-env", resumeEnv)
	require.Equal(t, 1, code)
	require.True(t, strings.HasSuffix(stderr, "sailpoint RotateSecret: Unimplemented: SailPoint makes a new client's secret itself; "+
		"--new-secret-env only gives back the secret of a rotation saved with --state FILE\n"), stderr)
	require.Len(t, d.sailpoint().ClientIDs(), 3, "nothing was created")
}

func TestDurationArg(t *testing.T) {
	for d, want := range map[time.Duration]string{
		48 * time.Hour: "2d", 36 * time.Hour: "36h", 90 * time.Minute: "1h30m", 30 * time.Minute: "30m",
		10 * time.Second: "10s", time.Hour + 5*time.Second: "1h0m5s",
	} {
		require.Equal(t, want, durationArg(d))
		parsed, err := parseDuration(want)
		require.NoError(t, err)
		require.Equal(t, d, parsed)
	}
}
