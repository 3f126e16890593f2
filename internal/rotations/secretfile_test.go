package rotations_test

import (
	"os"
	"path/filepath"
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

	require.NoError(t, f.Add(unified.SailPoint, "old", "new1", unified.NewSecret("first-secret")))
	require.NoError(t, f.Add(unified.SailPoint, "old", "new2", unified.NewSecret("second-secret")))
	require.NoError(t, f.Add(unified.Okta, "old", "old", unified.NewSecret("okta-secret")))
	holder, secret := f.LookupClient(unified.SailPoint, "old")
	require.Equal(t, "new2", holder, "the last line wins")
	require.Equal(t, "second-secret", secret.Reveal())
	holder, secret = f.LookupClient(unified.VMwareCSP, "old")
	require.Empty(t, holder)
	require.True(t, secret.IsZero())
	require.Error(t, f.Add(unified.Okta, "c", "c", unified.NewSecret("two words")), "a secret with white space cannot be one line")
	require.NoError(t, f.Add(unified.Okta, "c", "c", unified.Secret{}), "no secret, nothing written")

	open := filepath.Join(dir, "open.txt")
	require.NoError(t, os.WriteFile(open, nil, 0o644))
	_, err = rotations.OpenSecretFile(open)
	require.ErrorContains(t, err, "readable by others")
	_, err = rotations.OpenSecretFile(filepath.Join(dir, "missing", "s.txt"))
	require.Error(t, err)
}

func TestCSPSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		s, err := rotations.CSPSecret()
		require.NoError(t, err)
		v := s.Reveal()
		require.Len(t, v, 32)
		require.Regexp(t, `[a-z]`, v)
		require.Regexp(t, `[A-Z]`, v)
		require.Regexp(t, `[0-9]`, v)
		require.Regexp(t, `[!#%*+.:=?@^_~]`, v)
		require.False(t, seen[v])
		seen[v] = true
	}
}
