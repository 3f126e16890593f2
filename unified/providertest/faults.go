package providertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// FaultKinds are the failures put at every rotation step.
var FaultKinds = []sim.FaultKind{sim.FaultInternal, sim.FaultRateLimit, sim.FaultDrop, sim.FaultDropAfter}

// testRotationUnderFaults puts each fault kind at each step of a rotation,
// then checks, from the simulator's state, that the client always keeps a
// working secret and never holds more than allowed, and that repeating the
// rotation completes it.
func testRotationUnderFaults(t *testing.T, h Harness) {
	cases := 0
	for _, step := range h.RotationSteps() {
		for _, kind := range FaultKinds {
			step.Kind = kind
			name := fmt.Sprintf("%s %s %s", kind, step.Method, step.PathContains)
			t.Run(name, func(t *testing.T) { rotateThroughFault(t, h, step) })
			cases++
		}
	}
	t.Logf("rotation fault cases run: %d (%d steps x %d fault kinds)", cases, len(h.RotationSteps()), len(FaultKinds))
}

func rotateThroughFault(t *testing.T, h Harness, fault sim.Fault) {
	ctx := context.Background()
	client, old := h.NewClient(t)
	p := h.NewProvider(t)
	h.Fault(fault)

	rot, err := p.RotateSecret(ctx, client, h.RotateOptions())
	require.True(t, h.SecretWorks(client, old), "after a failed or finished begin the old secret still works")
	requireWithinLimit(t, h, p, client, rot)
	if err != nil {
		rot, err = resumeBegin(ctx, t, h, rot, client)
		require.NoError(t, err, "repeating the begin completes it")
		requireWithinLimit(t, h, p, client, rot)
	}
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()), "the new secret works once begin succeeded")

	if err := p.FinishRotation(ctx, rot); err != nil {
		require.True(t, anyWorks(h, client, old, rot), "a failed finish leaves a working secret")
		require.NoError(t, h.NewProvider(t).FinishRotation(ctx, rot), "repeating the finish completes it")
	}
	require.False(t, h.SecretWorks(client, old), "the old secret is retired")
	require.True(t, h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()), "the new secret survives the finish")
	requireWithinLimit(t, h, p, client, rot)
}

// resumeBegin repeats a failed begin with a new provider, passing the
// partial rotation as Resume when the provider returned one. A provider
// that replaces clients cannot resume a create whose answer was lost (it
// cannot know the new client); it begins afresh, and the orphan is logged.
func resumeBegin(ctx context.Context, t *testing.T, h Harness, partial *unified.Rotation, client string) (*unified.Rotation, error) {
	p := h.NewProvider(t)
	if partial == nil {
		return p.RotateSecret(ctx, client, h.RotateOptions())
	}
	rot, err := p.RotateSecret(ctx, client, withResume(h.RotateOptions(), partial))
	if p.Capabilities().RotateReplacesClient && unified.CodeOf(err) == unified.FailedPrecondition {
		t.Logf("the replacement client of a lost create cannot be found; beginning afresh (%v)", err)
		return p.RotateSecret(ctx, client, h.RotateOptions())
	}
	return rot, err
}

func anyWorks(h Harness, client, old string, rot *unified.Rotation) bool {
	return h.SecretWorks(client, old) || h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal())
}
