package journal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Version is the file format this package writes and reads.
const Version = 1

// ErrLocked is wrapped by the error of Open when another process holds the
// journal.
var ErrLocked = errors.New("journal is locked by another process")

// LockedError is the error of Open when another process holds the
// journal: past Options.Wait, when it wraps ErrLocked, or until the
// context ended, when it wraps the context's error instead.
type LockedError struct {
	// Lock is the lock file.
	Lock string
	// Holder names the process that holds it, as the kernel does (see
	// the package's Errors), or "another process".
	Holder string
	// Waited is how long Open waited: Options.Wait, or 0.
	Waited time.Duration
	ctx    error
}

func (e *LockedError) Error() string {
	switch {
	case e.ctx != nil:
		return fmt.Sprintf("journal: waiting for %s (held by %s): %v", e.Lock, e.Holder, e.ctx)
	case e.Waited != 0:
		return fmt.Sprintf("%v: %s (held by %s, waited %s)", ErrLocked, e.Lock, e.Holder, e.Waited)
	}
	return fmt.Sprintf("%v: %s (held by %s)", ErrLocked, e.Lock, e.Holder)
}

// Unwrap is ErrLocked, or the context's error when it ended the wait.
func (e *LockedError) Unwrap() error {
	if e.ctx != nil {
		return e.ctx
	}
	return ErrLocked
}

// Key names a record: one per client of a vendor.
type Key struct {
	Vendor   string `json:"vendor"`
	ClientID string `json:"clientId"`
}

func (k Key) String() string { return k.Vendor + "/" + k.ClientID }

// Record is one entry of the journal.
type Record struct {
	Key
	// Step is the caller's name for how far the work got, for example
	// "begin-intent" or "begun".
	Step string `json:"step"`
	// Updated is when the record was last written.
	Updated time.Time `json:"updated"`
	// Data is the caller's payload.
	Data json.RawMessage `json:"data,omitempty"`
}

// Options tune Open. A nil *Options means the defaults.
type Options struct {
	// Wait is how long Open waits for another process to release the
	// journal. Zero: do not wait. Negative: wait until ctx ends.
	Wait time.Duration
	// OnWait, when set, is called once with a description of the holder
	// when Open has to wait.
	OnWait func(holder string)
	// Now stamps Record.Updated. Nil: time.Now.
	Now func() time.Time
	// Migrate, when set, is given the content of a file that is not a
	// journal, under the lock; the records it returns replace it at the
	// next write. Its error is Open's. It is also called once before the
	// lock is taken, to refuse a file before a lock file is made beside
	// it: it must have no side effect.
	Migrate func(data []byte) ([]Record, error)
}

// file is the journal's on-disk form.
type file struct {
	Version int      `json:"version"`
	Records []Record `json:"records"`
}

// Journal is an open, locked journal. It is not safe for concurrent use by
// several goroutines without the caller's own locking.
type Journal struct {
	path    string // the resolved target of the name given to Open
	lock    *flock.Flock
	now     func() time.Time
	records []Record
}

// Open resolves path (following symbolic links), locks it and reads it. A
// missing file is an empty journal, written at the first Put. A path Open
// refuses (not a regular file, not a journal, too large, a folder that is
// missing) is refused before the lock file is created: nothing is left
// beside it, nor beside a link's target. The caller must Close the journal
// to release the lock.
func Open(ctx context.Context, path string, opts *Options) (*Journal, error) {
	if opts == nil {
		opts = &Options{}
	}
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(target); err != nil {
		return nil, err
	}
	// Read once before the lock, only to refuse: a file that is not a
	// journal (a link to some other file, say) gets no lock file beside
	// it. The records are read again under the lock.
	if _, err := read(target, opts.Migrate); err != nil {
		return nil, err
	}
	lock, err := acquire(ctx, target+".lock", opts)
	if err != nil {
		return nil, err
	}
	j := &Journal{path: target, lock: lock, now: opts.Now}
	if j.now == nil {
		j.now = time.Now
	}
	if j.records, err = read(target, opts.Migrate); err != nil {
		_ = lock.Unlock()
		return nil, err
	}
	return j, nil
}

// Path is the file the journal writes: the target of a symbolic link.
func (j *Journal) Path() string { return j.path }

// Records returns a copy of every record, in key order.
func (j *Journal) Records() []Record { return slices.Clone(j.records) }

// Get returns the record of key.
func (j *Journal) Get(key Key) (Record, bool) {
	i := j.index(key)
	if i < 0 {
		return Record{}, false
	}
	return j.records[i], true
}

// Put adds or replaces the record of rec.Key and writes the journal durably
// before it returns. On error the journal in memory is unchanged.
func (j *Journal) Put(rec Record) error {
	if rec.Vendor == "" || rec.ClientID == "" {
		return fmt.Errorf("journal %s: a record needs a vendor and a client ID, got %q", j.path, rec.Key.String())
	}
	if len(rec.Data) > 0 && !json.Valid(rec.Data) {
		return fmt.Errorf("journal %s: the data of %s is not JSON", j.path, rec.Key)
	}
	rec.Updated = j.now().UTC()
	next := slices.Clone(j.records)
	if i := j.index(rec.Key); i >= 0 {
		next[i] = rec
	} else {
		next = append(next, rec)
		slices.SortFunc(next, func(a, b Record) int { return strings.Compare(a.Key.String(), b.Key.String()) })
	}
	return j.commit(next)
}

// Delete removes the record of key, if there is one, and writes the journal
// durably before it returns.
func (j *Journal) Delete(key Key) error {
	i := j.index(key)
	if i < 0 {
		return nil
	}
	return j.commit(slices.Delete(slices.Clone(j.records), i, i+1))
}

// Close releases the lock. The journal must not be used afterwards.
func (j *Journal) Close() error {
	if j.lock == nil {
		return nil
	}
	err := j.lock.Unlock()
	j.lock = nil
	return err
}

func (j *Journal) index(key Key) int {
	return slices.IndexFunc(j.records, func(r Record) bool { return r.Key == key })
}

func (j *Journal) commit(next []Record) error {
	if j.lock == nil {
		return fmt.Errorf("journal %s is closed", j.path)
	}
	data, err := json.MarshalIndent(file{Version: Version, Records: next}, "", "  ")
	if err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := WriteFile(j.path, append(data, '\n'), 0o600); err != nil {
		return err
	}
	j.records = next
	return nil
}

// Flush writes the journal as it is, creating the file if it is missing:
// it proves the journal can be written before any work depends on it.
func (j *Journal) Flush() error { return j.commit(j.records) }

// read loads the journal at path; a missing file is empty. A file that is
// not a journal goes to migrate, if set.
func read(path string, migrate func([]byte) ([]Record, error)) ([]Record, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading journal: %w", err)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, nil
	}
	var f file
	err = json.Unmarshal(data, &f)
	if migrate != nil && (err != nil || f.Version == 0) {
		return migrate(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s is not a credkit journal: %w", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s is a journal of version %d; this credkit reads version %d", path, f.Version, Version)
	}
	for i := range f.Records {
		f.Records[i].Data = compact(f.Records[i].Data)
	}
	return f.Records, nil
}

// compact undoes the indentation the file's layout gave a record's data.
func compact(data json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if len(data) == 0 || json.Compact(&b, data) != nil {
		return data
	}
	return b.Bytes()
}
