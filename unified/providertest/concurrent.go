package providertest

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// ConcurrentRounds is how many rounds testConcurrentRotators runs.
const ConcurrentRounds = 40

// overtaken are the reasons a library rotator may get when another one
// rotates the same client at the same time: it begins while the other's
// rotation is open, or finds its rotation overtaken. Nothing else is a
// clean loss.
var overtaken = []unified.Reason{
	unified.ReasonRotationOpen, unified.ReasonOtherRotationOpen,
	unified.ReasonLimitReached, unified.ReasonRotationOvertaken,
}

// outcome is what one rotator of a round got.
type outcome struct {
	rot *unified.Rotation // begun, or nil
	err error             // of RotateSecret, or of FinishRotation
}

// finished reports whether the rotator finished its rotation.
func (o outcome) finished() bool { return o.err == nil && o.rot != nil }

// testConcurrentRotators runs two library rotators (RotateSecret then
// FinishRotation, each with its own provider value) on one client at the
// same time, round after round. After each round the client holds exactly
// one credential, and it works; it is the new credential of a rotator that
// finished (or the round's first one, when none did); the finished
// rotations form one chain (each retired the other's new credential, never
// both the same old one); and a rotator that did not finish got a
// FailedPrecondition with one of the overtaken reasons. A vendor whose
// rotation replaces the client is ConcurrentReplacements' to check.
func testConcurrentRotators(t *testing.T, h Harness) {
	ps := [2]*unified.Provider{h.NewProvider(t), h.NewProvider(t)}
	if ps[0].Capabilities().RotateReplacesClient {
		t.Skip("rotation replaces the client: two rotators make two clients (see ConcurrentReplacements)")
	}
	client, current := h.NewClient(t)
	tally := map[string]int{}
	for round := range ConcurrentRounds {
		outs := rotateTogether(ps, client, h.RotateOptions())
		current = checkRound(t, h, round, client, current, outs)
		for _, o := range outs {
			if o.finished() {
				tally["finished"]++
			} else {
				tally[string(unified.ReasonOf(o.err))]++
			}
		}
	}
	t.Logf("%d rounds × 2 rotators: %v", ConcurrentRounds, tally)
}

// rotateTogether runs one rotator per provider, released together.
func rotateTogether(ps [2]*unified.Provider, client string, opts *unified.RotateOptions) [2]outcome {
	var outs [2]outcome
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ctx := context.Background()
			rot, err := p.RotateSecret(ctx, client, opts)
			if err == nil {
				err = p.FinishRotation(ctx, rot)
			}
			outs[i] = outcome{rot: rot, err: err}
		}()
	}
	close(start)
	wg.Wait()
	return outs
}

// checkRound checks a round's end state and returns the credential that
// works now.
func checkRound(t *testing.T, h Harness, round int, client, before string, outs [2]outcome) string {
	t.Helper()
	want := before
	var done []*unified.Rotation
	for i, o := range outs {
		if o.finished() {
			done = append(done, o.rot)
			continue
		}
		require.Equalf(t, unified.FailedPrecondition, unified.CodeOf(o.err), "round %d rotator %d: %v", round, i, o.err)
		require.Containsf(t, overtaken, unified.ReasonOf(o.err), "round %d rotator %d: %v", round, i, o.err)
	}
	require.Equalf(t, 1, h.SecretCount(client), "round %d: the client holds exactly one credential", round)
	candidates := []string{before}
	for _, o := range outs {
		if o.rot != nil && !o.rot.New.Secret.IsZero() {
			candidates = append(candidates, o.rot.New.Secret.Reveal())
		}
	}
	switch len(done) {
	case 1:
		want = done[0].New.Secret.Reveal()
	case 2:
		want = chainEnd(t, round, done[0], done[1])
	}
	return onlyWorking(t, h, round, client, candidates, want, done)
}

// onlyWorking checks that exactly one of the round's candidate secrets
// works, that it is want (or, want empty, a finished rotation's new one),
// and returns it.
func onlyWorking(t *testing.T, h Harness, round int, client string, candidates []string, want string, done []*unified.Rotation) string {
	t.Helper()
	var working []string
	for _, c := range candidates {
		if h.SecretWorks(client, c) {
			working = append(working, c)
		}
	}
	require.Lenf(t, working, 1, "round %d: exactly one of the round's secrets works", round)
	if want == "" {
		for _, r := range done {
			if r.New.Secret.Reveal() == working[0] {
				return working[0]
			}
		}
		require.Failf(t, "the working secret is no finished rotation's", "round %d", round)
	}
	require.Truef(t, working[0] == want, "round %d: the secret that works is the chain's end", round)
	return want
}

// chainEnd returns the secret of the later of two finished rotations,
// after checking that the later one retired the earlier one's new
// credential. (A vendor whose credentials have fixed slot names, such as
// CSP's current and previous, shows the chain only by which secret works.)
func chainEnd(t *testing.T, round int, a, b *unified.Rotation) string {
	t.Helper()
	if a.New.ID == b.New.ID {
		if a.New.Secret.Reveal() == b.New.Secret.Reveal() {
			return a.New.Secret.Reveal()
		}
		return "" // settled by which secret works: exactly one must
	}
	switch {
	case b.Old.ID == a.New.ID:
		return b.New.Secret.Reveal()
	case a.Old.ID == b.New.ID:
		return a.New.Secret.Reveal()
	}
	require.Failf(t, "two rotations finished from one old credential", "round %d: %s→%s and %s→%s", round, a.Old.ID, a.New.ID, b.Old.ID, b.New.ID)
	return ""
}

// testConcurrentReplacements is testConcurrentRotators for a vendor whose
// rotation replaces the client (SailPoint), which cannot tell two
// replacements of one client apart: two rotators may both get as far as
// finishing, leaving two replacements. Each round checks that a client of
// the lineage still works, that each rotator finished or got an overtaken
// reason (or NotFound: it began after the other deleted the client), that
// a withdrawn replacement is gone, and that two live replacements were
// reported (ReasonRotationOvertaken) to a rotator: the library detects
// what it cannot prevent. The audit then deletes the extra client, as a
// user would, and the tally of rounds is logged.
func testConcurrentReplacements(t *testing.T, h Harness) {
	ps := [2]*unified.Provider{h.NewProvider(t), h.NewProvider(t)}
	if !ps[0].Capabilities().RotateReplacesClient {
		t.Skip("rotation keeps the client (see ConcurrentRotators)")
	}
	client, secret := h.NewClient(t)
	tally := map[string]int{}
	for round := range ConcurrentRounds {
		outs := rotateTogether(ps, client, h.RotateOptions())
		client, secret = auditRound(t, h, ps[0], round, client, secret, outs, tally)
	}
	t.Logf("%d rounds × 2 rotators: %v", ConcurrentRounds, tally)
}

// auditRound checks one round of replacements, deletes the replacement
// the audit finds extra, and returns the client that carries on.
func auditRound(t *testing.T, h Harness, p *unified.Provider, round int, old, oldSecret string, outs [2]outcome, tally map[string]int) (string, string) {
	t.Helper()
	keep, keepSecret, live, detected := old, oldSecret, 0, false
	for i, o := range outs {
		switch {
		case o.finished():
			tally["finished"]++
		case unified.CodeOf(o.err) == unified.NotFound:
			tally["client gone"]++ // it began after the other rotation deleted the client
		default:
			require.Equalf(t, unified.FailedPrecondition, unified.CodeOf(o.err), "round %d rotator %d: %v", round, i, o.err)
			require.Containsf(t, overtaken, unified.ReasonOf(o.err), "round %d rotator %d: %v", round, i, o.err)
			tally[string(unified.ReasonOf(o.err))]++
			detected = detected || unified.ReasonOf(o.err) == unified.ReasonRotationOvertaken
		}
		if o.rot == nil || o.rot.NewClientID == "" || h.SecretCount(o.rot.NewClientID) == 0 {
			continue
		}
		require.NotEqualf(t, unified.PhaseAbandoned, o.rot.Phase, "round %d rotator %d: a withdrawn replacement is gone", round, i)
		live++
		if live > 1 {
			require.NoError(t, p.DeleteClient(context.Background(), o.rot.NewClientID), "the audit deletes the second replacement")
			continue
		}
		keep, keepSecret = o.rot.NewClientID, o.rot.New.Secret.Reveal()
	}
	if live > 1 {
		require.Truef(t, detected, "round %d: two replacements live, and neither rotator was told", round)
		tally["two replacements, reported"]++
	}
	require.Truef(t, h.SecretWorks(keep, keepSecret), "round %d: the client that carries on works", round)
	return keep, keepSecret
}
