package okta

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

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
