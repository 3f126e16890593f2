package ory

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

func TestInspectRotationOnHydra(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a, err := newAdapter(Config{AdminURL: h.URL}, &Options{GenerateKey: orytest.NewKey, Sleep: noSleep})
	require.NoError(t, err)
	keyClient, _ := h.NewClient(t)
	secretClient, _ := h.NewSecretClient(t)
	rot, err := a.RotateSecret(ctx, keyClient, &unified.RotateOptions{})
	require.NoError(t, err)

	view, err := a.InspectRotation(ctx, keyClient, rot)
	require.NoError(t, err)
	require.True(t, view.Complete)
	require.ElementsMatch(t, []string{rot.Old.ID, rot.New.ID}, credentialIDs(view.Working), "both keys of an open rotation work")

	require.NoError(t, a.FinishRotation(ctx, rot))
	view, err = a.InspectRotation(ctx, keyClient, rot)
	require.NoError(t, err)
	require.Equal(t, []string{rot.New.ID}, credentialIDs(view.Working), "after finish only the new key")

	saved := &unified.Rotation{Vendor: Vendor, ClientID: secretClient, Old: unified.CredentialRef{ClientID: secretClient, ID: secretID}}
	view, err = a.InspectRotation(ctx, secretClient, saved)
	require.NoError(t, err)
	require.Equal(t, []string{secretID}, credentialIDs(view.Working), "a secret client has its one secret")

	_, err = a.InspectRotation(ctx, "credkit-no-such-client", saved)
	require.ErrorIs(t, err, unified.ErrNotFound)
}

func credentialIDs(creds []unified.Credential) []string {
	out := make([]string, len(creds))
	for i, c := range creds {
		out[i] = c.ID
	}
	return out
}
