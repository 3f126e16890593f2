package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	simokta "github.com/credkit/credkit/sim/okta"
	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

func (d *demoServer) okta() *simokta.Server           { return d.server.Handler.(*simokta.Server) }
func (d *demoServer) sailpoint() *simsailpoint.Server { return d.server.Handler.(*simsailpoint.Server) }
func (d *demoServer) csp() *simcsp.Server             { return d.server.Handler.(*simcsp.Server) }

// oktaSecretValues returns every secret value the Okta demo apps hold.
func (d *demoServer) oktaSecretValues() []string {
	var out []string
	for _, c := range d.clients {
		for _, s := range d.okta().Secrets(c.ID) {
			out = append(out, s.Value)
		}
	}
	return out
}

// A rotation of one Okta app, step by step, in tables and JSON.
func TestSecretsGolden(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy := d.demoID(t, "legacy-batch")
	steps := []struct {
		golden string
		args   []string
		code   int
	}{
		{"secrets_list.table.golden", []string{"secrets", "list", "--vendor", "okta", legacy}, 0},
		{"secrets_list.json.golden", []string{"secrets", "list", legacy, "--vendor=okta", "--output", "json"}, 0},
		{"secrets_rotate.table.golden", []string{"secrets", "rotate", "--vendor", "okta", legacy}, 0},
		{"secrets_rotate_again.json.golden", []string{"secrets", "rotate", "--vendor", "okta", legacy, "-o", "json"}, 1},
		{"secrets_list_rotating.json.golden", []string{"secrets", "list", "--vendor", "okta", legacy, "-o", "json"}, 0},
		{"secrets_finish.table.golden", []string{"secrets", "finish", "--vendor", "okta", legacy, "--old", "ocsaA0xQZxpMDdROTJoT"}, 0},
		{"secrets_list_finished.table.golden", []string{"secrets", "list", "--vendor", "okta", legacy}, 0},
	}
	for _, st := range steps {
		if st.golden == "secrets_rotate_again.json.golden" {
			// From a journal that does not hold the rotation (another
			// machine's): the vendor refuses a second one.
			t.Setenv(envState, filepath.Join(t.TempDir(), "elsewhere.json"))
		}
		code, stdout, stderr := runCLI(t, st.args...)
		require.Equal(t, st.code, code, "%s: %s", st.golden, stderr)
		checkGolden(t, st.golden, stdout)
	}
	require.Len(t, d.okta().Secrets(legacy), 1)
}

func TestRotateNotes(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy := d.demoID(t, "legacy-batch")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, ""+
		"credkit: new secrets are redacted; `credkit secrets list --vendor okta "+legacy+" --show-secret` shows them\n"+
		"credkit: when every user has the new secret, finish: credkit secrets finish --vendor okta "+legacy+" --old ocsaA0xQZxpMDdROTJoT --new ocse9sqX5x9WvXtEfLxh\n",
		stderr)

	// Again, from a journal that does not hold it (another machine's):
	// the fix is what a CLI user does, not a Go option, and following it
	// finishes the rotation.
	t.Setenv(envState, filepath.Join(t.TempDir(), "elsewhere.json"))
	code, _, stderr = runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy)
	require.Equal(t, 1, code)
	require.Equal(t, "credkit: rotating "+legacy+": okta RotateSecret: FailedPrecondition: the app already holds two secrets "+
		"(an unfinished rotation?); finish it with `credkit secrets finish --vendor okta "+legacy+" --old <ID>` "+
		"(`credkit secrets list` shows both secrets), or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE\n", stderr)
	require.NotContains(t, stderr, "RotateOptions")
	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "okta", legacy, "--old", "ocsaA0xQZxpMDdROTJoT")
	require.Equal(t, 0, code, stderr)
	require.Len(t, d.okta().Secrets(legacy), 1)
}

// A --state file that does not hold the client's rotation cannot resume
// it: the same fix applies, and the JSON error says it too.
func TestRotateTwiceWithNewState(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy := d.demoID(t, "legacy-batch")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stderr)
	state := filepath.Join(t.TempDir(), "rotations.json")
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy, "--state", state, "-o", "json")
	require.Equal(t, 1, code)
	var results []bulkJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &results))
	require.Len(t, results, 1)
	for _, msg := range []string{results[0].Error, stderr} {
		require.Contains(t, msg, "finish it with `credkit secrets finish --vendor okta "+legacy+" --old <ID>`")
		require.NotContains(t, msg, "RotateOptions")
	}
}

// Several clients rotate at once; one failure does not stop the others,
// and makes the exit status 1.
func TestRotateSeveral(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", "--concurrency", "1",
		d.demoID(t, "billing-api"), "0oaNOSUCHAPP000000000", d.demoID(t, "legacy-batch"))
	require.Equal(t, 1, code)
	checkGolden(t, "secrets_rotate_several.table.golden", stdout)
	got := lines(stderr)
	require.Len(t, got, 4, stderr)
	require.True(t, strings.HasPrefix(got[0], "credkit: rotating 0oaNOSUCHAPP000000000: okta ListSecrets: NotFound: "), got[0])
	require.True(t, strings.HasSuffix(got[0], "; check the client and credential IDs"), got[0])
	// One finish command per begun rotation, each runnable as printed.
	for i, client := range []string{d.demoID(t, "billing-api"), d.demoID(t, "legacy-batch")} {
		prefix := "credkit: when every user has the new secret, finish: credkit secrets finish --vendor okta " + client + " --old ocs"
		require.True(t, strings.HasPrefix(got[2+i], prefix), got[2+i])
		require.Contains(t, got[2+i], " --new ocs")
	}
}

// --state saves rotations without secrets; rotating again resumes them;
// finish --state, from another process, finishes them.
func TestRotateWithState(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy, billing := d.demoID(t, "legacy-batch"), d.demoID(t, "billing-api")
	state := filepath.Join(t.TempDir(), "rotations.json")

	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", "--state", state, legacy, billing)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "finish: credkit secrets finish --vendor okta --state "+state+"\n")
	data, err := os.ReadFile(state)
	require.NoError(t, err)
	for _, v := range d.oktaSecretValues() {
		require.NotContains(t, string(data), v, "the state file holds no secret")
	}
	info, err := os.Stat(state)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	saved := savedRotations(t, state)
	require.Len(t, saved, 2)
	newID := saved[legacy].New.ID

	// Again: the saved rotation is resumed, not a third secret made.
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", "--state", state, legacy, "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"id": "`+newID+`"`)
	require.Len(t, d.okta().Secrets(legacy), 2)

	code, stdout, _ = runCLI(t, "audit", "--vendor", "okta", "--state", state, legacy)
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH a rotation saved in the journal is not finished: credkit secrets finish --vendor okta --state "+state+"\n")

	// finish reads the vendor from the file.
	code, stdout, stderr = runCLI(t, "secrets", "finish", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	require.Contains(t, stdout, legacy+"  finished")
	require.Contains(t, stdout, billing+"  finished")
	require.Empty(t, savedRotations(t, state))
	secrets := d.okta().Secrets(legacy)
	require.Len(t, secrets, 1)
	require.Equal(t, newID, secrets[0].ID)

	code, _, stderr = runCLI(t, "secrets", "finish", "--state", state, "--vendor", "okta")
	require.Equal(t, 0, code)
	require.Equal(t, "credkit: "+state+" holds no okta rotation to finish: nothing to finish\n", stderr)

	require.NoError(t, os.WriteFile(state, []byte("not json"), 0o600))
	code, _, stderr = runCLI(t, "secrets", "finish", "--state", state, "--vendor", "okta")
	require.Equal(t, 1, code)
	require.True(t, strings.HasPrefix(stderr, "credkit: opening the state file: not a credkit state file"), stderr)
	require.Contains(t, stderr, "{\"rotations\": [...]}", stderr)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// No output shows a secret value unless --show-secret asks for it.
func TestSecretsNeverPrinted(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy := d.demoID(t, "legacy-batch")
	var all bytes.Buffer
	for _, args := range [][]string{
		{"secrets", "list", legacy},
		{"secrets", "list", legacy, "-o", "json"},
		{"secrets", "create", d.demoID(t, "billing-api")},
		{"secrets", "create", d.demoID(t, "partner-portal"), "-o", "json"},
		{"secrets", "rotate", legacy},
		{"secrets", "rotate", legacy, "-o", "json"},
		{"audit", "-o", "json", legacy},
		{"secrets", "finish", legacy, "--old", "ocsaA0xQZxpMDdROTJoT"},
	} {
		_, stdout, stderr := runCLI(t, append(args, "--vendor", "okta")...)
		all.WriteString(stdout + stderr)
	}
	values := d.oktaSecretValues()
	require.Len(t, values, 5)
	for _, v := range values {
		require.NotContains(t, all.String(), v)
	}
	require.Contains(t, all.String(), "[REDACTED]")

	code, stdout, _ := runCLI(t, "secrets", "list", "--vendor", "okta", legacy, "--show-secret")
	require.Equal(t, 0, code)
	require.Contains(t, stdout, d.okta().Secrets(legacy)[0].Value)
}

// SailPoint rotates by replacing the client: it needs consent, and the
// new secret, shown only once, must be printed.
func TestSailPointRotation(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("sailpoint"))
	legacy := d.demoID(t, "legacy-batch")
	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", legacy, "--show-secret")
	require.Equal(t, 2, code)
	require.True(t, strings.HasPrefix(stderr, "credkit secrets rotate: sailpoint rotates a secret by replacing the client, so the client ID changes: pass --allow-new-client-id to consent\n"), stderr)
	code, _, stderr = runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", legacy, "--allow-new-client-id")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "sailpoint shows a new secret only once")
	require.Len(t, d.sailpoint().ClientIDs(), 3, "nothing was created")

	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", legacy, "--allow-new-client-id", "--show-secret", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var results []bulkJSON
	lastJSON(t, stdout, &results)
	rot := results[0].Rotation
	require.NotEqual(t, legacy, rot.NewClientID)
	require.True(t, d.sailpoint().SecretWorks(rot.NewClientID, rot.New.Secret))
	require.Contains(t, stderr, "finish: credkit secrets finish --vendor sailpoint "+legacy+" --new "+rot.NewClientID+"\n")

	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "sailpoint", legacy)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "name the replacement client with --new ID")
	code, stdout, stderr = runCLI(t, "secrets", "finish", "--vendor", "sailpoint", legacy, "--new", rot.NewClientID)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "finished")
	_, exists := d.sailpoint().Client(legacy)
	require.False(t, exists)

	code, _, stderr = runCLI(t, "secrets", "list", "--vendor", "sailpoint", rot.NewClientID)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "sailpoint ListSecrets: Unimplemented: ")
	require.True(t, strings.HasSuffix(stderr, "; `credkit vendors` shows what each vendor supports\n"), stderr)
}

// CSP rotates in place with an overlap; its new secret is shown once.
func TestCSPRotation(t *testing.T) {
	testEnv(t)
	openOptions = &unified.OpenOptions{Rand: bytes.NewReader(bytes.Repeat([]byte("0123456789abcdef"), 64))}
	t.Cleanup(func() { openOptions = nil })
	d := demoEnv(t, unified.Vendor("vmwarecsp"))
	legacy := d.demoID(t, "legacy-batch")
	old := d.csp().Secrets(legacy).Current

	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", legacy)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "vmwarecsp shows a new secret only once, and a rotation whose new secret is lost locks its users out: pass --show-secret")

	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", legacy, "--show-secret", "--overlap", "1h")
	require.Equal(t, 0, code, stderr)
	state := d.csp().Secrets(legacy)
	require.Equal(t, old, state.Previous)
	require.Contains(t, stdout, state.Current)
	require.NotContains(t, stdout, old)
	require.Regexp(t, `current\s+previous\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+`, stdout)

	code, stdout, stderr = runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp", legacy)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "finished")
	require.Empty(t, d.csp().Secrets(legacy).Previous)

	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp", legacy, "--old", "ocs1")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `CSP secrets have no IDs: the old one is "previous" and the new one "current"`)
}

func TestRevoke(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	billing := d.demoID(t, "billing-api")
	only := d.okta().Secrets(billing)[0].ID
	code, _, stderr := runCLI(t, "secrets", "revoke", "--vendor", "okta", billing, only)
	require.Equal(t, 1, code)
	require.Equal(t, "credkit: revoking secret "+only+" of "+billing+": okta RevokeSecret: FailedPrecondition: refusing to revoke the app's only active secret; rotate it instead, with `credkit secrets rotate`\n", stderr)

	code, stdout, stderr := runCLI(t, "secrets", "create", "--vendor", "okta", billing, "-o", "json")
	require.Equal(t, 0, code, stderr)
	var created credentialJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &created))
	require.Equal(t, "[REDACTED]", created.Secret)
	code, stdout, stderr = runCLI(t, "secrets", "revoke", "--vendor", "okta", billing, only)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "CLIENT                ID                    RESULT\n"+billing+"  "+only+"  revoked\n", stdout)
	require.Len(t, d.okta().Secrets(billing), 1)
	require.Equal(t, created.ID, d.okta().Secrets(billing)[0].ID)
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "36h": 36 * time.Hour, "0d": 0, "1h30m": 90 * time.Minute} {
		got, err := parseDuration(in)
		require.NoError(t, err)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "d", "3w", "-1d", "-2h", "ninety"} {
		_, err := parseDuration(in)
		require.Error(t, err, in)
	}
}
