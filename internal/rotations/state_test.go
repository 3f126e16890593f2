package rotations_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/journal"
)

// A second run on a held state file fails at once, naming the lock; the
// holder's records survive; a record never holds a secret.
func TestStateLockAndRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	st, err := rotations.OpenState(context.Background(), path, 0, io.Discard, now)
	require.NoError(t, err)
	_, err = rotations.OpenState(context.Background(), path, 0, io.Discard, now)
	require.True(t, errors.Is(err, journal.ErrLocked), "%v", err)

	r := &unified.Rotation{Vendor: unified.Okta, ClientID: "app", Phase: unified.PhaseBegun, NewClientID: "app",
		New: unified.Credential{ID: "s2", Secret: unified.NewSecret("do-not-store-me")}, Old: unified.CredentialRef{ClientID: "app", ID: "s1"}}
	require.NoError(t, st.Put(r, ""))
	got, when := st.Get(unified.Okta, "app")
	require.Equal(t, unified.PhaseBegun, got.Phase)
	require.True(t, got.New.Secret.IsZero())
	require.Equal(t, now(), when)
	require.NotContains(t, string(must(os.ReadFile(path))), "do-not-store-me")
	require.NoError(t, st.Close())

	st, err = rotations.OpenState(context.Background(), path, 0, io.Discard, now)
	require.NoError(t, err)
	require.Len(t, st.Rotations(unified.Okta), 1)
	require.Empty(t, st.Rotations(unified.SailPoint))
	require.NoError(t, st.Drop(unified.Okta, "app"))
	require.Empty(t, st.Rotations(""))
	require.NoError(t, st.Close())
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
