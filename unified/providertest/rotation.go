package providertest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// testRotation: begin leaves old and new working; finish leaves only new.
func testRotation(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	client, old := h.NewClient(t)
	ctx := context.Background()
	rot, err := p.RotateSecret(ctx, client, h.RotateOptions())
	require.NoError(t, err)
	require.Equal(t, p.Vendor(), rot.Vendor)
	require.False(t, rot.New.Secret.IsZero(), "the caller receives the new secret")
	require.NotContains(t, fmt.Sprintf("%+v %#v", rot, rot), rot.New.Secret.Reveal(), "a rotation never prints its secret")
	require.True(t, h.SecretWorks(client, old), "the old secret works after begin")
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()), "the new secret works after begin")
	requireWithinLimit(t, h, p, client, rot)

	require.NoError(t, p.FinishRotation(ctx, rot))
	require.False(t, h.SecretWorks(client, old), "the old secret stops after finish")
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()), "the new secret works after finish")
	require.NoError(t, p.FinishRotation(ctx, rot), "finishing twice is harmless")
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()))
}

// testResumeAcrossProviders stops between begin and finish, stores the
// rotation as JSON, and finishes it with a new provider value.
func testResumeAcrossProviders(t *testing.T, h Harness) {
	client, old := h.NewClient(t)
	ctx := context.Background()
	rot, err := h.NewProvider(t).RotateSecret(ctx, client, h.RotateOptions())
	require.NoError(t, err)
	stored, err := json.Marshal(rot)
	require.NoError(t, err)
	require.NotContains(t, string(stored), rot.New.Secret.Reveal(), "a stored rotation holds no secret")
	var resumed unified.Rotation
	require.NoError(t, json.Unmarshal(stored, &resumed))

	p2 := h.NewProvider(t)
	opts := withResume(h.RotateOptions(), &resumed)
	again, err := p2.RotateSecret(ctx, client, opts)
	require.NoError(t, err, "beginning again with Resume adopts the rotation")
	require.Equal(t, rot.NewClientID, again.NewClientID)
	requireWithinLimit(t, h, p2, client, again)
	require.NoError(t, p2.FinishRotation(ctx, &resumed))
	require.False(t, h.SecretWorks(client, old))
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()))
}

func withResume(base *unified.RotateOptions, r *unified.Rotation) *unified.RotateOptions {
	opts := unified.RotateOptions{}
	if base != nil {
		opts = *base
	}
	opts.Resume = r
	if r != nil && !r.New.Secret.IsZero() {
		opts.NewSecret = r.New.Secret
	}
	return &opts
}

func requireWithinLimit(t *testing.T, h Harness, p *unified.Provider, client string, rot *unified.Rotation) {
	t.Helper()
	max := p.Capabilities().MaxSecrets
	require.LessOrEqual(t, h.SecretCount(client), max, "the old client holds no more secrets than allowed")
	if rot != nil && rot.NewClientID != "" && rot.NewClientID != client {
		require.LessOrEqual(t, h.SecretCount(rot.NewClientID), max)
	}
}

// testCheckRotation compares saved rotations with the vendor: a begun one
// agrees, a finished one reads finished, and one whose client was rotated
// and finished since (without it) is stale.
func testCheckRotation(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	checker := p
	if !p.Capabilities().CheckRotation {
		t.Skip("the provider cannot compare rotations")
	}
	client, _ := h.NewClient(t)
	ctx := context.Background()
	first, err := p.RotateSecret(ctx, client, h.RotateOptions())
	require.NoError(t, err)
	got, err := checker.CheckRotation(ctx, first)
	require.NoError(t, err)
	require.Equal(t, unified.PhaseBegun, got.Phase)

	require.NoError(t, p.FinishRotation(ctx, first))
	require.Equal(t, unified.PhaseFinished, first.Phase)
	got, err = checker.CheckRotation(ctx, first)
	require.NoError(t, err)
	require.Equal(t, unified.PhaseFinished, got.Phase, "finishing again would retire nothing")

	second, err := p.RotateSecret(ctx, first.NewClientID, h.RotateOptions())
	require.NoError(t, err)
	require.NoError(t, p.FinishRotation(ctx, second))
	stale := *first
	stale.Phase = unified.PhaseBegun
	_, err = checker.CheckRotation(ctx, &stale)
	require.ErrorIs(t, err, unified.ReasonRotationStale, "a rotation superseded without the saved state is stale")
	require.True(t, h.SecretWorks(second.NewClientID, second.New.Secret.Reveal()), "checking changed nothing")
}
