package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

// TestDestinationsAndStaleRecords drives the built credkit against the
// simulators through the defects of issue 26: a rotation the vendor
// refuses leaves nothing behind, resume reads only the line it wrote, a
// stale record is refused by rotate and by finish (a newer rotation's
// overlap survives), and a replacement client whose secret nobody saw is
// rolled back, never finished.
func TestDestinationsAndStaleRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	csp, sailpoint, auth0Secret := crashVendors[2], crashVendors[1], crashVendors[4]
	require.Equal(t, "auth0-secret", auth0Secret.label)
	require.Equal(t, "vmwarecsp", string(csp.vendor))
	require.Equal(t, "sailpoint", string(sailpoint.vendor))

	t.Run("a refused rotation writes nothing; resume reads only its own line", func(t *testing.T) {
		client, old, view := binaryEnv(t, csp)
		dir := t.TempDir()
		journal, file := filepath.Join(dir, "a.json"), filepath.Join(dir, "secrets.txt")
		code, _, stderr := runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", journal, "--secret-file", file)
		require.Equal(t, 0, code, stderr)
		before := readFile(t, file)
		ours := secretOfLine(t, before)

		// Another run, from the default journal, which does not hold the
		// rotation: CSP refuses (409), and nothing of it stays.
		code, stdout, stderr := runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--secret-file", file)
		require.Equal(t, 1, code, stderr)
		require.Contains(t, stderr, "an owner rotation of the app is open already")
		require.Equal(t, before, readFile(t, file), "no line for the refused rotation")
		require.NotContains(t, savedRotations(t, defaultJournal(t)), client, "no record either")
		require.NotContains(t, stdout, "begun")

		// Stdout only: the secret printed before the request is withdrawn.
		code, stdout, stderr = runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--show-secret")
		require.Equal(t, 1, code, stderr)
		out := lines(stdout)
		require.True(t, strings.HasPrefix(out[0], "new-secret vmwarecsp "+client+" "+client+" "), stdout)
		require.Equal(t, "withdrawn-secret vmwarecsp "+client+" "+client, out[1])
		require.False(t, view.works(client, strings.Fields(out[0])[4]), "never in force")

		// A line credkit did not write in this rotation comes last: resume
		// reads its own line, finds the rotation open, and finishes it.
		appendLine(t, file, "vmwarecsp "+client+" "+client+" Foreign-Secret-0123456789abcdefghij\n")
		code, stdout, stderr = runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", journal, "--secret-file", file)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, client+"  begun")
		require.Contains(t, savedRotations(t, journal), client, "the open rotation is kept")
		code, stdout, stderr = runBinary(t, bin, "secrets", "finish", "--state", journal)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, "finished")
		require.True(t, view.works(client, ours))
		require.False(t, view.works(client, old))
	})

	t.Run("a stale record: rotate says so, finish leaves the newer rotation's overlap", func(t *testing.T) {
		client, _, view := binaryEnv(t, csp)
		dir := t.TempDir()
		journal, file := filepath.Join(dir, "a.json"), filepath.Join(dir, "secrets.txt")
		code, _, stderr := runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", journal, "--secret-file", file)
		require.Equal(t, 0, code, stderr)
		first := secretOfLine(t, readFile(t, file))
		copyFile(t, journal, journal+".copy")

		// Behind the journal's back: finished by hand, and rotated again
		// from another journal.
		code, _, stderr = runBinary(t, bin, "secrets", "finish", "--vendor", "vmwarecsp", client)
		require.Equal(t, 0, code, stderr)
		other := filepath.Join(dir, "other.txt")
		code, _, stderr = runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", filepath.Join(dir, "b.json"), "--secret-file", other)
		require.Equal(t, 0, code, stderr)
		newer := secretOfLine(t, readFile(t, other))
		require.True(t, view.works(client, first), "the newer rotation's overlap: its old secret works")

		code, stdout, stderr := runBinary(t, bin, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", journal, "--secret-file", file)
		require.Equal(t, 1, code, stdout)
		require.Contains(t, stderr, "the saved rotation disagrees with the vendor: its new credential is gone")
		require.NotContains(t, stdout, "begun")

		code, stdout, stderr = runBinary(t, bin, "secrets", "finish", "--vendor", "vmwarecsp", "--state", journal+".copy")
		require.Equal(t, 1, code, stdout)
		require.Contains(t, stderr, "the saved rotation disagrees with the vendor")
		require.True(t, view.works(client, first), "the newer rotation's old secret still works")
		require.True(t, view.works(client, newer))
	})

	t.Run("a replacement client whose secret nobody saw is rolled back, never finished", func(t *testing.T) {
		faults := sim.NewFaults(0, 1)
		client, secret, view := binaryEnvWith(t, sailpoint, faults)
		faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: "POST", PathContains: "/v3/oauth-clients"})
		code, _, stderr := runBinary(t, bin, "secrets", "rotate", "--vendor", "sailpoint", client, "--allow-new-client-id", "--show-secret")
		require.Equal(t, 1, code, stderr)
		both := view.clients("crash-client")
		require.Len(t, both, 2, "the vendor made the replacement; its answer was lost")
		replacement := both[0]
		if replacement == client {
			replacement = both[1]
		}

		code, stdout, _ := runBinary(t, bin, "audit", "--vendor", "sailpoint")
		require.Equal(t, 1, code)
		require.Contains(t, stdout, "do not finish it (that deletes the only client whose secret works); roll it back")
		require.NotContains(t, stdout, "--new "+replacement)

		code, _, stderr = runBinary(t, bin, "secrets", "finish", "--vendor", "sailpoint", client, "--new", replacement)
		require.Equal(t, 1, code, stderr)
		require.Contains(t, stderr, "the rotation never learned its replacement client")
		require.Contains(t, stderr, "delete the newer one at SailPoint, then rotate again")
		require.Len(t, view.clients("crash-client"), 2, "nothing was deleted")
		code, _, stderr = runBinary(t, bin, "secrets", "finish", "--vendor", "sailpoint")
		require.NotEqual(t, 0, code, "the journal's finish refuses the pending record too: %s", stderr)
		require.Len(t, view.clients("crash-client"), 2, "nothing was deleted")
		require.True(t, view.works(client, secret))
		require.True(t, view.works(client, secret))

		code, stdout, stderr = runBinary(t, bin, "secrets", "rotate", "--vendor", "sailpoint", client, "--allow-new-client-id", "--show-secret")
		require.Equal(t, 0, code, stderr)
		require.NotContains(t, view.clients("crash-client"), replacement, "rolled back")
		require.Len(t, view.clients("crash-client"), 2, "the old client and a new replacement")
		require.True(t, view.works(client, secret), "the old client works until finished")
		require.Contains(t, stdout, "new-secret sailpoint "+client+" ")
	})

	t.Run("a full secret file after the vendor acted: stderr has the secret, the advice finishes", func(t *testing.T) {
		client, secret, view := binaryEnv(t, sailpoint)
		file := filepath.Join(t.TempDir(), "secrets.txt")
		full := strings.Repeat("#"+strings.Repeat(" ", 62)+"\n", 64) // 4096 bytes: the size limit below
		require.NoError(t, os.WriteFile(file, []byte(full), 0o600))
		code, _, stderr := runBinaryLimited(t, 4, bin, "secrets", "rotate", "--vendor", "sailpoint", client, "--allow-new-client-id", "--secret-file", file)
		require.Equal(t, 1, code, stderr)
		require.Contains(t, stderr, "the vendor may have acted, but no destination took the new secret")
		require.Equal(t, full, readFile(t, file))
		both := view.clients("crash-client")
		require.Len(t, both, 2)
		replacement := both[0]
		if replacement == client {
			replacement = both[1]
		}
		shown := strings.Fields(stderr[strings.Index(stderr, "(it may be shown only once): ")+len("(it may be shown only once): "):])[0]
		require.True(t, view.works(replacement, shown), "stderr holds the replacement's working secret")

		code, stdout, _ := runBinary(t, bin, "audit", "--vendor", "sailpoint")
		require.Equal(t, 1, code)
		require.Contains(t, stdout, "the journal shows the new client's secret kept: once its users have it, finish it (credkit secrets finish --vendor sailpoint "+client+" --new "+replacement+")")
		code, _, stderr = runBinary(t, bin, "secrets", "finish", "--vendor", "sailpoint")
		require.Equal(t, 0, code, stderr)
		require.False(t, view.works(client, secret))
		require.True(t, view.works(replacement, shown))
	})

	t.Run("a secret replaced at once, a full secret file: stderr has it, nothing to finish", func(t *testing.T) {
		client, secret, view := binaryEnv(t, auth0Secret)
		file := filepath.Join(t.TempDir(), "secrets.txt")
		full := strings.Repeat("#"+strings.Repeat(" ", 62)+"\n", 64)
		require.NoError(t, os.WriteFile(file, []byte(full), 0o600))
		code, _, stderr := runBinaryLimited(t, 4, bin, "secrets", "rotate", "--vendor", "auth0", client, "--allow-immediate-rotation", "--secret-file", file)
		require.Equal(t, 1, code, stderr)
		require.Contains(t, stderr, "the vendor may have acted, but no destination took the new secret")
		require.Contains(t, stderr, "give every user of the client this secret now")
		require.Equal(t, full, readFile(t, file))
		shown := strings.Fields(stderr[strings.Index(stderr, "(it may be shown only once): ")+len("(it may be shown only once): "):])[0]
		require.True(t, view.works(client, shown), "stderr holds the secret in force")
		require.False(t, view.works(client, secret))
	})
}

// binaryEnv starts v's simulator for a credkit process: the system clock,
// a journal folder of the test's own.
func binaryEnv(t *testing.T, v crashVendor) (client, secret string, view crashView) {
	return binaryEnvWith(t, v, sim.NewFaults(0, 1))
}

func binaryEnvWith(t *testing.T, v crashVendor, faults *sim.Faults) (client, secret string, view crashView) {
	t.Helper()
	testEnv(t)
	// The process reads the system clock: the simulators must too.
	clock = sim.SystemClock{}
	return v.start(t, faults, nil)
}

// runBinary runs the built credkit with the test's environment.
func runBinary(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCommand(t, exec.Command(bin, args...))
}

// runBinaryLimited runs it with files limited to kib KiB (ulimit -f): a
// write past that fails as on a full disk.
func runBinaryLimited(t *testing.T, kib int, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit -f")
	}
	script := "ulimit -f " + strconv.Itoa(kib) + ` && exec "$0" "$@"`
	return runCommand(t, exec.Command("bash", append([]string{"-c", script, bin}, args...)...))
}

func runCommand(t *testing.T, cmd *exec.Cmd) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errOut.String()
}

// defaultJournal is where the test's runs keep their default journal.
func defaultJournal(t *testing.T) string {
	t.Helper()
	return filepath.Join(os.Getenv("XDG_STATE_HOME"), "credkit", "rotations.json")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
	require.NoError(t, err)
	_, err = f.WriteString(line)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, os.WriteFile(to, []byte(readFile(t, from)), 0o600))
}

// secretOfLine is the secret of the one line of a secret file.
func secretOfLine(t *testing.T, content string) string {
	t.Helper()
	out := lines(content)
	require.Len(t, out, 1, content)
	fields := strings.Fields(out[0])
	require.Len(t, fields, 4)
	return fields[3]
}

// A CSP record whose secret no destination credkit reads holds (stdout
// only) cannot be checked at CSP: within its window rotate refuses rather
// than claim it begun; past it, finishing it sends nothing, so a newer
// rotation's overlap survives.
func TestUnverifiableRecordIsJudgedByItsWindow(t *testing.T) {
	mc := testEnv(t)
	// The CSP provider stamps a rotation with the system clock: the
	// command and the simulator start from it.
	mc.AdvanceTo(time.Now())
	csp := crashVendors[2]
	client, _, view := csp.start(t, sim.NewFaults(0, 1), nil)
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--show-secret", "--overlap", "1h")
	require.Equal(t, 0, code, stderr)
	first := strings.Fields(lines(stdout)[0])[4]

	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--show-secret")
	require.Equal(t, 1, code, stdout)
	require.Contains(t, stderr, "the unfinished rotation's new secret is unknown")
	require.Contains(t, stderr, "--new-secret-env NEW_SECRET")
	require.NotContains(t, stdout, "begun")
	require.Equal(t, 2, view.secrets(client), "nothing changed: the rotation is open")

	// Past its window, a newer rotation from another journal.
	mc.Advance(2 * time.Hour)
	elsewhere := filepath.Join(t.TempDir(), "elsewhere.json")
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--show-secret", "--state", elsewhere)
	require.Equal(t, 0, code, stderr)
	newer := strings.Fields(lines(stdout)[0])[4]

	code, stdout, stderr = runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "nothing to finish")
	require.True(t, view.works(client, first), "the newer rotation's old secret still works")
	require.True(t, view.works(client, newer))
	require.Empty(t, savedRotations(t, defaultJournal(t)))
}
