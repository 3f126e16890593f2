package rotations

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/journal"
)

// State is the --state FILE of the rotation commands: a
// unified/journal, locked for the whole run, whose records are rotations
// (without secrets) keyed by vendor and client. A rotation's intent is
// recorded before the request that makes it effective, and its outcome
// after, so that a run killed at any point leaves what the next run needs
// to complete it or roll it back. It is safe for concurrent use.
type State struct {
	mu   sync.Mutex
	j    *journal.Journal
	path string
}

// The steps a record is in, besides the phases of unified.Rotation.
const (
	// stepFinishing: FinishRotation was about to be sent.
	stepFinishing = "finishing"
)

// OpenState opens, locks and reads path, waiting up to wait for another
// run to release it (saying so on stderr), and writes it back at once so
// that a path that cannot be written stops the command before any
// request. A state file of the older form {"rotations": [...]} is
// migrated.
func OpenState(ctx context.Context, path string, wait time.Duration, stderr io.Writer, now func() time.Time) (*State, error) {
	j, err := journal.Open(ctx, path, &journal.Options{
		Wait: wait,
		OnWait: func(holder string) {
			fmt.Fprintf(stderr, "credkit: %s is in use by %s; waiting up to %s (--state-wait)\n", path, holder, wait)
		},
		Migrate: migrateState,
		Now:     now,
	})
	if err != nil {
		return nil, err
	}
	if err := j.Flush(); err != nil {
		_ = j.Close()
		return nil, err
	}
	return &State{j: j, path: path}, nil
}

// migrateState reads the state file credkit wrote before the journal.
func migrateState(data []byte) ([]journal.Record, error) {
	var old struct {
		Rotations []*unified.Rotation `json:"rotations"`
	}
	if err := json.Unmarshal(data, &old); err != nil || old.Rotations == nil {
		return nil, fmt.Errorf("not a credkit state file (neither a journal nor the older {\"rotations\": [...]} form)")
	}
	var out []journal.Record
	for _, r := range old.Rotations {
		if r == nil || r.Vendor == "" || r.ClientID == "" {
			continue
		}
		rec, err := record(r, string(r.Phase))
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func record(r *unified.Rotation, step string) (journal.Record, error) {
	kept := *r
	kept.New.Secret = unified.Secret{}
	data, err := json.Marshal(&kept)
	if err != nil {
		return journal.Record{}, err
	}
	return journal.Record{Key: journal.Key{Vendor: string(r.Vendor), ClientID: r.ClientID}, Step: step, Data: data}, nil
}

// close releases the lock.
func (s *State) Close() error {
	if s == nil {
		return nil
	}
	return s.j.Close()
}

// get returns the saved rotation of a client and when it was recorded.
func (s *State) Get(vendor unified.Vendor, client string) (*unified.Rotation, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.j.Get(journal.Key{Vendor: string(vendor), ClientID: client})
	if !ok {
		return nil, time.Time{}
	}
	var r unified.Rotation
	if json.Unmarshal(rec.Data, &r) != nil {
		return nil, time.Time{}
	}
	return &r, rec.Updated
}

// rotations returns the saved rotations, of vendor only unless it is "".
func (s *State) Rotations(vendor unified.Vendor) []*unified.Rotation {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*unified.Rotation
	for _, rec := range s.j.Records() {
		var r unified.Rotation
		if json.Unmarshal(rec.Data, &r) != nil || (vendor != "" && r.Vendor != vendor) {
			continue
		}
		out = append(out, &r)
	}
	return out
}

// put records r at step (its phase when step is ""), durably, without its
// secret.
func (s *State) Put(r *unified.Rotation, step string) error {
	if step == "" {
		step = string(r.Phase)
	}
	rec, err := record(r, step)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.j.Put(rec)
}

// drop forgets the rotation of a client, durably.
func (s *State) Drop(vendor unified.Vendor, client string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.j.Delete(journal.Key{Vendor: string(vendor), ClientID: client})
}
