package rotations_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	simokta "github.com/credkit/credkit/sim/okta"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

func noSleep(context.Context, time.Duration) error { return nil }

// rotator is one "machine": its own provider, journal and secret file.
func rotator(t *testing.T, p *unified.Provider) (*rotations.Provider, *rotations.State) {
	t.Helper()
	dir := t.TempDir()
	st, err := rotations.OpenState(context.Background(), filepath.Join(dir, "state.json"), 0, io.Discard, func() time.Time { return sim.Epoch })
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	secrets, err := rotations.OpenSecretFile(filepath.Join(dir, "secrets.txt"))
	require.NoError(t, err)
	return &rotations.Provider{Provider: p, State: st, Secrets: secrets}, st
}

// Two rotators begin on one client at the same moment, many times over:
// at most one begins, the other is refused with FailedPrecondition and
// keeps no record; after both finish, the client holds one secret and it
// is the one the winner holds.
func TestTwoRotatorsRace(t *testing.T) {
	for _, c := range []struct {
		vendor string
		setup  func(t *testing.T) (newProvider func() *unified.Provider, client string, count func() int, works func(string) bool)
	}{
		{"okta", func(t *testing.T) (func() *unified.Provider, string, func() int, func(string) bool) {
			s := simokta.New(nil)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			app := s.CreateApp("race", "")
			return func() *unified.Provider {
					p, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: simokta.DefaultAPIToken}, &okta.Options{Sleep: noSleep})
					require.NoError(t, err)
					return p
				}, app, func() int { return len(s.Secrets(app)) },
				func(v string) bool { return s.SecretWorks(app, v) }
		}},
		{"vmwarecsp", func(t *testing.T) (func() *unified.Provider, string, func() int, func(string) bool) {
			s := simcsp.New(nil)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			app, _ := s.CreateApp("race")
			return func() *unified.Provider {
					p, err := vmwarecsp.New(vmwarecsp.Config{URL: srv.URL, OrgID: s.OrgID(), APIToken: simcsp.DefaultAPIToken}, &vmwarecsp.Options{Sleep: noSleep})
					require.NoError(t, err)
					return p
				}, app, func() int {
					st := s.Secrets(app)
					if st.Previous != "" {
						return 2
					}
					return 1
				},
				func(v string) bool { return s.SecretWorks(app, v) }
		}},
		{"auth0 key client", func(t *testing.T) (func() *unified.Provider, string, func() int, func(string) bool) {
			srv := httptest.NewUnstartedServer(nil)
			s := simauth0.New(&simauth0.Options{Domain: srv.Listener.Addr().String()})
			srv.Config.Handler = s
			srv.Start()
			t.Cleanup(srv.Close)
			key, err := simauth0.NewKey()
			require.NoError(t, err)
			client, _ := s.CreateKeyClient("race", &key.PublicKey)
			id, secret := s.AdminCredentials()
			return func() *unified.Provider {
					p, err := auth0.New(auth0.Config{Domain: srv.URL, ClientID: id, ClientSecret: secret, Audience: s.Audience()}, &auth0.Options{Sleep: noSleep})
					require.NoError(t, err)
					return p
				}, client, func() int { return s.CredentialCount(client) },
				func(v string) bool { return s.CredentialWorks(client, v) }
		}},
	} {
		t.Run(c.vendor, func(t *testing.T) {
			newProvider, client, count, works := c.setup(t)
			for round := range 10 {
				a, stA := rotator(t, newProvider())
				b, stB := rotator(t, newProvider())
				var wg sync.WaitGroup
				rots := make([]*unified.Rotation, 2)
				errs := make([]error, 2)
				for i, r := range []*rotations.Provider{a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						rots[i], errs[i] = r.RotateSecret(context.Background(), client, nil)
					}()
				}
				wg.Wait()
				begun := 0
				for i := range errs {
					if errs[i] == nil {
						begun++
						continue
					}
					require.Equal(t, unified.FailedPrecondition, unified.CodeOf(errs[i]), "round %d: %v", round, errs[i])
				}
				require.Equal(t, 1, begun, "round %d: exactly one of two begins", round)
				for i, st := range []*rotations.State{stA, stB} {
					saved := st.Rotations("")
					if errs[i] != nil {
						require.Empty(t, saved, "the refused rotator keeps no record")
						continue
					}
					require.Len(t, saved, 1)
					require.NoError(t, []*rotations.Provider{a, b}[i].FinishRotation(context.Background(), saved[0]))
					require.True(t, works(rots[i].New.Secret.Reveal()), "the winner's secret works")
				}
				require.Equal(t, 1, count(), "round %d: one secret left", round)
			}
		})
	}
}

// Show gets each new secret before the journal records the outcome, and
// for CSP, whose secret credkit makes, before the request that installs
// it; an error from Show stops the rotation there.
func TestProviderShowsSecretFirst(t *testing.T) {
	// shown is what the journal and the vendor held when Show ran: the
	// recorded phase ("" for no record) and whether the secret was in
	// force.
	type shown struct {
		phase     unified.Phase
		installed bool
	}
	tests := []struct {
		name string
		// setup makes a provider on a fresh simulator; installed tells
		// whether the vendor holds secret v for client.
		setup func(t *testing.T) (p *unified.Provider, client string, installed func(v string) bool)
		want  shown
		// answered: the vendor made the secret, or --secret-file kept it,
		// so it acted before Show.
		answered bool
		// noFile: no --secret-file, Show is the only destination.
		noFile bool
		// failedShow is the phase the journal records when Show fails
		// after the vendor acted: begun where no destination took the
		// secret (it goes to stderr as the last resort), pending where
		// --secret-file kept it before the request (the next run resumes
		// from the file).
		failedShow unified.Phase
	}{
		{"vmwarecsp, stdout only: before the request", cspShow, shown{"", false}, false, true, ""},
		{"vmwarecsp with --secret-file: after the answer, so that a refusal prints nothing", cspShow, shown{unified.PhasePending, true}, true, false, unified.PhasePending},
		{"okta: after the answer, before the outcome is recorded", func(t *testing.T) (*unified.Provider, string, func(string) bool) {
			s := simokta.New(nil)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			app := s.CreateApp("show", "")
			p, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: simokta.DefaultAPIToken}, &okta.Options{Sleep: noSleep})
			require.NoError(t, err)
			return p, app, func(v string) bool { return s.SecretWorks(app, v) }
		}, shown{unified.PhasePending, true}, true, false, unified.PhaseBegun},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, client, installed := tt.setup(t)
			j, st := rotator(t, p)
			if tt.noFile {
				j.Secrets = nil
			}
			var got []shown
			j.Show = func(vendor unified.Vendor, c, newClient string, secret unified.Secret) error {
				var phase unified.Phase
				if saved, _ := st.Get(vendor, c); saved != nil {
					phase = saved.Phase
				}
				got = append(got, shown{phase, installed(secret.Reveal())})
				return nil
			}
			rot, err := j.RotateSecret(context.Background(), client, nil)
			require.NoError(t, err)
			require.Equal(t, []shown{tt.want}, got)
			saved, _ := st.Get(p.Vendor(), client)
			require.Equal(t, unified.PhaseBegun, saved.Phase, "the outcome is recorded after")
			require.NoError(t, j.FinishRotation(context.Background(), rot))

			// A Show that fails stops the rotation where it is.
			j.Show = func(unified.Vendor, string, string, unified.Secret) error {
				return &rotations.NotKeptError{Err: errors.New("stdout closed")}
			}
			rot, err = j.RotateSecret(context.Background(), client, nil)
			require.ErrorContains(t, err, "stdout closed")
			require.ErrorAs(t, err, new(*rotations.NotKeptError), "the caller knows no destination took the secret")
			if !tt.answered {
				require.Nil(t, rot, "nothing was sent")
				require.Empty(t, st.Rotations(""), "nothing was sent, nothing is recorded")
			} else {
				// The vendor acted: the caller gets the rotation, whose
				// secret it shows as the last resort where no destination
				// took it, and the journal (which holds no secret) records
				// it then, for finish --state.
				require.NotNil(t, rot)
				require.True(t, installed(rot.New.Secret.Reveal()))
				saved, _ := st.Get(p.Vendor(), client)
				require.Equal(t, tt.failedShow, saved.Phase)
			}
		})
	}
}

// cspShow is a provider on a fresh CSP simulator with one app.
func cspShow(t *testing.T) (*unified.Provider, string, func(string) bool) {
	s := simcsp.New(nil)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	app, _ := s.CreateApp("show")
	p, err := vmwarecsp.New(vmwarecsp.Config{URL: srv.URL, OrgID: s.OrgID(), APIToken: simcsp.DefaultAPIToken}, &vmwarecsp.Options{Sleep: noSleep})
	require.NoError(t, err)
	return p, app, func(v string) bool { return s.SecretWorks(app, v) }
}
