package okta

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestSecrets(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, first := h.NewClient(t)

	list, err := p.ListSecrets(ctx, app)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, first, list[0].Secret.Reveal())
	require.NotEmpty(t, list[0].Hint)

	own := unified.NewSecret("my-own-secret-0123456789")
	created, err := p.CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: own})
	require.NoError(t, err)
	require.Equal(t, own.Reveal(), created.Secret.Reveal())
	require.Equal(t, unified.StatusActive, created.Status)
	require.True(t, h.SecretWorks(app, own.Reveal()))

	got, err := p.GetSecret(ctx, created.Ref())
	require.NoError(t, err)
	require.Equal(t, created.ID, got.ID)

	_, err = p.CreateSecret(ctx, app, nil)
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "a third secret is refused by Okta")
	require.ErrorContains(t, err, "maximum number of client secrets")

	off, err := p.DeactivateSecret(ctx, list[0].Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusInactive, off.Status)
	require.False(t, h.SecretWorks(app, first))
	on, err := p.ActivateSecret(ctx, list[0].Ref())
	require.NoError(t, err)
	require.Equal(t, unified.StatusActive, on.Status)
	require.True(t, h.SecretWorks(app, first))

	require.NoError(t, p.RevokeSecret(ctx, list[0].Ref()))
	require.False(t, h.SecretWorks(app, first))
	err = p.RevokeSecret(ctx, created.Ref())
	require.ErrorIs(t, err, unified.ErrFailedPrecondition, "the only active secret is never revoked")
	_, err = p.DeactivateSecret(ctx, created.Ref())
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "Okta refuses to deactivate the only active secret")
	require.True(t, h.SecretWorks(app, own.Reveal()))

	_, err = p.GetSecret(ctx, unified.CredentialRef{ClientID: app, ID: "ocsNOPE"})
	require.ErrorIs(t, err, unified.ErrNotFound)
	require.ErrorIs(t, p.RevokeSecret(ctx, unified.CredentialRef{ClientID: app, ID: "ocsNOPE"}), unified.ErrNotFound)
	_, err = p.CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: unified.NewSecret("short")})
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
	require.NotContains(t, err.Error(), "short", "the refused secret is not echoed")
}
