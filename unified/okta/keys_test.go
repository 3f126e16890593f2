package okta

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestKeyCredentials(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	target, _ := h.NewClient(t)

	before := h.Requests()
	_, err := p.GenerateKeyCredential(ctx, app, 11)
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
	require.Equal(t, before, h.Requests(), "validityYears is checked before the request")

	key, err := p.GenerateKeyCredential(ctx, app, 2)
	require.NoError(t, err)
	requireCertificate(t, key)
	require.Equal(t, 2, key.Expires.Year()-key.Created.Year())

	got, err := p.GetKeyCredential(ctx, key.Ref())
	require.NoError(t, err)
	require.Equal(t, key.Certificates, got.Certificates)
	list, err := p.ListKeyCredentials(ctx, app)
	require.NoError(t, err)
	require.Len(t, list, 1)

	clone, err := p.CloneKeyCredential(ctx, key.Ref(), target)
	require.NoError(t, err)
	require.Equal(t, target, clone.ClientID)
	_, err = p.CloneKeyCredential(ctx, key.Ref(), target)
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "the target holds the key already")
	_, err = p.GetKeyCredential(ctx, unified.CredentialRef{ClientID: app, ID: "nope"})
	require.ErrorIs(t, err, unified.ErrNotFound)
}
