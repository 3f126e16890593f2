package auth0

import (
	"context"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/sim"
	a0sim "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
)

func b64Int(t *testing.T, s string) *big.Int {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	require.NoError(t, err)
	return new(big.Int).SetBytes(b)
}

func TestKeyRotationWithTheCallersKey(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, old := h.NewClient(t)
	mine := a0sim.TestKey(t)
	rot, err := p.RotateSecret(ctx, client, &unified.RotateOptions{NewSecret: unified.NewSecret(a0sim.PrivatePEM(mine))})
	require.NoError(t, err)
	require.Equal(t, jwk.RSAThumbprint(&mine.PublicKey), rot.New.Hint, "the new key's kid is its thumbprint")
	require.True(t, h.Server.KeyWorks(client, &mine.PublicKey))
	require.True(t, h.SecretWorks(client, old))
	require.NoError(t, p.FinishRotation(ctx, rot))
	require.False(t, h.SecretWorks(client, old))
	require.Equal(t, 1, h.SecretCount(client))
}

func TestRotationRefusals(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	for _, tc := range []struct {
		name   string
		run    func(t *testing.T, client string) error
		code   error
		reason unified.Reason
	}{
		{"a new secret that is no key", func(t *testing.T, client string) error {
			_, err := p.RotateSecret(ctx, client, &unified.RotateOptions{NewSecret: unified.NewSecret("not a key")})
			return err
		}, unified.ErrInvalidArgument, unified.ReasonSecretNotAccepted},
		{"resume without the key or its ID", func(t *testing.T, client string) error {
			_, err := p.RotateSecret(ctx, client, &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.Auth0, ClientID: client,
				Old: unified.CredentialRef{ClientID: client, ID: "cred_whatever"}}})
			return err
		}, unified.ErrFailedPrecondition, unified.ReasonSecretRequired},
		{"finish a rotation without an old key", func(t *testing.T, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: unified.Auth0, ClientID: client, New: unified.Credential{ID: "cred_x"}})
		}, unified.ErrInvalidArgument, unified.ReasonRotationMismatch},
		// The same answer as every vendor's (providertest's refusals).
		{"finish a rotation whose new key is unknown", func(t *testing.T, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: unified.Auth0, ClientID: client, NewClientID: client, Old: unified.CredentialRef{ClientID: client, ID: "cred_x"}})
		}, unified.ErrInvalidArgument, unified.ReasonRotationMismatch},
		{"finish a rotation the vendor never confirmed", func(t *testing.T, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: unified.Auth0, ClientID: client, Phase: unified.PhasePending, Old: unified.CredentialRef{ClientID: client, ID: "cred_x"}})
		}, unified.ErrFailedPrecondition, unified.ReasonResumeNeeded},
		{"finish after the new key was deleted", func(t *testing.T, client string) error {
			rot, err := p.RotateSecret(ctx, client, nil)
			require.NoError(t, err)
			_, err = p.DeactivateJSONWebKey(ctx, rot.New.Ref())
			require.NoError(t, err)
			require.NoError(t, p.DeleteJSONWebKey(ctx, rot.New.Ref()))
			return p.FinishRotation(ctx, rot)
		}, unified.ErrFailedPrecondition, unified.ReasonNewCredentialGone},
		{"finish a rotation never enabled", func(t *testing.T, client string) error {
			rot, err := p.RotateSecret(ctx, client, nil)
			require.NoError(t, err)
			_, err = p.DeactivateJSONWebKey(ctx, rot.New.Ref())
			require.NoError(t, err)
			return p.FinishRotation(ctx, rot)
		}, unified.ErrFailedPrecondition, unified.ReasonResumeNeeded},
		{"a second key not in use", func(t *testing.T, client string) error {
			k := a0sim.TestKey(t)
			_, err := p.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{KeyID: "credkit-spare-key", Public: &k.PublicKey, Inactive: true})
			require.NoError(t, err)
			_, err = p.RotateSecret(ctx, client, nil)
			return err
		}, unified.ErrFailedPrecondition, unified.ReasonLimitReached},
		{"a secret client given a secret", func(t *testing.T, _ string) error {
			client, _ := h.NewSecretClient(t)
			_, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true, NewSecret: unified.NewSecret("mine")})
			return err
		}, unified.ErrUnimplemented, unified.ReasonSecretNotAccepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, old := h.NewClient(t)
			err := tc.run(t, client)
			require.ErrorIs(t, err, tc.code)
			require.ErrorIs(t, err, tc.reason)
			require.True(t, h.SecretWorks(client, old), "the old key still works")
		})
	}
}

func TestKeyRotationResumesALostCreation(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, old := h.NewClient(t)
	h.Fault(sim.Fault{Method: http.MethodPost, PathContains: "/credentials", Kind: sim.FaultDropAfter})
	partial, err := p.RotateSecret(ctx, client, nil)
	require.Error(t, err)
	require.Empty(t, partial.New.ID, "the creation's answer was lost")
	require.False(t, partial.New.Secret.IsZero(), "but the partial rotation keeps the key")
	require.Equal(t, 2, h.SecretCount(client), "the creation took effect")

	rot, err := p.RotateSecret(ctx, client, &unified.RotateOptions{Resume: partial, NewSecret: partial.New.Secret})
	require.NoError(t, err)
	require.Equal(t, 2, h.SecretCount(client), "resuming found the key instead of adding a third")
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()))
	require.NoError(t, p.FinishRotation(ctx, rot))
	require.False(t, h.SecretWorks(client, old))
}

func TestSecretRotationResumeReadsTheCurrentSecret(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, _ := h.NewSecretClient(t)
	h.Fault(sim.Fault{Method: http.MethodPost, PathContains: "/rotate-secret", Kind: sim.FaultDropAfter})
	_, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true})
	require.ErrorIs(t, err, unified.ErrUnavailable)
	rot, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true,
		Resume: &unified.Rotation{Vendor: unified.Auth0, ClientID: client, Old: unified.CredentialRef{ClientID: client, ID: secretID}}})
	require.NoError(t, err)
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()), "the secret the lost answer held")
	require.NoError(t, p.FinishRotation(ctx, rot))
}

func TestRotationOpenAndTheOnlyEnabledKey(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	client, _ := h.NewClient(t)
	keys, err := p.ListJSONWebKeys(ctx, client)
	require.NoError(t, err)
	k := a0sim.TestKey(t)
	second, err := p.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{KeyID: "credkit-second-key", Public: &k.PublicKey})
	require.NoError(t, err)
	_, err = p.RotateSecret(ctx, client, nil)
	require.ErrorIs(t, err, unified.ReasonRotationOpen, "two enabled keys: a rotation is open")
	_, err = p.DeactivateJSONWebKey(ctx, keys[0].Ref())
	require.NoError(t, err)
	require.NoError(t, p.DeleteJSONWebKey(ctx, keys[0].Ref()))
	_, err = p.DeactivateJSONWebKey(ctx, second.Ref())
	require.ErrorIs(t, err, unified.ReasonOnlyActiveSecret)
}

// interposed is a harness whose server runs meanwhile once, before the
// first request of method whose path ends with suffix reaches the
// simulator: another rotator's steps, at a chosen point of this one's.
func interposed(t *testing.T, method, suffix string, meanwhile func(*harness)) *harness {
	t.Helper()
	h := &harness{}
	var armed atomic.Bool
	armed.Store(meanwhile != nil)
	h.Harness = a0sim.NewServedHarness(t, nil, &sim.ServeOptions{Wrap: func(s http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == method && strings.HasSuffix(r.URL.Path, suffix) && armed.Swap(false) {
				meanwhile(h) // its own requests pass: the flag is down
			}
			s.ServeHTTP(w, r)
		})
	}})
	specs, err := auth0Specs()
	require.NoError(t, err)
	h.checked = conformancetest.Transport(t, h.Transport(), &conformancetest.Options{Checker: conformance.NewChecker(specs, nil)})
	return h
}

// Two library rotators of one key client, the other one's steps put
// before this one uploads its key: one key is left, a finished
// rotation's, and this rotator gets a reason.
func TestConcurrentRotatorInterleavings(t *testing.T) {
	ctx := context.Background()
	var other *unified.Rotation
	var client string
	rotate := func(finish bool) func(*harness) {
		return func(h *harness) {
			p := h.provider(t, nil)
			rot, err := p.RotateSecret(ctx, client, nil)
			require.NoError(t, err)
			if finish {
				require.NoError(t, p.FinishRotation(ctx, rot))
			}
			other = rot
		}
	}
	for _, tc := range []struct {
		name      string
		meanwhile func(*harness)
		reason    unified.Reason
	}{
		{"another began and finished after this one read the client", rotate(true), unified.ReasonRotationOvertaken},
		{"another began after this one read the client", rotate(false), unified.ReasonLimitReached},
		{"no other", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other = nil
			h := interposed(t, http.MethodPost, "/credentials", tc.meanwhile)
			client, _ = h.NewClient(t)
			p := h.provider(t, nil)
			rot, err := p.RotateSecret(ctx, client, nil)
			if err == nil {
				err = p.FinishRotation(ctx, rot)
			}
			require.Equal(t, tc.reason, unified.ReasonOf(err), "%v", err)
			winner := rot
			if other != nil {
				winner = other
				if other.Phase != unified.PhaseFinished {
					require.NoError(t, h.provider(t, nil).FinishRotation(ctx, other), "the other rotation finishes unhindered")
				}
			}
			require.Equal(t, 1, h.SecretCount(client))
			require.True(t, h.SecretWorks(client, winner.New.Secret.Reveal()))
		})
	}
}
