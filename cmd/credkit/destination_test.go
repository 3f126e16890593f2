//go:build linux

package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// destFailure is one way the destination of the new secret fails.
type destFailure struct {
	name string
	// stdout: the secret goes to stdout (--show-secret), not to a file.
	stdout bool
	// secretFile, if set, is the --secret-file path instead of dir/secrets.txt.
	secretFile string
	// before breaks the destination before credkit starts; during, at
	// the first request the simulator receives (credkit has opened and
	// checked its files), in the server's goroutine, so it returns its
	// error for the test to check.
	before func(t *testing.T, d *destRun)
	during func(d *destRun) error
	// repair gives the destination back to the user after the failure.
	repair func(t *testing.T, d *destRun)
	// place, if set, puts the secret file elsewhere (d.secrets) before
	// anything else; it skips the cell where that cannot be done.
	place func(t *testing.T, d *destRun, user *syscall.Credential)
	// quick is the vendor row the default run tries; CREDKIT_STRESS=1
	// (make stress) tries every row.
	quick string
}

// destRun is one cell: its folder, files and what the user was given.
type destRun struct {
	dir, state, secrets string
	// given collects every secret the runs gave the user: the secret
	// file's lines, the new-secret lines of stdout, the last-resort
	// secret of stderr.
	given []string
}

// lastResortSecret finds the secret of the last-resort note on stderr.
var lastResortSecret = regexp.MustCompile(`as the last resort \(it may be shown only once\): (\S+) ;`)

// collect adds what a run gave the user.
func (d *destRun) collect(t *testing.T, vendor unified.Vendor, client, stdout, stderr string) {
	t.Helper()
	for _, m := range lastResortSecret.FindAllStringSubmatch(stderr, -1) {
		d.given = append(d.given, rotations.DecodeSecret(m[1]).Reveal())
	}
	for _, p := range printedSecrets(t, stdout) {
		if p.Vendor == vendor && p.ClientID == client {
			d.given = append(d.given, p.Secret)
		}
	}
	if _, err := os.Stat(d.secrets); err == nil {
		if _, s := lastSecret(t, d.secrets, vendor, client); s != "" {
			d.given = append(d.given, s)
		}
	}
}

var destFailures = []destFailure{
	{name: "secret-file is /dev/full", secretFile: "/dev/full", quick: "okta"},
	{name: "secret-file turns into /dev/full after start (ENOSPC)", quick: "auth0-secret",
		// What the file held is kept aside, and comes back with the
		// space: a full disk loses no line already written.
		during: func(d *destRun) error {
			return errors.Join(os.Rename(d.secrets, d.secrets+".kept"), os.Symlink("/dev/full", d.secrets))
		},
		repair: func(t *testing.T, d *destRun) {
			require.NoError(t, os.Remove(d.secrets))
			require.NoError(t, os.Rename(d.secrets+".kept", d.secrets))
		}},
	{name: "secret-file made read-only after start (EACCES)", quick: "sailpoint",
		during: func(d *destRun) error { return os.Chmod(d.secrets, 0o400) },
		repair: func(t *testing.T, d *destRun) { chmod(t, d.secrets, 0o600) }},
	{name: "folder made read-only before start", quick: "vmwarecsp",
		before: func(t *testing.T, d *destRun) { chmod(t, d.dir, 0o500) },
		repair: func(t *testing.T, d *destRun) { chmod(t, d.dir, 0o700) }},
	{name: "folder made read-only after start", quick: "sailpoint",
		during: func(d *destRun) error { return os.Chmod(d.dir, 0o500) }, //nolint:gosec // read-only is the point
		repair: func(t *testing.T, d *destRun) { chmod(t, d.dir, 0o700) }},
	{name: "secret-file on a full filesystem (ENOSPC)", quick: "vmwarecsp",
		place: func(t *testing.T, d *destRun, user *syscall.Credential) {
			d.secrets = filepath.Join(fullFilesystem(t, d.dir, user), "secrets.txt")
		},
		repair: func(t *testing.T, d *destRun) {
			require.NoError(t, os.Remove(filepath.Join(filepath.Dir(d.secrets), "filler")))
		}},
	{name: "stdout a broken pipe (EPIPE)", stdout: true, quick: "auth0-secret"},
}

// journal is what the cell's journal holds; the files it opened stay
// the user's.
func (d *destRun) journal(t *testing.T, user *syscall.Credential) map[string]*unified.Rotation {
	t.Helper()
	saved := savedRotations(t, d.state)
	if user != nil {
		for _, p := range []string{d.state, d.state + ".lock"} {
			if err := os.Chown(p, int(user.Uid), int(user.Gid)); !errors.Is(err, os.ErrNotExist) {
				require.NoError(t, err)
			}
		}
	}
	return saved
}

// fullFilesystem mounts a tmpfs of one page under dir, owned by user,
// and fills it: the first write of a file there fails with ENOSPC. It
// needs root (CAP_SYS_ADMIN); the cell is skipped without.
func fullFilesystem(t *testing.T, dir string, user *syscall.Credential) string {
	t.Helper()
	full := filepath.Join(dir, "full")
	require.NoError(t, os.Mkdir(full, 0o700))
	opts := "size=4k,mode=0700"
	if user != nil {
		opts += fmt.Sprintf(",uid=%d,gid=%d", user.Uid, user.Gid)
	}
	if err := syscall.Mount("tmpfs", full, "tmpfs", 0, opts); err != nil {
		t.Skipf("no tiny filesystem to fill (mounting a tmpfs needs root): %v", err)
	}
	t.Cleanup(func() { require.NoError(t, syscall.Unmount(full, 0)) })
	err := os.WriteFile(filepath.Join(full, "filler"), bytes.Repeat([]byte{'x'}, 64<<10), 0o600)
	require.ErrorIs(t, err, syscall.ENOSPC, "the filesystem is full")
	return full
}

// fileExists says whether path names something.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// chmod sets the mode of path: the cells make folders and files
// read-only, and the folders and the binary reachable by the unprivileged
// user.
func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.Chmod(path, mode)) //nolint:gosec // the modes are the test's subject
}

// destTally counts the cells of the destination matrix.
type destTally struct {
	mu                            sync.Mutex
	cells, acted, lost, stranded  int
	falseFinished, toStderr, fail int
	stale                         int
	rows                          []string
}

// TestDestinationFailures runs the built credkit against every vendor's
// simulator with a destination of the new secret that fails: a
// --secret-file on /dev/full, one that turns into /dev/full (ENOSPC) or
// read-only (EACCES) once credkit has checked it, one on a full tmpfs
// (ENOSPC from the first write; root only), a folder made read-only
// before or after start, stdout a pipe whose reader is gone (EPIPE),
// with --state and with the default journal (no --state; it lives in the
// cell's folder too). As root, credkit runs as an unprivileged
// user, for whom the modes count. In every cell the secret the vendor put in
// force reaches the user somewhere (stderr, as the last resort, when no
// destination took it); the user then repairs the destination and
// follows the advice, and the client must end with exactly one working
// secret, the user's, the old one retired, no orphan client and an empty
// journal: 0 lost, 0 stranded, 0 false "finished".
func TestDestinationFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, asUser := buildDestCLI(t)
	tally := &destTally{}
	for _, v := range crashVendors {
		for _, f := range destFailures {
			row := cmp.Or(v.label, string(v.vendor))
			if !stress() && row != f.quick {
				continue
			}
			for _, journaled := range []bool{true, false} {
				name := fmt.Sprintf("%s/%s/%s", row, f.name, map[bool]string{true: "state", false: "default-journal"}[journaled])
				t.Run(name, func(t *testing.T) { runDestCell(t, bin, asUser, v, f, journaled, tally) })
			}
		}
	}
	t.Logf("destination matrix: cells=%d vendor-acted=%d exit-1=%d secret-on-stderr=%d lost=%d stranded=%d false-finished=%d stale-default-journal-records=%d\n%s",
		tally.cells, tally.acted, tally.fail, tally.toStderr, tally.lost, tally.stranded, tally.falseFinished, tally.stale, strings.Join(tally.rows, "\n"))
	require.Zero(t, tally.lost, "lost secrets")
	require.Zero(t, tally.stranded, "stranded clients")
	require.Zero(t, tally.falseFinished, "false finished")
	require.Zero(t, tally.stale, "records left in the default journal with nothing to finish")
}

// unprivileged is the user the binary runs as when the tests run as
// root, for whom no mode bit refuses anything.
const unprivileged = 65534

// buildDestCLI builds credkit where any user can run it, and says which
// user to run it as (nil: this one).
func buildDestCLI(t *testing.T) (string, *syscall.Credential) {
	t.Helper()
	dir := destDir(t, nil)
	// A copy of the shared build, in a folder any user can reach.
	data, err := os.ReadFile(buildCLI(t))
	require.NoError(t, err)
	bin := filepath.Join(dir, "credkit")
	require.NoError(t, os.WriteFile(bin, data, 0o755))
	chmod(t, bin, 0o755)
	if os.Getuid() != 0 {
		return bin, nil
	}
	return bin, &syscall.Credential{Uid: unprivileged, Gid: unprivileged}
}

// destDir is a new folder that user (nil: this one) owns, reachable by
// anyone.
func destDir(t *testing.T, user *syscall.Credential) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "credkit-dest-")
	require.NoError(t, err)
	t.Cleanup(func() {
		chmod(t, dir, 0o700)
		require.NoError(t, os.RemoveAll(dir))
	})
	chmod(t, dir, 0o755)
	if user != nil {
		require.NoError(t, os.Chown(dir, int(user.Uid), int(user.Gid)))
	}
	return dir
}

// destCLI runs credkit as user with stdout as given (nil: kept), and
// returns its exit code (-1 when a signal ended it) and output.
func destCLI(t *testing.T, bin string, user *syscall.Credential, home string, stdoutFile *os.File, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	// The default journal (no --state) lives in the cell's folder too,
	// where the user credkit runs as can write.
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "xdg"), envState+"=")
	if user != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: user}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdoutFile != nil {
		cmd.Stdout = stdoutFile
	}
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String(), stderr.String()
	default:
		require.NoError(t, err)
	}
	return 0, stdout.String(), stderr.String()
}

// brokenPipe is the writing end of a pipe whose reader is closed.
func brokenPipe(t *testing.T) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	require.NoError(t, r.Close())
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// adviceCommand is the credkit command the advice of stderr says to run
// next ("finish: credkit …", "and run: credkit …", "run `credkit …`"),
// or nil.
var adviceCommand = regexp.MustCompile("(?:finish: |run: |run `)(credkit secrets [^`\n]*?)(?:`|$| ;|\n)")

func runDestCell(t *testing.T, bin string, user *syscall.Credential, v crashVendor, f destFailure, journaled bool, tally *destTally) {
	testEnv(t)
	// The process reads the system clock: the simulators must too.
	clock = sim.SystemClock{}
	d := &destRun{dir: destDir(t, user)}
	d.state, d.secrets = filepath.Join(d.dir, "state.json"), filepath.Join(d.dir, "secrets.txt")
	if f.place != nil {
		f.place(t, d, user)
	}
	var acted, armed atomic.Bool
	var once sync.Once
	var broke error
	watch := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if armed.Load() {
				once.Do(func() {
					if f.during != nil {
						broke = f.during(d)
					}
				})
				for _, b := range v.begin {
					if b.Matches(r) {
						acted.Store(true)
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	client, oldSecret, view := v.start(t, nil, watch)
	vendor := string(v.vendor)
	rotate := append([]string{"secrets", "rotate", "--vendor", vendor, client}, v.flags...)
	if journaled {
		rotate = append(rotate, "--state", d.state)
	}
	secretArgs := []string{"--secret-file", cmp.Or(f.secretFile, d.secrets)}
	var stdout *os.File
	if f.stdout {
		secretArgs, stdout = []string{"--show-secret"}, brokenPipe(t)
	}
	if f.secretFile == "" && !f.stdout {
		// The user's secret file exists, empty, before the run.
		require.NoError(t, os.WriteFile(d.secrets, nil, 0o600))
		if user != nil {
			require.NoError(t, os.Chown(d.secrets, int(user.Uid), int(user.Gid)))
		}
	}
	if f.before != nil {
		f.before(t, d)
	}
	armed.Store(true)
	code, out, errOut := destCLI(t, bin, user, d.dir, stdout, append(rotate, secretArgs...)...)
	armed.Store(false)
	once.Do(func() {}) // the server's breaking is over
	require.NoError(t, broke, "breaking the destination")
	t.Logf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	if f.repair != nil {
		f.repair(t, d)
	}
	d.collect(t, v.vendor, client, out, errOut)
	require.NotContains(t, errOut, "panic")
	failed := code != 0
	toStderr := lastResortSecret.MatchString(errOut)
	if toStderr {
		require.True(t, adviceCommand.MatchString(errOut) || strings.Contains(errOut, "give every user of the client this secret now"),
			"the last resort says what to run next")
	}

	// A new secret in force (the old one stopped working, the client
	// holds a second one, a replacement client exists) must have reached
	// the user: in the file, on stdout, or on stderr as the last resort.
	holders := view.clients("crash-client")
	inForce := !view.works(client, oldSecret) || view.secrets(client) > 1 || len(holders) > 1
	reached := false
	for _, s := range d.given {
		for _, holder := range holders {
			reached = reached || (s != oldSecret && view.works(holder, s))
		}
	}
	lost := inForce && !reached
	require.True(t, acted.Load() || !inForce, "nothing is in force unless the vendor acted")

	// The user follows the advice, then completes the rotation with a
	// destination that works.
	secretArgs = []string{"--secret-file", d.secrets}
	falseFinished := false
	run := func(args ...string) (int, string, string) {
		code, out, errOut := destCLI(t, bin, user, d.dir, nil, args...)
		d.collect(t, v.vendor, client, out, errOut)
		if code == 0 && args[1] == "finish" && view.works(client, oldSecret) && strings.Contains(out, "finished") {
			falseFinished = true
		}
		return code, out, errOut
	}
	if m := adviceCommand.FindStringSubmatch(errOut); m != nil && !lost {
		args := strings.Fields(strings.TrimPrefix(m[1], "credkit "))
		if strings.Contains(m[1], "--new-secret-env") {
			t.Setenv(resumeEnv, d.given[len(d.given)-1])
		}
		code, out, errOut := run(args...)
		require.Equal(t, 0, code, "the advice runs as printed: %s\n%s%s", m[1], out, errOut)
	}
	if !view.works(client, oldSecret) && (!journaled || len(d.journal(t, user)) == 0) {
		// Nothing is left to finish: the old secret is gone.
	} else {
		code, out, errOut := run(append(rotate, secretArgs...)...)
		require.Equal(t, 0, code, "rotate again: %s%s", out, errOut)
		finish := []string{"secrets", "finish", "--vendor", vendor, "--state", d.state}
		if !journaled {
			m := adviceCommand.FindStringSubmatch(errOut)
			if m == nil {
				require.Contains(t, errOut, "nothing is left to finish")
				finish = nil
			} else {
				finish = strings.Fields(strings.TrimPrefix(m[1], "credkit "))
			}
		}
		if finish != nil {
			code, out, errOut = run(finish...)
			require.Equal(t, 0, code, "finish: %s%s", out, errOut)
		}
	}

	// The end: one working secret, the user's; the old one retired; no
	// orphan; an empty journal.
	stranded, stale := false, false
	if journaled {
		stranded = len(d.journal(t, user)) != 0
	} else if d.state = filepath.Join(d.dir, "xdg", "credkit", "rotations.json"); fileExists(d.state) {
		// The default journal, where a run without --state records: a
		// rotation that left nothing to finish (a secret replaced at
		// once) must not keep its record there, or the next rotation of
		// the client would resume one that is over.
		stale = len(d.journal(t, user)) != 0
	}
	holders = view.clients("crash-client")
	require.NotEmpty(t, d.given)
	last := d.given[len(d.given)-1]
	holder := ""
	for _, h := range holders {
		if view.works(h, last) {
			holder = h
		}
	}
	switch {
	case holder == "":
		lost = true
	case view.secrets(holder) != 1 || view.works(client, oldSecret) || len(holders) != 1:
		stranded = true
	}

	tally.mu.Lock()
	defer tally.mu.Unlock()
	tally.cells++
	tally.rows = append(tally.rows, fmt.Sprintf("%-12s %-55s %-8s acted=%-5v exit=%-2d stderr-secret=%-5v lost=%-5v stranded=%-5v false-finished=%v",
		cmp.Or(v.label, vendor), f.name, map[bool]string{true: "state", false: "default-journal"}[journaled], acted.Load(), code, toStderr, lost, stranded, falseFinished))
	for _, c := range []struct {
		cond bool
		n    *int
	}{{acted.Load(), &tally.acted}, {failed, &tally.fail}, {toStderr, &tally.toStderr}, {lost, &tally.lost}, {stranded, &tally.stranded}, {falseFinished, &tally.falseFinished}, {stale, &tally.stale}} {
		if c.cond {
			*c.n++
		}
	}
	require.Contains(t, []int{0, 1}, code, "credkit ends with a status (never a signal)")
	require.False(t, lost, "the secret in force reached the user")
	require.False(t, stranded, "the client is not stranded")
	require.False(t, falseFinished, "no false finished")
}

// TestRegenerateToABrokenPipe runs the built `credkit secrets regenerate
// --show-secret` with stdout a pipe whose reader is gone, for every
// vendor row: where the vendor replaced the secret (the old one stopped
// working), the new one reaches stderr as the last resort, works, and
// the exit status is 1, not a signal; elsewhere nothing changed.
func TestRegenerateToABrokenPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, user := buildDestCLI(t)
	replaced := 0
	for _, v := range crashVendors {
		for _, journaled := range []bool{true, false} {
			row := cmp.Or(v.label, string(v.vendor))
			t.Run(fmt.Sprintf("%s/state=%v", row, journaled), func(t *testing.T) {
				testEnv(t)
				clock = sim.SystemClock{}
				dir := destDir(t, user)
				client, oldSecret, view := v.start(t, nil, nil)
				args := []string{"secrets", "regenerate", "--vendor", string(v.vendor), client, "--show-secret"}
				if journaled {
					args = append(args, "--state", filepath.Join(dir, "state.json"))
				}
				code, out, errOut := destCLI(t, bin, user, dir, brokenPipe(t), args...)
				require.Empty(t, out)
				require.Equal(t, 1, code, "an exit status, not a signal: %s", errOut)
				if view.works(client, oldSecret) {
					require.NotRegexp(t, lastResortSecret, errOut, "nothing changed, nothing to show")
					return
				}
				replaced++
				m := regexp.MustCompile(`as the last resort \(it is shown only once\): (\S+) ;`).FindStringSubmatch(errOut)
				require.NotNil(t, m, "the new secret reaches stderr: %s", errOut)
				require.True(t, view.works(client, rotations.DecodeSecret(m[1]).Reveal()), "the secret shown works")
				require.Contains(t, errOut, "give every user of the client this secret now")
			})
		}
	}
	t.Logf("regenerate to a broken pipe: %d runs replaced the secret, each shown on stderr", replaced)
	require.Positive(t, replaced)
}
