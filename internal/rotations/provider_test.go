package rotations_test

import (
	"context"
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
func rotator(t *testing.T, p unified.CredentialProvider) (*rotations.Provider, *rotations.State) {
	t.Helper()
	dir := t.TempDir()
	st, err := rotations.OpenState(context.Background(), filepath.Join(dir, "state.json"), 0, io.Discard, func() time.Time { return sim.Epoch })
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	secrets, err := rotations.OpenSecretFile(filepath.Join(dir, "secrets.txt"))
	require.NoError(t, err)
	return &rotations.Provider{CredentialProvider: p, State: st, Secrets: secrets, GenerateKey: simauth0.NewKey}, st
}

// Two rotators begin on one client at the same moment, many times over:
// at most one begins, the other is refused with FailedPrecondition and
// keeps no record; after both finish, the client holds one secret and it
// is the one the winner holds.
func TestTwoRotatorsRace(t *testing.T) {
	for _, c := range []struct {
		vendor string
		setup  func(t *testing.T) (newProvider func() unified.CredentialProvider, client string, count func() int, works func(string) bool)
	}{
		{"okta", func(t *testing.T) (func() unified.CredentialProvider, string, func() int, func(string) bool) {
			s := simokta.New(nil)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			app := s.CreateApp("race", "")
			return func() unified.CredentialProvider {
					p, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: simokta.DefaultAPIToken}, &okta.Options{Sleep: noSleep})
					require.NoError(t, err)
					return p
				}, app, func() int { return len(s.Secrets(app)) },
				func(v string) bool { return s.SecretWorks(app, v) }
		}},
		{"vmwarecsp", func(t *testing.T) (func() unified.CredentialProvider, string, func() int, func(string) bool) {
			s := simcsp.New(nil)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			app, _ := s.CreateApp("race")
			return func() unified.CredentialProvider {
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
		{"auth0 key client", func(t *testing.T) (func() unified.CredentialProvider, string, func() int, func(string) bool) {
			srv := httptest.NewUnstartedServer(nil)
			s := simauth0.New(&simauth0.Options{Domain: srv.Listener.Addr().String()})
			srv.Config.Handler = s
			srv.Start()
			t.Cleanup(srv.Close)
			key, err := simauth0.NewKey()
			require.NoError(t, err)
			client, _ := s.CreateKeyClient("race", &key.PublicKey)
			id, secret := s.AdminCredentials()
			return func() unified.CredentialProvider {
					p, err := auth0.New(auth0.Config{Domain: srv.URL, ClientID: id, ClientSecret: secret, Audience: s.Audience()}, &auth0.Options{Sleep: noSleep, GenerateKey: simauth0.NewKey})
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
