package rotations_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
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

	r := &unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "app", Phase: unified.PhaseBegun, NewClientID: "app",
		New: unified.Credential{ID: "s2", Secret: unified.NewSecret("do-not-store-me")}, Old: unified.CredentialRef{ClientID: "app", ID: "s1"}}
	require.NoError(t, st.Put(r, ""))
	got, when := st.Get(unified.Vendor("okta"), "app")
	require.Equal(t, unified.PhaseBegun, got.Phase)
	require.True(t, got.New.Secret.IsZero())
	require.Equal(t, now(), when)
	require.NotContains(t, string(must(os.ReadFile(path))), "do-not-store-me")
	require.NoError(t, st.Close())

	st, err = rotations.OpenState(context.Background(), path, 0, io.Discard, now)
	require.NoError(t, err)
	require.Len(t, st.Rotations(unified.Vendor("okta")), 1)
	require.Empty(t, st.Rotations(unified.Vendor("sailpoint")))
	require.NoError(t, st.Drop(unified.Vendor("okta"), "app"))
	require.Empty(t, st.Rotations(""))
	require.NoError(t, st.Close())
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestStateMustExist(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "rotatoins.json")
	_, err := rotations.OpenStateWith(context.Background(), missing, &rotations.StateOptions{MustExist: true})
	require.ErrorIs(t, err, rotations.ErrNoState)
	_, statErr := os.Stat(missing)
	require.ErrorIs(t, statErr, fs.ErrNotExist, "a refused path is not created")
	_, statErr = os.Stat(missing + ".lock")
	require.ErrorIs(t, statErr, fs.ErrNotExist, "nor is a lock beside it")

	st, err := rotations.OpenStateWith(context.Background(), missing, nil)
	require.NoError(t, err, "rotate creates the journal")
	require.NoError(t, st.Close())
	st, err = rotations.OpenStateWith(context.Background(), missing, &rotations.StateOptions{MustExist: true})
	require.NoError(t, err, "an existing, even empty, journal opens")
	require.NoError(t, st.Close())
}

// A rotation recorded against a demo simulator is never read, finished or
// overwritten by a run against a tenant, nor the reverse.
func TestSimulatedRecordsStayApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	ctx := context.Background()
	demo := &unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "app1", NewClientID: "app1", Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: "app1", ID: "s1"}, New: unified.Credential{ID: "s2"}}

	st, err := rotations.OpenStateWith(ctx, path, &rotations.StateOptions{Simulated: true})
	require.NoError(t, err)
	require.NoError(t, st.Put(demo, ""))
	require.Len(t, st.Rotations(""), 1)
	require.NoError(t, st.Close())

	for _, c := range []struct {
		name      string
		simulated bool
		mine      int
	}{{"a tenant's run", false, 0}, {"another demo run", true, 1}} {
		t.Run(c.name, func(t *testing.T) {
			st, err := rotations.OpenStateWith(ctx, path, &rotations.StateOptions{Simulated: c.simulated})
			require.NoError(t, err)
			defer func() { require.NoError(t, st.Close()) }()
			require.Len(t, st.Rotations(""), c.mine)
			require.Equal(t, 1-c.mine, st.Others())
			got, _ := st.Get(unified.Vendor("okta"), "app1")
			require.Equal(t, c.mine == 1, got != nil)
			if c.mine == 0 {
				require.ErrorIs(t, st.Drop(unified.Vendor("okta"), "app1"), rotations.ErrOtherKind)
				require.ErrorIs(t, st.Put(demo, ""), rotations.ErrOtherKind)
			}
		})
	}
	st, err = rotations.OpenStateWith(ctx, path, &rotations.StateOptions{Simulated: true})
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	require.Len(t, st.Rotations(""), 1, "the demo record survived the tenant's run")
}

// No part of a secret reaches the journal: not the secret, nor a hint
// made of its last characters (CSP's); a vendor's own hint (a key's kid)
// stays.
func TestJournalKeepsNoPartOfASecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	st, err := rotations.OpenStateWith(context.Background(), path, nil)
	require.NoError(t, err)
	secret := unified.NewSecret("Zq8!mJ3#pL5$wR7^tY9&uI1*oP2(aS4)")
	csp := &unified.Rotation{Vendor: "vmwarecsp", ClientID: "app1", NewClientID: "app1", Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: "app1", ID: "previous"},
		New: unified.Credential{ID: "current", Secret: secret, Hint: unified.Hint(secret)}}
	key := &unified.Rotation{Vendor: "auth0", ClientID: "c1", NewClientID: "c1", Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: "c1", ID: "cred_1"},
		New: unified.Credential{ID: "cred_2", Secret: unified.NewSecret("-----BEGIN PRIVATE KEY-----\nabc\n"), Hint: "kid-thumbprint"}}
	require.NoError(t, st.Put(csp, ""))
	require.NoError(t, st.Put(key, ""))
	require.NoError(t, st.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(data), secret.Reveal()[len(secret.Reveal())-4:], "not even its last characters")
	require.NotContains(t, string(data), "PRIVATE KEY")
	require.Contains(t, string(data), "kid-thumbprint", "a vendor's hint is not part of the secret")
}

// A rotation saved for one tenant is never read, finished or overwritten
// by a run against another whose IDs collide (a cloned sandbox, a second
// simulator); a record without a tenant (older journals) is anyone's.
func TestTenantsStayApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	ctx := context.Background()
	rot := &unified.Rotation{Vendor: "okta", ClientID: "app1", NewClientID: "app1", Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: "app1", ID: "s1"}, New: unified.Credential{ID: "s2"}}
	st, err := rotations.OpenStateWith(ctx, path, &rotations.StateOptions{Tenant: "okta:https://a.okta.com"})
	require.NoError(t, err)
	require.NoError(t, st.Put(rot, ""))
	require.NoError(t, st.Close())

	other, err := rotations.OpenStateWith(ctx, path, &rotations.StateOptions{Tenant: "okta:https://b.okta.com"})
	require.NoError(t, err)
	require.Empty(t, other.Rotations(""))
	require.Equal(t, 1, other.Others())
	require.ErrorIs(t, other.Drop("okta", "app1"), rotations.ErrOtherKind)
	require.ErrorIs(t, other.Put(rot, ""), rotations.ErrOtherKind)
	require.NoError(t, other.Close())

	late, err := rotations.OpenStateWith(ctx, path, nil)
	require.NoError(t, err)
	require.Len(t, late.Rotations(""), 1, "a run that does not know its tenant yet sees every record")
	late.ForTenant("okta:https://b.okta.com")
	require.Empty(t, late.Rotations(""), "until it learns it")
	late.ForTenant("okta:https://a.okta.com")
	require.Len(t, late.Rotations(""), 1)
	require.NoError(t, late.Close())
}
