package reliability

import (
	"context"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// journalKillRate is the chance that a process dies at each crash point
// of each rotation (the points of package rotations).
const journalKillRate = 0.05

// journalRounds bounds the processes a storm runs per phase.
const journalRounds = 80

// TestJournalStorm runs the fault storm (30% of requests fail) through the
// journal of package rotations, as `credkit secrets rotate --state FILE
// --secret-file FILE` does, and kills processes at random: every round is
// a new process (a fresh provider, the journal re-opened and locked), and
// each rotation dies at each crash point with probability
// journalKillRate. Rounds of rotate, then of finish, run until the journal
// is empty. Then no secret is lost (the secret file's last secret for
// every client works and is its only one), no client is stranded (no
// record left, no orphan client) and no rotation was reported finished
// while its old secret still worked.
func TestJournalStorm(t *testing.T) {
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) { runJournalStorm(t, vendor, stormClients(), envOptions{}) })
	}
	// Auth0's clients of the other kind: a client secret, replaced at
	// once (--allow-immediate-rotation), whose lost answer can never be
	// shown again: the journal does the rotation again.
	t.Run("auth0-secret", func(t *testing.T) { runJournalStorm(t, unified.Auth0, stormClients(), envOptions{secretClients: true}) })
}

// journalStats are the figures a journaled storm reports.
type journalStats struct {
	processes, kills       atomic.Int64
	lost, stranded, false_ int
}

func runJournalStorm(t *testing.T, vendor unified.Vendor, n int, o envOptions) {
	start := time.Now()
	faults := sim.NewFaults(stormRate, stormSeed, stormKinds...)
	o.faults = faults
	e := newEnv(t, vendor, o)
	dir := t.TempDir()
	statePath, secretPath := filepath.Join(dir, "state.json"), filepath.Join(dir, "secrets.txt")
	secrets, err := rotations.OpenSecretFile(secretPath)
	require.NoError(t, err)

	clients := make([]string, n)
	original := map[string]string{}
	for i := range clients {
		id, secret := e.newClient()
		clients[i], original[id] = id, secret
	}
	stats := &journalStats{}
	rng := rand.New(rand.NewPCG(stormSeed, 13))
	var rngMu sync.Mutex
	kill := func(string) {
		rngMu.Lock()
		dies := rng.Float64() < journalKillRate
		rngMu.Unlock()
		if dies {
			stats.kills.Add(1)
			runtime.Goexit()
		}
	}
	ctx := context.Background()
	// process runs one process: a fresh provider over the journal.
	process := func(work func(p *rotations.Provider, st *rotations.State)) {
		stats.processes.Add(1)
		base, err := e.build(buildOptions{transport: attemptDeadline{next: e.srv.Client().Transport, d: stormAttempt}})
		require.NoError(t, err)
		defer func() {
			if err := base.Close(); err != nil {
				t.Errorf("closing the provider: %v", err)
			}
		}()
		// The journal's clock is the vendor's (the simulators' stands at
		// sim.Epoch), as NTP keeps a real one: a roll-back finds lost
		// replacements by their creation time.
		st, err := rotations.OpenState(ctx, statePath, 0, io.Discard, func() time.Time { return sim.Epoch })
		require.NoError(t, err, "the previous process released the lock")
		defer func() {
			if err := st.Close(); err != nil {
				t.Errorf("closing the journal: %v", err)
			}
		}()
		work(&rotations.Provider{Provider: base, State: st, Secrets: secrets, Crash: kill}, st)
	}
	bulk := &unified.BulkOptions{Concurrency: stormBulk, Rotate: e.rotate}

	// Begin: every client whose rotation is not recorded begun, nor over
	// at once (a secret replaced at once leaves no record, and the user's
	// new secret works).
	rotated := func(id string) bool {
		holder, secret := secrets.LookupClient(vendor, id)
		return !secret.IsZero() && secret.Reveal() != original[id] && e.works(holder, secret.Reveal())
	}
	rounds := 0
	for ; ; rounds++ {
		require.Less(t, rounds, journalRounds, "rotations still not begun")
		var todo []string
		process(func(_ *rotations.Provider, st *rotations.State) {
			for _, id := range clients {
				r, _ := st.Get(vendor, id)
				if r == nil && !rotated(id) || r != nil && r.Phase != unified.PhaseBegun {
					todo = append(todo, id)
				}
			}
		})
		if len(todo) == 0 {
			break
		}
		process(func(p *rotations.Provider, _ *rotations.State) { unified.RotateSecrets(ctx, p, todo, bulk) })
	}
	beginRounds := rounds

	// Finish: every rotation the journal holds.
	reported := map[string]bool{}
	for rounds = 0; ; rounds++ {
		require.Less(t, rounds, journalRounds, "rotations still not finished")
		var todo []*unified.Rotation
		process(func(p *rotations.Provider, st *rotations.State) { todo = st.Rotations(vendor) })
		if len(todo) == 0 {
			break
		}
		process(func(p *rotations.Provider, _ *rotations.State) {
			for _, r := range unified.FinishRotations(ctx, p, todo, bulk) {
				if r.Err != nil && rounds > journalRounds-3 {
					t.Logf("round %d: %s: %v", rounds, r.ClientID, r.Err)
				}
				if r.Status == unified.BulkDone && r.Rotation != nil {
					reported[r.ClientID] = true
					if e.works(r.ClientID, original[r.ClientID]) {
						stats.false_++
					}
				}
			}
		})
	}

	// Every client: the user's last secret works, is the only one; the
	// original is retired; nothing is left in the journal; no orphan.
	holders := map[string]bool{sailPointAdminID: true}
	for _, id := range clients {
		holder, secret := secrets.LookupClient(vendor, id)
		holders[holder] = true
		switch {
		case secret.IsZero() || !e.works(holder, secret.Reveal()):
			stats.lost++
		case e.count(holder) != 1 || e.works(id, original[id]):
			stats.stranded++
		}
	}
	orphans := 0
	if e.clientIDs != nil {
		for _, id := range e.clientIDs() {
			if !holders[id] {
				orphans++
			}
		}
	}
	stats.stranded += orphans
	injected := faults.Injected()
	total := 0
	for _, k := range stormKinds {
		total += injected[k]
		require.Positive(t, injected[k], "the storm injected %s faults", k)
	}
	t.Logf("journal storm: %s: clients=%d processes=%d kills=%d rounds=%d+%d faults=%d lost=%d stranded=%d (orphans=%d) false-finished=%d reported-finished=%d duration=%s",
		filepath.Base(t.Name()), n, stats.processes.Load(), stats.kills.Load(), beginRounds, rounds, total, stats.lost, stats.stranded, orphans, stats.false_, len(reported),
		time.Since(start).Round(time.Millisecond))
	require.Positive(t, stats.kills.Load(), "processes were killed")
	require.Zero(t, stats.lost, "lost secrets")
	require.Zero(t, stats.stranded, "stranded clients")
	require.Zero(t, stats.false_, "false finished")
}
