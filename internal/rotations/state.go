package rotations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
	// simulated: the run works against a demo simulator, and so are the
	// records it writes and the only ones it reads.
	simulated bool
	// tenant names the tenant of the run (unified.VendorSpec.Tenant): its
	// records say so, and records of another tenant are left alone.
	tenant string
}

// StateOptions tune OpenStateWith; nil means the defaults.
type StateOptions struct {
	// Wait is how long to wait for another run that holds the file.
	Wait time.Duration
	// Stderr is where waiting is said (default: nowhere).
	Stderr io.Writer
	// Now stamps the records (default: time.Now).
	Now func() time.Time
	// MustExist refuses a path that holds no journal yet, with an error
	// that wraps ErrNoState: what finishes or audits saved rotations must
	// not take a mistyped path for an empty journal.
	MustExist bool
	// Simulated marks the records this run writes as made against a demo
	// simulator; records of the other kind are refused (ErrOtherKind), so
	// that a demo rotation is never replayed against a tenant, nor a
	// tenant's against a simulator.
	Simulated bool
	// Tenant names the tenant the run works on (unified.VendorSpec.Tenant,
	// "" when unknown): the records it writes name it, and a record of
	// another tenant is neither read, finished nor overwritten
	// (ErrOtherKind), since IDs collide across cloned tenants.
	Tenant string
}

// ErrNoState is wrapped by the error of OpenStateWith with MustExist when
// the path holds no journal.
var ErrNoState = errors.New("no state file there")

// ErrOtherKind is wrapped by the error of a State method that met a record
// written against a simulator by a run against a tenant, or the reverse.
var ErrOtherKind = errors.New("the state file's rotation was recorded against another tenant, or against a demo simulator rather than a tenant (or the reverse)")

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
	return OpenStateWith(ctx, path, &StateOptions{Wait: wait, Stderr: stderr, Now: now})
}

// OpenStateWith is OpenState with options; opts may be nil.
func OpenStateWith(ctx context.Context, path string, opts *StateOptions) (*State, error) {
	o := StateOptions{Stderr: io.Discard}
	if opts != nil {
		o = *opts
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.MustExist {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w: name the file `secrets rotate --state` wrote", path, ErrNoState)
		}
	}
	bound := "--state-wait"
	if d, ok := ctx.Deadline(); ok && time.Until(d) < o.Wait {
		// The command's own deadline (--timeout) ends the wait first.
		o.Wait, bound = max(time.Until(d), 0).Round(time.Millisecond), "--timeout"
	}
	j, err := journal.Open(ctx, path, &journal.Options{
		Wait: o.Wait,
		OnWait: func(holder string) {
			fmt.Fprintf(o.Stderr, "credkit: %s is in use by %s; waiting up to %s (%s)\n", path, holder, o.Wait, bound)
		},
		Migrate: migrateState,
		Now:     o.Now,
	})
	if err != nil {
		return nil, err
	}
	if err := j.Flush(); err != nil {
		_ = j.Close()
		return nil, err
	}
	return &State{j: j, path: path, simulated: o.Simulated, tenant: o.Tenant}, nil
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
		rec, err := record(r, string(r.Phase), marked{})
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// saved is a record's data: the rotation, without its secret, and
// whether it was made against a demo simulator.
type saved struct {
	unified.Rotation
	marked
}

// marked are a record's marks: whether it was made against a demo
// simulator, the tenant, and the line of --secret-file that holds its new
// secret.
type marked struct {
	Simulated bool   `json:"simulated,omitempty"`
	Tenant    string `json:"tenant,omitempty"`
	Line      Line   `json:"secretLine,omitzero"`
}

func record(r *unified.Rotation, step string, m marked) (journal.Record, error) {
	kept := saved{Rotation: *r, marked: m}
	if !r.New.Secret.IsZero() && r.New.Hint == unified.Hint(r.New.Secret) {
		// A hint made of the secret's last characters is part of it: no
		// part of a secret is stored.
		kept.New.Hint = ""
	}
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
	r, ok := s.decode(rec)
	if !ok {
		return nil, time.Time{}
	}
	return r, rec.Updated
}

// decode reads a record's rotation, if it is of this run's kind (made
// against a simulator or not).
func (s *State) decode(rec journal.Record) (*unified.Rotation, bool) {
	var r unified.Rotation
	if !s.mine(rec) || json.Unmarshal(rec.Data, &r) != nil {
		return nil, false
	}
	return &r, true
}

// mine reports whether a record is of this run's kind: made against a
// simulator or not, as this run is, and of this run's tenant where both
// name one.
func (s *State) mine(rec journal.Record) bool {
	m := marks(rec)
	return m.Simulated == s.simulated && (m.Tenant == "" || s.tenant == "" || m.Tenant == s.tenant)
}

// marks reads a record's marks. (Decoding into saved would not: the
// UnmarshalJSON it promotes from unified.Rotation reads only the
// rotation.)
func marks(rec journal.Record) (m marked) {
	_ = json.Unmarshal(rec.Data, &m) // a record that does not decode has no marks
	return m
}

// ForTenant sets the tenant of the run, once known (see
// StateOptions.Tenant): from then on, records of another tenant are left
// alone.
func (s *State) ForTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant = tenant
}

// Others counts the records of the other kind (another tenant's, or made
// against a demo simulator when this run is not, or the reverse), which
// this run neither reads nor touches.
func (s *State) Others() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, rec := range s.j.Records() {
		if !s.mine(rec) {
			n++
		}
	}
	return n
}

// rotations returns the saved rotations, of vendor only unless it is "".
func (s *State) Rotations(vendor unified.Vendor) []*unified.Rotation {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*unified.Rotation
	for _, rec := range s.j.Records() {
		r, ok := s.decode(rec)
		if !ok || (vendor != "" && r.Vendor != vendor) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Put records r at step (its phase when step is ""), durably, without its
// secret, keeping the line of --secret-file recorded for it.
func (s *State) Put(r *unified.Rotation, step string) error {
	return s.put(r, step, nil)
}

// PutLine is Put that also records where its new secret's line is.
func (s *State) PutLine(r *unified.Rotation, step string, line Line) error {
	return s.put(r, step, &line)
}

func (s *State) put(r *unified.Rotation, step string, line *Line) error {
	if step == "" {
		step = string(r.Phase)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := marked{Simulated: s.simulated, Tenant: s.tenant}
	key := journal.Key{Vendor: string(r.Vendor), ClientID: r.ClientID}
	if old, ok := s.j.Get(key); ok {
		if _, mine := s.decode(old); !mine {
			return fmt.Errorf("%s of %s: %w", r.ClientID, r.Vendor, ErrOtherKind)
		}
		m.Line = marks(old).Line
	}
	if line != nil {
		m.Line = *line
	}
	rec, err := record(r, step, m)
	if err != nil {
		return err
	}
	return s.j.Put(rec)
}

// Line is where the saved rotation of a client keeps its new secret in
// --secret-file, or zero.
func (s *State) Line(vendor unified.Vendor, client string) Line {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.j.Get(journal.Key{Vendor: string(vendor), ClientID: client})
	if !ok || !s.mine(rec) {
		return Line{}
	}
	return marks(rec).Line
}

// drop forgets the rotation of a client, durably.
func (s *State) Drop(vendor unified.Vendor, client string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := journal.Key{Vendor: string(vendor), ClientID: client}
	if old, ok := s.j.Get(key); ok {
		if _, mine := s.decode(old); !mine {
			return fmt.Errorf("%s of %s: %w", client, vendor, ErrOtherKind)
		}
	}
	return s.j.Delete(key)
}
