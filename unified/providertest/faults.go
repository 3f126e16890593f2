package providertest

import (
	"context"
	"fmt"
	"slices"
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
	vendor := h.NewProvider(t).Vendor()
	cases := 0
	for _, step := range h.RotationSteps() {
		for _, kind := range FaultKinds {
			step.Kind = kind
			name := fmt.Sprintf("%s %s %s", kind, step.Method, step.PathContains)
			t.Run(name, func(t *testing.T) { rotateThroughFault(t, h, step) })
			cases++
		}
	}
	t.Logf("%s: rotation fault cases run: %d (%d steps x %d fault kinds)", vendor, cases, len(h.RotationSteps()), len(FaultKinds))
}

func rotateThroughFault(t *testing.T, h Harness, fault sim.Fault) {
	ctx := context.Background()
	client, old := h.NewClient(t)
	p := h.NewProvider(t)
	before := clientIDs(t, h, p)
	h.Fault(fault)

	rot, err := p.RotateSecret(ctx, client, h.RotateOptions())
	require.True(t, h.SecretWorks(client, old), "after a failed or finished begin the old secret still works")
	requireWithinLimit(t, h, p, client, rot)
	if err != nil {
		rot, err = resumeBegin(ctx, t, h, rot, client, before)
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
	require.Len(t, clientIDs(t, h, p), len(before), "a finished rotation leaves as many clients as it found: no orphan")
}

// resumeBegin repeats a failed begin with a new provider, passing the
// partial rotation as Resume when the provider returned one. A provider
// that replaces clients cannot resume a create whose answer was lost (it
// cannot know the new client); as its error says, the caller deletes the
// orphan (here: the client that was not there before the rotation) with
// DeleteClient and begins afresh.
func resumeBegin(ctx context.Context, t *testing.T, h Harness, partial *unified.Rotation, client string, before []string) (*unified.Rotation, error) {
	p := h.NewProvider(t)
	if partial == nil {
		return p.RotateSecret(ctx, client, h.RotateOptions())
	}
	rot, err := p.RotateSecret(ctx, client, withResume(h.RotateOptions(), partial))
	if !p.Capabilities().RotateReplacesClient || unified.CodeOf(err) != unified.FailedPrecondition {
		return rot, err
	}
	deleter := p
	require.True(t, p.Capabilities().DeleteClients, "a provider that replaces clients can delete the orphan of a lost creation")
	for _, id := range clientIDs(t, h, p) {
		if !slices.Contains(before, id) {
			t.Logf("deleting the orphan of a lost creation, then beginning afresh (%v)", err)
			require.NoError(t, deleter.DeleteClient(ctx, id))
		}
	}
	return p.RotateSecret(ctx, client, h.RotateOptions())
}

// clientIDs are the clients a harness's simulator holds, for providers
// whose rotation creates clients; nil for the others.
func clientIDs(t *testing.T, h Harness, p *unified.Provider) []string {
	if !p.Capabilities().RotateReplacesClient {
		return nil
	}
	c, ok := h.(ClientSet)
	require.True(t, ok, "the harness of a provider that replaces clients implements providertest.ClientSet")
	return c.ClientIDs()
}

func anyWorks(h Harness, client, old string, rot *unified.Rotation) bool {
	return h.SecretWorks(client, old) || h.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal())
}
