package auth0

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestInspectRotation(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	// drop deletes a key credential as a user would by hand: disabled
	// first, then deleted.
	drop := func(t *testing.T, ref unified.CredentialRef) {
		t.Helper()
		_, err := p.DeactivateJSONWebKey(ctx, ref)
		require.NoError(t, err)
		require.NoError(t, p.DeleteJSONWebKey(ctx, ref))
	}
	for _, tc := range []struct {
		name   string
		secret bool
		// after changes the vendor behind the saved rotation's back.
		after  func(t *testing.T, rot *unified.Rotation)
		phase  unified.Phase
		reason unified.Reason
	}{
		{name: "agreeing", phase: unified.PhaseBegun},
		{name: "finished by hand", after: func(t *testing.T, rot *unified.Rotation) {
			require.NoError(t, p.FinishRotation(ctx, rot))
		}, phase: unified.PhaseFinished},
		{name: "old key disabled, not deleted", after: func(t *testing.T, rot *unified.Rotation) {
			_, err := p.DeactivateJSONWebKey(ctx, rot.Old)
			require.NoError(t, err)
		}, phase: unified.PhaseBegun},
		{name: "old key gone", after: func(t *testing.T, rot *unified.Rotation) { drop(t, rot.Old) }, phase: unified.PhaseFinished},
		{name: "new key gone", after: func(t *testing.T, rot *unified.Rotation) { drop(t, rot.New.Ref()) }, reason: unified.ReasonRotationStale},
		{name: "other rotation open: a third key", after: func(t *testing.T, rot *unified.Rotation) {
			// Finished by hand, then rotated again without the saved
			// record: the limit of two holds, the new one is not ours.
			require.NoError(t, p.FinishRotation(ctx, rot))
			_, err := p.RotateSecret(ctx, rot.ClientID, nil)
			require.NoError(t, err)
		}, reason: unified.ReasonOtherRotationOpen},
		{name: "immediate secret rotation", secret: true, phase: unified.PhaseBegun},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := h.NewClient(t)
			opts := &unified.RotateOptions{}
			if tc.secret {
				client, _ = h.NewSecretClient(t)
				opts.AllowImmediateRotation = true
			}
			rot, err := p.RotateSecret(ctx, client, opts)
			require.NoError(t, err)
			if tc.after != nil {
				tc.after(t, rot)
			}
			got, err := p.CheckRotation(ctx, rot)
			if tc.reason != "" {
				require.Error(t, err)
				require.Equal(t, tc.reason, unified.ReasonOf(err), "%v", err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.phase, got.Phase)
		})
	}
	require.True(t, p.Capabilities().CheckRotation, "Capabilities.CheckRotation says so")
}

func TestInspectRotationRefusesAMissingClient(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t, nil)
	_, err := p.CheckRotation(context.Background(), &unified.Rotation{Vendor: unified.Auth0, ClientID: "nosuchclient", NewClientID: "nosuchclient", Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: "nosuchclient", ID: "cred_a"}, New: unified.Credential{ClientID: "nosuchclient", ID: "cred_b"}})
	require.ErrorIs(t, err, unified.ErrNotFound)
}
