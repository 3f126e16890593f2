package rotations_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

func TestSecretFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secrets.txt")
	f, err := rotations.OpenSecretFile(path)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "created for its owner only")

	require.NoError(t, second(f.Add(unified.Vendor("sailpoint"), "old", "new1", unified.NewSecret("first-secret"))))
	require.NoError(t, second(f.Add(unified.Vendor("sailpoint"), "old", "new2", unified.NewSecret("second-secret"))))
	require.NoError(t, second(f.Add(unified.Vendor("okta"), "old", "old", unified.NewSecret("okta-secret"))))
	holder, secret := f.LookupClient(unified.Vendor("sailpoint"), "old")
	require.Equal(t, "new2", holder, "the last line wins")
	require.Equal(t, "second-secret", secret.Reveal())
	holder, secret = f.LookupClient(unified.Vendor("vmwarecsp"), "old")
	require.Empty(t, holder)
	require.True(t, secret.IsZero())
	require.Error(t, second(f.Add(unified.Vendor("okta"), "c", "c", unified.NewSecret("two words"))), "a secret with white space cannot be one line")
	require.NoError(t, second(f.Add(unified.Vendor("okta"), "c", "c", unified.Secret{})), "no secret, nothing written")

	open := filepath.Join(dir, "open.txt")
	require.NoError(t, os.WriteFile(open, nil, 0o644))
	_, err = rotations.OpenSecretFile(open)
	require.ErrorContains(t, err, "readable by others")
	_, err = rotations.OpenSecretFile(filepath.Join(dir, "missing", "s.txt"))
	require.Error(t, err)
}

// A secret file that is not a regular file is refused without opening it
// (a FIFO would block); one that is the journal or its lock is refused
// before the journal is opened.
func TestSecretFileRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, path := range []string{fifo, dir, "/dev/null"} {
		_, err := rotations.OpenSecretFile(path)
		require.ErrorContains(t, err, "is not a regular file", path)
	}

	state := filepath.Join(dir, "state.json")
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.WriteFile(state, []byte("{}"), 0o600))
	require.NoError(t, os.WriteFile(state+".lock", nil, 0o600))
	require.NoError(t, os.Symlink(state, link))
	tests := []struct {
		name, secrets, state string
		refused              bool
	}{
		{"the state file", state, state, true},
		{"the state file through a link", link, state, true},
		{"the link's target", state, link, true},
		{"the lock file", state + ".lock", state, true},
		{"the lock of a linked state", state + ".lock", link, true},
		{"another file", filepath.Join(dir, "secrets.txt"), state, false},
		{"a state file not made yet", filepath.Join(dir, "secrets.txt"), filepath.Join(dir, "new.json"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := rotations.OpenSecretFile(tt.secrets)
			require.NoError(t, err)
			err = f.Apart(tt.state)
			if tt.refused {
				require.ErrorContains(t, err, "is the --state file or its lock")
			} else {
				require.NoError(t, err)
			}
		})
	}
	var none *rotations.SecretFile
	require.NoError(t, none.Apart(state), "no secret file, nothing to check")
}

// A secret file another user owns is refused, whatever its mode: in a
// sticky folder such as /tmp, its owner can read or swap it.
func TestSecretFileMustBeOurs(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("SKIPPED: giving a file to another user needs root")
	}
	path := filepath.Join(t.TempDir(), "secrets")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	require.NoError(t, os.Chown(path, 65534, 65534))
	_, err := rotations.OpenSecretFile(path)
	require.ErrorContains(t, err, "belongs to another user (uid 65534)")
	require.NoError(t, os.Chown(path, os.Getuid(), os.Getgid()))
	_, err = rotations.OpenSecretFile(path)
	require.NoError(t, err)
}

// A destination that fails once the file was checked (a full disk, the
// file made read-only, the file gone) fails Add with a NotKeptError,
// which tells the caller to show the secret as the last resort, and the
// error never quotes the secret.
func TestSecretFileNotKept(t *testing.T) {
	const secret = "not-kept-secret-value-0123456789"
	tests := []struct {
		name string
		// root: the case means nothing to root, whom no mode refuses.
		root bool
		brk  func(path string) error
		want error
	}{
		{"full disk (/dev/full)", true, func(path string) error {
			if _, err := os.Stat("/dev/full"); err != nil {
				return err
			}
			if err := os.Remove(path); err != nil {
				return err
			}
			return os.Symlink("/dev/full", path)
		}, syscall.ENOSPC},
		{"file gone", true, os.Remove, fs.ErrNotExist},
		{"file made read-only", false, func(path string) error { return os.Chmod(path, 0o400) }, fs.ErrPermission},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.root && os.Getuid() == 0 {
				t.Skip("root ignores the mode")
			}
			path := filepath.Join(t.TempDir(), "secrets")
			sf, err := rotations.OpenSecretFile(path)
			require.NoError(t, err)
			require.NoError(t, tt.brk(path))
			_, err = sf.Add(unified.Okta, "client", "client", unified.NewSecret(secret))
			require.ErrorIs(t, err, tt.want)
			require.ErrorAs(t, err, new(*rotations.NotKeptError))
			require.NotContains(t, err.Error(), secret)
		})
	}
}

// second is the error of a call that also returns a value.
func second[T any](_ T, err error) error { return err }

// A line keeps four fields split on white space, as deploy scripts read
// it, whether or not the rotation knows its new client.
func TestSecretFileLineHasFourFields(t *testing.T) {
	tests := []struct{ newClient, field, holder, secret string }{
		{newClient: "new-1", field: "new-1", holder: "new-1", secret: "s3cret"},
		// LookupClient finds a secret by the client that holds it: a
		// line naming none is for the user, not a resume.
		{newClient: "", field: "-", holder: "", secret: ""},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "secrets.txt")
			f, err := rotations.OpenSecretFile(path)
			require.NoError(t, err)
			require.NoError(t, second(f.Add(unified.Vendor("sailpoint"), "old", tt.newClient, unified.NewSecret("s3cret"))))
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, []string{"sailpoint", "old", tt.field, "s3cret"}, strings.Fields(string(data)))
			require.Equal(t, "sailpoint old "+tt.field+" s3cret\n", string(data), "one space between fields")
			holder, secret := f.LookupClient(unified.Vendor("sailpoint"), "old")
			require.Equal(t, tt.holder, holder)
			require.Equal(t, tt.secret, secret.Reveal())
		})
	}
}
