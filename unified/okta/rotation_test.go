package okta

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance/conformancetest"
	"github.com/credkit/credkit/sim"
	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
)

func TestRotationRefusesAForeignSecondSecret(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	_, err := p.CreateSecret(ctx, app, nil)
	require.NoError(t, err)
	before := h.Requests()
	_, err = p.RotateSecret(ctx, app, nil)
	require.ErrorIs(t, err, unified.ErrFailedPrecondition)
	require.ErrorContains(t, err, "already holds two secrets")
	require.Equal(t, before+1, h.Requests(), "only the listing was sent")
	require.Len(t, h.Server.Secrets(app), 2)
}

// A resumed rotation that knows its new secret never adopts another one:
// if its own was deleted and someone added a secret since, it refuses.
func TestResumeRefusesAStrangersSecret(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, old := h.NewClient(t)
	rot, err := p.RotateSecret(ctx, app, nil)
	require.NoError(t, err)
	_, err = p.DeactivateSecret(ctx, rot.New.Ref())
	require.NoError(t, err)
	require.NoError(t, p.RevokeSecret(ctx, rot.New.Ref()))
	stranger, err := p.CreateSecret(ctx, app, nil)
	require.NoError(t, err)

	before := h.Requests()
	again, err := p.RotateSecret(ctx, app, &unified.RotateOptions{Resume: rot})
	require.Nil(t, again)
	require.ErrorIs(t, err, unified.ErrFailedPrecondition)
	require.ErrorContains(t, err, "neither the rotation's old nor its new one")
	require.Equal(t, before+1, h.Requests(), "only the listing was sent")
	require.True(t, h.SecretWorks(app, old))
	require.True(t, h.SecretWorks(app, stranger.Secret.Reveal()))
	require.Len(t, h.Server.Secrets(app), 2)

	// Its own new secret, still there, is resumed as before.
	require.NoError(t, p.RevokeSecret(ctx, stranger.Ref()), "an active secret that is not the only one can be revoked")
	mine, err := p.RotateSecret(ctx, app, &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.Okta, ClientID: app, Old: rot.Old}})
	require.NoError(t, err, "a partial rotation that knows no new secret creates one")
	again, err = p.RotateSecret(ctx, app, &unified.RotateOptions{Resume: mine})
	require.NoError(t, err)
	require.Equal(t, mine.New.ID, again.New.ID)
}

func TestRotationActivatesAnInactiveNewSecret(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, old := h.NewClient(t)
	rot, err := p.RotateSecret(ctx, app, nil)
	require.NoError(t, err)
	// Someone deactivates the new secret between begin and finish.
	deactivated, err := p.DeactivateSecret(ctx, rot.New.Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, deactivated.Status)
	require.NoError(t, p.FinishRotation(ctx, rot))
	require.True(t, h.SecretWorks(app, rot.New.Secret.Reveal()), "finish re-activated the new secret before retiring the old")
	require.False(t, h.SecretWorks(app, old))
}

func TestFinishRotationChecks(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, old := h.NewClient(t)
	require.ErrorIs(t, p.FinishRotation(ctx, nil), unified.ErrInvalidArgument)
	other := &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app}
	require.ErrorIs(t, p.FinishRotation(ctx, other), unified.ErrInvalidArgument)
	gone := &unified.Rotation{Vendor: unified.Okta, ClientID: app, NewClientID: app,
		New: unified.Credential{ID: "ocsGONE"}, Old: unified.CredentialRef{ClientID: app, ID: h.Server.Secrets(app)[0].ID}}
	require.ErrorIs(t, p.FinishRotation(ctx, gone), unified.ErrFailedPrecondition, "the old secret is kept when the new one is missing")
	require.True(t, h.SecretWorks(app, old))
	err := p.FinishRotation(ctx, &unified.Rotation{Vendor: unified.Okta, ClientID: app})
	require.ErrorIs(t, err, unified.ReasonRotationMismatch, "a rotation with no old secret is refused, as by every vendor")
}

// interposed is a harness whose server runs meanwhile once, before the
// first request that matches method and path suffix reaches the
// simulator: another rotator's steps, at a chosen point of this one's.
func interposed(t *testing.T, method, suffix string, meanwhile func(*harness)) *harness {
	t.Helper()
	h := &harness{}
	var armed atomic.Bool
	armed.Store(meanwhile != nil)
	sh := simokta.NewServedHarness(t, nil, &sim.ServeOptions{Wrap: func(s http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == method && strings.HasSuffix(r.URL.Path, suffix) && armed.Swap(false) {
				meanwhile(h) // its own requests pass: the flag is down
			}
			s.ServeHTTP(w, r)
		})
	}})
	h.Harness = sh
	h.checked = conformancetest.Transport(t, sh.Transport(), nil)
	return h
}

// Two library rotators of one app, their steps interleaved at chosen
// points: whatever the order, one secret is left, it is a finished
// rotation's, and the other rotator gets a reason.
func TestConcurrentRotatorInterleavings(t *testing.T) {
	ctx := context.Background()
	var other *unified.Rotation
	var app string
	rotate := func(finish bool) func(h *harness) {
		return func(h *harness) {
			p := h.provider(t)
			rot, err := p.RotateSecret(ctx, app, nil)
			require.NoError(t, err)
			if finish {
				require.NoError(t, p.FinishRotation(ctx, rot))
			}
			other = rot
		}
	}
	for _, tc := range []struct {
		name      string
		meanwhile func(*harness) // before this rotator's secret is added
		reason    unified.Reason
		phase     unified.Phase
	}{
		{"another began and finished after this one read the app", rotate(true), unified.ReasonRotationOvertaken, unified.PhaseAbandoned},
		{"another began after this one read the app", rotate(false), unified.ReasonOtherRotationOpen, ""},
		{"no other", nil, "", unified.PhaseFinished},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other = nil
			h := interposed(t, http.MethodPost, "/credentials/secrets", tc.meanwhile)
			app, _ = h.NewClient(t)
			p := h.provider(t)
			rot, err := p.RotateSecret(ctx, app, nil)
			if err == nil {
				err = p.FinishRotation(ctx, rot)
			}
			require.Equal(t, tc.reason, unified.ReasonOf(err), "%v", err)
			if rot != nil {
				require.Equal(t, tc.phase, rot.Phase)
			}
			if other != nil && other.Phase != unified.PhaseFinished {
				require.NoError(t, h.provider(t).FinishRotation(ctx, other), "the other rotation finishes unhindered")
			}
			winner := rot
			if other != nil {
				winner = other
				if rot != nil && !rot.New.Secret.IsZero() {
					require.False(t, h.SecretWorks(app, rot.New.Secret.Reveal()), "the overtaken rotation's secret was withdrawn")
				}
			}
			require.Len(t, h.Server.Secrets(app), 1)
			require.True(t, h.SecretWorks(app, winner.New.Secret.Reveal()))
		})
	}
}

// A finish retried (the first one's answer lost) after another rotation
// began from its new secret retires nothing, and succeeds: the old secret
// is gone already, and the later rotation's are left alone.
func TestFinishRetriedWhileALaterRotationIsOpen(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	first, err := p.RotateSecret(ctx, app, nil)
	require.NoError(t, err)
	require.NoError(t, p.FinishRotation(ctx, first))
	second, err := p.RotateSecret(ctx, app, nil)
	require.NoError(t, err)
	retried := *first
	retried.Phase = unified.PhaseBegun
	require.NoError(t, p.FinishRotation(ctx, &retried))
	require.Len(t, h.Server.Secrets(app), 2, "nothing was retired")
	require.NoError(t, p.FinishRotation(ctx, second))
	require.True(t, h.SecretWorks(app, second.New.Secret.Reveal()))
	require.Len(t, h.Server.Secrets(app), 1)
}
