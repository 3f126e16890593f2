package rotations_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
)

// auth0Tenant is a simulated tenant and a journaled rotator over it; the
// journal and the secret file outlive each "process" (provider).
type auth0Tenant struct {
	s                   *simauth0.Server
	faults              *sim.Faults
	newProvider         func() *unified.Provider
	statePath, secretFn string
}

func newAuth0Tenant(t *testing.T) *auth0Tenant {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	faults := sim.NewFaults(0, 1)
	s := simauth0.New(&simauth0.Options{Domain: srv.Listener.Addr().String(), Faults: faults})
	srv.Config.Handler = s
	srv.Start()
	t.Cleanup(srv.Close)
	id, secret := s.AdminCredentials()
	dir := t.TempDir()
	return &auth0Tenant{s: s, faults: faults, statePath: filepath.Join(dir, "state.json"), secretFn: filepath.Join(dir, "secrets.txt"),
		newProvider: func() *unified.Provider {
			p, err := auth0.New(auth0.Config{Domain: srv.URL, ClientID: id, ClientSecret: secret, Audience: s.Audience()},
				&auth0.Options{Sleep: noSleep, GenerateKey: simauth0.NewKey, MaxRetries: 1})
			require.NoError(t, err)
			return p
		}}
}

// process runs work as one process: a fresh provider over the journal;
// withSecrets says whether it has --secret-file. It ends early, as a
// killed process, at crash.
func (a *auth0Tenant) process(t *testing.T, withSecrets bool, crash string, work func(p *rotations.Provider)) {
	t.Helper()
	st, err := rotations.OpenState(context.Background(), a.statePath, 0, io.Discard, func() time.Time { return sim.Epoch })
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	p := &rotations.Provider{Provider: a.newProvider(), State: st}
	if withSecrets {
		p.Secrets, err = rotations.OpenSecretFile(a.secretFn)
		require.NoError(t, err)
	}
	p.Crash = func(point string) {
		if point == crash {
			panic(errCrash)
		}
	}
	defer func() {
		if r := recover(); r != nil && r != errCrash {
			panic(r)
		}
	}()
	work(p)
}

var errCrash = &unified.Error{Code: unified.Internal, Message: "killed"}

func (a *auth0Tenant) saved(t *testing.T, client string) *unified.Rotation {
	t.Helper()
	st, err := rotations.OpenState(context.Background(), a.statePath, 0, io.Discard, func() time.Time { return sim.Epoch })
	require.NoError(t, err)
	defer func() { require.NoError(t, st.Close()) }()
	r, _ := st.Get(unified.Vendor("auth0"), client)
	return r
}

func TestAuth0JournaledRotation(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// secretClient: a client-secret client, rotated at once.
		secretClient, withSecrets bool
		// staleKey: --secret-file's last key of the client is the old
		// one (an earlier rotation's), not the lost rotation's.
		staleKey bool
		crash    string
		fault    *sim.Fault
		// keys is how many credentials the client holds after the
		// crashed run (before recovery).
		keys int
	}{
		{name: "key: killed before the upload", withSecrets: true, crash: rotations.CrashBeforeRequest, keys: 1},
		{name: "key: upload's answer lost, key found again by its kid", withSecrets: true, crash: rotations.CrashAfterAnswer,
			fault: &sim.Fault{Method: http.MethodPost, PathContains: "/credentials", Kind: sim.FaultDropAfter}, keys: 2},
		{name: "key: killed after the answer", withSecrets: true, crash: rotations.CrashAfterAnswer, keys: 2},
		{name: "key: private key lost (no --secret-file): the orphan key is deleted, rotation begun again", crash: rotations.CrashAfterAnswer,
			fault: &sim.Fault{Method: http.MethodPost, PathContains: "/credentials", Kind: sim.FaultDropAfter}, keys: 2},
		{name: "key: private key lost, --secret-file holds an earlier key: not taken for it, rolled back", staleKey: true, crash: rotations.CrashAfterAnswer,
			fault: &sim.Fault{Method: http.MethodPost, PathContains: "/credentials", Kind: sim.FaultDropAfter}, keys: 2},
		{name: "secret: killed before the request", secretClient: true, withSecrets: true, crash: rotations.CrashBeforeRequest},
		{name: "secret: killed after the answer, the secret already written", secretClient: true, withSecrets: true, crash: rotations.CrashAfterAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAuth0Tenant(t)
			var client, old string
			opts := &unified.RotateOptions{}
			if tc.secretClient {
				client, old = a.s.CreateClient("journaled")
				opts.AllowImmediateRotation = true
			} else {
				key, err := simauth0.NewKey()
				require.NoError(t, err)
				client, _ = a.s.CreateKeyClient("journaled", &key.PublicKey)
				old = simauth0.PrivatePEM(key)
			}
			if tc.staleKey {
				f, err := rotations.OpenSecretFile(a.secretFn)
				require.NoError(t, err)
				require.NoError(t, second(f.Add(unified.Vendor("auth0"), client, client, unified.NewSecret(old))))
			}
			if tc.fault != nil {
				a.faults.Script(*tc.fault)
			}
			a.process(t, tc.withSecrets, tc.crash, func(p *rotations.Provider) { _, _ = p.RotateSecret(ctx, client, opts) })
			saved := a.saved(t, client)
			require.NotNil(t, saved, "the intent was recorded before the request")
			require.Equal(t, unified.PhasePending, saved.Phase)
			if !tc.secretClient {
				require.Equal(t, tc.keys, a.s.CredentialCount(client))
				require.NotEmpty(t, saved.New.Hint, "the new key's kid is recorded")
			}

			var rot *unified.Rotation
			a.process(t, true, "", func(p *rotations.Provider) {
				var err error
				rot, err = p.RotateSecret(ctx, client, opts)
				require.NoError(t, err)
			})
			if tc.secretClient {
				// Replaced at once: nothing is left to finish, so the
				// record goes as soon as the secret is kept.
				require.Nil(t, a.saved(t, client), "an immediate rotation leaves no record once its secret is kept")
			} else {
				require.Equal(t, unified.PhaseBegun, a.saved(t, client).Phase)
			}
			if !tc.secretClient {
				require.Equal(t, 2, a.s.CredentialCount(client), "old and new, never a third")
				require.True(t, a.s.CredentialWorks(client, old), "the old key works until finished")
			}
			if tc.crash == rotations.CrashBeforeRequest || tc.fault != nil && tc.withSecrets {
				f, err := rotations.OpenSecretFile(a.secretFn)
				require.NoError(t, err)
				_, first := f.LookupClient(unified.Vendor("auth0"), client)
				require.False(t, first.IsZero())
			}
			if begun := a.saved(t, client); begun != nil {
				a.process(t, true, "", func(p *rotations.Provider) { require.NoError(t, p.FinishRotation(ctx, begun)) })
			}

			require.Nil(t, a.saved(t, client), "the journal is empty")
			f, err := rotations.OpenSecretFile(a.secretFn)
			require.NoError(t, err)
			_, secret := f.LookupClient(unified.Vendor("auth0"), client)
			require.Equal(t, rot.New.Secret.Reveal(), secret.Reveal(), "--secret-file holds the new secret")
			require.True(t, a.s.CredentialWorks(client, secret.Reveal()), "the user's secret works")
			require.False(t, a.s.CredentialWorks(client, old), "the old one is retired")
			if !tc.secretClient {
				require.Equal(t, 1, a.s.CredentialCount(client), "one key left, no orphan")
			}
		})
	}
}

func TestSecretFileKeepsAPEMOnOneLine(t *testing.T) {
	key, err := simauth0.NewKey()
	require.NoError(t, err)
	pem := unified.NewSecret(simauth0.PrivatePEM(key))
	path := filepath.Join(t.TempDir(), "secrets.txt")
	f, err := rotations.OpenSecretFile(path)
	require.NoError(t, err)
	require.NoError(t, second(f.Add(unified.Vendor("auth0"), "c", "c", pem)))
	field := rotations.EncodeSecret(pem)
	require.True(t, strings.HasPrefix(field, "pem:"))
	require.NotContains(t, field, "\n")
	_, got := f.LookupClient(unified.Vendor("auth0"), "c")
	require.Equal(t, pem.Reveal(), got.Reveal(), "read back as the PEM")
	for _, plain := range []string{"plain-secret", "pem:not base64!"} {
		require.Equal(t, plain, rotations.DecodeSecret(rotations.EncodeSecret(unified.NewSecret(plain))).Reveal())
	}
}
