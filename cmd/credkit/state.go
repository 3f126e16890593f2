package main

import (
	"errors"
	"time"

	"github.com/credkit/credkit/internal/rotations"
)

// openState opens the --state journal at path for the command, waiting up
// to wait for another run that holds it. mustExist refuses (exit 2) a path
// that holds no journal, for the commands that read saved rotations: a
// mistyped path must not pass for an empty journal. A --demo run's
// records are marked simulated, and it reads only those: a demo rotation
// is never replayed against a tenant.
func (b *base) openState(path string, wait time.Duration, mustExist bool) (*rotations.State, error) {
	simulated := b.simulated || (b.Vendor != nil && demoWanted(b.Vendor, b.f.Getenv))
	st, err := rotations.OpenStateWith(b.ctx(), path, &rotations.StateOptions{
		Wait: wait, Stderr: b.f.IO.ErrOut, Now: b.f.Clock.Now, MustExist: mustExist, Simulated: simulated, Tenant: b.tenant(),
	})
	if errors.Is(err, rotations.ErrNoState) {
		return nil, b.usage("--state %s: no state file there: name the file `credkit secrets rotate --state` wrote", path)
	}
	if err != nil {
		return nil, b.fail("opening the state file", err)
	}
	b.noteOthers(st, path)
	return st, nil
}

// noteOthers says how many records of the journal this run leaves alone:
// another tenant's, or made against a demo simulator (or the reverse).
func (b *base) noteOthers(st *rotations.State, path string) {
	if n := st.Others(); n > 0 {
		kind := "against this tenant"
		if b.simulated || (b.Vendor != nil && demoWanted(b.Vendor, b.f.Getenv)) {
			kind = "against a demo simulator"
		}
		b.note("%s holds %d rotation(s) not recorded %s; this run leaves them alone", path, n, kind)
	}
}

// tenant names the tenant the vendor flags and environment reach, for the
// journal; "" when no vendor is chosen yet, or with --demo (whose records
// are marked simulated instead).
func (b *base) tenant() string {
	if b.Vendor == nil || demoWanted(b.Vendor, b.f.Getenv) {
		return ""
	}
	vendor, err := parseVendor(b.Vendor.Vendor)
	if err != nil {
		return ""
	}
	spec := specOf(vendor)
	return spec.Tenant(settingsOf(spec, b.Vendor, b.f.Getenv))
}

// closeState releases the lock of a --state journal when a command ends.
// Every Put and Drop has written and synced its records by then, and the
// lock goes with the process anyway: a failed release loses nothing the
// command did, so it is not the command's error.
func closeState(st *rotations.State) { _ = st.Close() }
