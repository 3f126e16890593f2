package main

import (
	"cmp"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// The scenarios of issue 13, each against a simulator.
func TestRotationScenarios(t *testing.T) {
	okta, csp := crashVendors[0], crashVendors[2]

	t.Run("unwritable state path: refused before any request", func(t *testing.T) {
		testEnv(t)
		client, old, view := okta.start(t, sim.NewFaults(0, 1), nil)
		state := filepath.Join(t.TempDir(), "no-such-dir", "state.json")
		code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state)
		require.Equal(t, 1, code)
		require.Contains(t, stderr, "credkit: opening the state file: ")
		require.Equal(t, 1, view.secrets(client), "nothing was sent")
		require.True(t, view.works(client, old))
	})

	t.Run("overlap out of range: refused, not wrapped", func(t *testing.T) {
		testEnv(t)
		for _, v := range []string{"213504d", "24856d", "99999999999d"} {
			code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", "app", "--overlap", v)
			require.Equal(t, 2, code, v)
			require.Contains(t, stderr, v, v)
		}
	})

	t.Run("--secret-file that is the --state file: refused before any request", func(t *testing.T) {
		testEnv(t)
		client, old, view := csp.start(t, sim.NewFaults(0, 1), nil)
		state := filepath.Join(t.TempDir(), "state.json")
		for _, secrets := range []string{state, state + ".lock"} {
			code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", state, "--secret-file", secrets)
			require.Equal(t, 2, code, stderr)
			require.Contains(t, stderr, "is the --state file or its lock")
			require.Equal(t, 1, view.secrets(client), "nothing was sent")
			require.True(t, view.works(client, old))
			require.Empty(t, savedRotations(t, state), "the journal is still one")
		}
	})

	t.Run("--overlap where the vendor decides: refused before any request", func(t *testing.T) {
		for _, v := range crashVendors {
			if v.vendor == unified.Vendor("vmwarecsp") {
				continue
			}
			t.Run(cmp.Or(v.label, string(v.vendor)), func(t *testing.T) {
				testEnv(t)
				client, old, view := v.start(t, sim.NewFaults(0, 1), nil)
				code, stdout, stderr := runCLI(t, append([]string{"secrets", "rotate", "--vendor", string(v.vendor), client, "--overlap", "2d", "--show-secret"}, v.flags...)...)
				require.Equal(t, 2, code, stdout)
				require.Contains(t, stderr, "--overlap: "+string(v.vendor)+" does not let you choose how long the old secret works")
				require.Equal(t, 1, view.secrets(client), "nothing was sent")
				require.True(t, view.works(client, old))
			})
		}
	})

	t.Run("finished by hand: rotate and finish with the stale file do not claim work", func(t *testing.T) {
		testEnv(t)
		client, _, view := okta.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		state, secrets := filepath.Join(dir, "s.json"), filepath.Join(dir, "secrets.txt")
		code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state, "--secret-file", secrets)
		require.Equal(t, 0, code, stderr)
		saved := savedRotations(t, state)[client]
		code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "okta", client, "--old", saved.Old.ID)
		require.Equal(t, 0, code, stderr)

		// finish --state: nothing to finish, nothing changed.
		code, stdout, stderr := runCLI(t, "secrets", "finish", "--state", state)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, "nothing to finish")
		require.Empty(t, savedRotations(t, state))
		require.Equal(t, 1, view.secrets(client))

		// finish by hand again: nothing to finish.
		code, stdout, _ = runCLI(t, "secrets", "finish", "--vendor", "okta", client, "--old", saved.Old.ID, "--new", saved.New.ID)
		require.Equal(t, 0, code)
		require.Contains(t, stdout, "nothing to finish")
	})

	t.Run("finished by hand then rotate --state begins anew", func(t *testing.T) {
		testEnv(t)
		client, _, view := okta.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		state, secrets := filepath.Join(dir, "s.json"), filepath.Join(dir, "secrets.txt")
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state, "--secret-file", secrets)))
		saved := savedRotations(t, state)[client]
		require.Equal(t, 0, first(runCLI(t, "secrets", "finish", "--vendor", "okta", client, "--old", saved.Old.ID)))
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state, "--secret-file", secrets)))
		again := savedRotations(t, state)[client]
		require.NotEqual(t, saved.New.ID, again.New.ID, "a new secret, not the stale rotation claimed begun")
		require.Equal(t, saved.New.ID, again.Old.ID)
		require.Equal(t, 2, view.secrets(client))
	})

	t.Run("rotated without the file: the stale entry is refused and dropped", func(t *testing.T) {
		testEnv(t)
		client, _, view := okta.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		state := filepath.Join(dir, "s.json")
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state)))
		saved := savedRotations(t, state)[client]
		// By hand: finish, rotate, finish again, without the file.
		require.Equal(t, 0, first(runCLI(t, "secrets", "finish", "--vendor", "okta", client, "--old", saved.Old.ID)))
		code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "-o", "json")
		require.Equal(t, 0, code, stderr)
		_ = stdout
		require.Equal(t, 0, first(runCLI(t, "secrets", "finish", "--vendor", "okta", client, "--old", saved.New.ID)))

		code, _, stderr = runCLI(t, "secrets", "finish", "--state", state)
		require.Equal(t, 1, code)
		require.Contains(t, stderr, "the saved rotation disagrees with the vendor")
		require.Empty(t, savedRotations(t, state), "dropped")
		require.Equal(t, 1, view.secrets(client), "nothing retired")
	})

	t.Run("two processes on one state file: the second fails clearly, then both rotations are kept", func(t *testing.T) {
		testEnv(t)
		client, _, _ := okta.start(t, sim.NewFaults(0, 1), nil)
		state := filepath.Join(t.TempDir(), "s.json")
		held, err := rotations.OpenState(context.Background(), state, 0, io.Discard, clock.Now)
		require.NoError(t, err)
		code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state, "--state-wait", "0s")
		require.Equal(t, 1, code)
		require.Contains(t, stderr, "journal is locked by another process")
		require.Contains(t, stderr, "pid ")
		// The holder records a rotation of another client meanwhile.
		require.NoError(t, held.Put(&unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "0oaother", Phase: unified.PhaseBegun, NewClientID: "0oaother",
			New: unified.Credential{ID: "s2"}, Old: unified.CredentialRef{ClientID: "0oaother", ID: "s1"}}, ""))
		require.NoError(t, held.Close())
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", state)))
		require.Len(t, savedRotations(t, state), 2, "re-read under the lock and merged, not overwritten")
	})

	t.Run("symlinked state file is written through", func(t *testing.T) {
		testEnv(t)
		client, _, _ := okta.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		target, link := filepath.Join(dir, "real.json"), filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink(target, link))
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", link)))
		info, err := os.Lstat(link)
		require.NoError(t, err)
		require.NotZero(t, info.Mode()&os.ModeSymlink, "still a link")
		require.Len(t, savedRotations(t, target), 1)
	})

	t.Run("two rotators on one Okta app: one begins, the other is refused", func(t *testing.T) {
		testEnv(t)
		client, _, view := okta.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", a)))
		code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", client, "--state", b)
		require.Equal(t, 1, code)
		require.Contains(t, stderr, "FailedPrecondition")
		require.Empty(t, savedRotations(t, b), "the refused rotation left no record")
		require.Equal(t, 0, first(runCLI(t, "secrets", "finish", "--state", a)))
		code, _, _ = runCLI(t, "secrets", "finish", "--vendor", "okta", "--state", b)
		require.Equal(t, 0, code)
		require.Equal(t, 1, view.secrets(client), "one secret left")
	})

	t.Run("two rotators on one CSP app: one begins, the other is refused", func(t *testing.T) {
		testEnv(t)
		client, _, view := csp.start(t, sim.NewFaults(0, 1), nil)
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
		fa, fb := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
		require.Equal(t, 0, first(runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", a, "--secret-file", fa)))
		code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", b, "--secret-file", fb)
		require.Equal(t, 1, code)
		require.Contains(t, stderr, "FailedPrecondition")
		_, secretB := lastSecret(t, fb, unified.Vendor("vmwarecsp"), client)
		require.False(t, view.works(client, secretB), "the refused secret was never installed")
		require.Empty(t, savedRotations(t, b))
		require.Equal(t, 0, first(runCLI(t, "secrets", "finish", "--state", a)))
		_, secretA := lastSecret(t, fa, unified.Vendor("vmwarecsp"), client)
		require.True(t, view.works(client, secretA))
		require.Equal(t, 1, view.secrets(client))
	})

	t.Run("CSP finish with nothing open does not claim to retire", func(t *testing.T) {
		testEnv(t)
		client, old, view := csp.start(t, sim.NewFaults(0, 1), nil)
		code, stdout, stderr := runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp", client)
		require.Equal(t, 0, code, stderr)
		require.NotContains(t, stdout, "RETIRED previous\n")
		require.Contains(t, stdout, "previous, if a rotation was open")
		require.True(t, view.works(client, old))
		state := filepath.Join(t.TempDir(), "s.json")
		code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp", "--state", state)
		require.Equal(t, 2, code, "a --state that names no journal is a usage error: %s", stderr)
		require.Contains(t, stderr, "no state file there")
		_, err := os.Stat(state)
		require.ErrorIs(t, err, fs.ErrNotExist, "and nothing is created")
		emptyJournal(t, state)
		code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "vmwarecsp", "--state", state)
		require.Equal(t, 0, code)
		require.True(t, strings.Contains(stderr, "holds no vmwarecsp rotation to finish: nothing to finish"), stderr)
		code, _, stderr = runCLI(t, "secrets", "finish", "--state", state)
		require.Equal(t, 0, code, "without --vendor too: %s", stderr)
		require.Contains(t, stderr, "nothing to finish")
	})
}

func first(code int, _, _ string) int { return code }

// emptyJournal writes a journal with no rotation at path.
func emptyJournal(t *testing.T, path string) {
	t.Helper()
	st, err := rotations.OpenState(context.Background(), path, 0, io.Discard, time.Now)
	require.NoError(t, err)
	require.NoError(t, st.Close())
}
