package main

// The default journal: without --state, the rotation commands keep their
// journal in the user's state folder, so that no configuration loses a
// rotation (and the new secret's line it wrote) when a run dies or a
// destination fails. --state says where, not whether.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// envState names the journal every rotation command uses without
// --state, overriding the default place.
const envState = "CREDKIT_STATE"

// defaultJournalName is the default journal's file name in its folder.
const defaultJournalName = "rotations.json"

// defaultStatePath is where the journal lives without --state:
// $CREDKIT_STATE; else $XDG_STATE_HOME/credkit/rotations.json; else, by
// system, ~/Library/Application Support/credkit (macOS),
// %LocalAppData%\credkit (Windows), ~/.local/state/credkit (the XDG
// default elsewhere).
func defaultStatePath(getenv func(string) string, goos string) (string, error) {
	if p := getenv(envState); p != "" {
		return p, nil
	}
	if x := getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "credkit", defaultJournalName), nil
	}
	if goos == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "credkit", defaultJournalName), nil
		}
	}
	home := getenv("HOME")
	if goos == "windows" && home == "" {
		home = getenv("USERPROFILE")
	}
	if !filepath.IsAbs(home) {
		return "", errors.New("no home folder ($HOME) to keep the rotation journal in: set " + envState + " to a file, or pass --state FILE")
	}
	if goos == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "credkit", defaultJournalName), nil
	}
	return filepath.Join(home, ".local", "state", "credkit", defaultJournalName), nil
}

// journalAt is the journal a command uses: explicit (--state) when given,
// else the default one, whose folder is created (mode 0700: the journal
// names clients and tenants) when create is set.
func (b *base) journalAt(explicit string, create bool) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	path, err := defaultStatePath(b.f.Getenv, runtime.GOOS)
	if err != nil {
		return "", err
	}
	if create && b.f.Getenv(envState) == "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", err
		}
	}
	return path, nil
}

// existingDefaultJournal is the default journal's path where one exists
// (a rotation made it), else "": the commands that only read or end saved
// rotations never create it.
func (b *base) existingDefaultJournal() string {
	path, err := b.journalAt("", false)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// openJournal opens the journal of `secrets rotate`: --state, else the
// default one, except for a --demo run (its in-process simulator and
// rotations end with it), which journals only with --state. It is opened
// first, and written: a path that cannot be kept up to date stops the
// command before any request.
func (o *secretsRotateOptions) openJournal(s *session) (*rotations.State, error) {
	if o.StatePath == "" && s.demo != nil {
		return nil, nil
	}
	path, err := o.journalAt(o.StatePath, true)
	if err != nil {
		return nil, o.fail("opening the default rotation journal", err)
	}
	st, err := o.openState(path, time.Duration(o.StateWait), false)
	if err != nil {
		return nil, err
	}
	o.journal = path
	return st, nil
}

// forgetFinished drops from the default journal the record of a rotation
// finished by hand (`secrets finish <client>`), where it names the same
// credentials, so that the audit no longer flags it and a later rotate
// does not take it for an open one. A record of another rotation stays.
func (o *secretsFinishOptions) forgetFinished(r *unified.Rotation) error {
	return o.withDefaultRecord(r, func(st *rotations.State, _ string, saved *unified.Rotation) error {
		if saved.NewClientID != r.NewClientID || saved.New.ID != r.New.ID || saved.Old.ID != r.Old.ID {
			return nil
		}
		return st.Drop(r.Vendor, r.ClientID)
	})
}

// unkept refuses to finish by hand a rotation whose new client's secret is
// shown once and, as the default journal records it, reached no
// destination (its record is pending): finishing deletes the old client,
// the only one whose secret anybody has. nil where the journal has no such
// record.
func (o *secretsFinishOptions) unkept(r *unified.Rotation) error {
	if r == nil || !newClientShownOnce(r.Vendor) {
		return nil
	}
	return o.withDefaultRecord(r, func(_ *rotations.State, path string, saved *unified.Rotation) error {
		if saved.Phase != unified.PhasePending {
			return nil
		}
		return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNewClientUnknown, Vendor: r.Vendor, Op: "FinishRotation",
			Message: "the journal (" + path + ") shows this rotation's new client was never recorded with its secret kept by any destination: finishing would delete " +
				r.ClientID + ", the only client whose secret works; nothing was changed; roll back: rotate " + r.ClientID + " again, which deletes the new client and begins anew " +
				"(if you kept the new secret that stderr showed as the last resort and every user has it, retire " + r.ClientID + " at the vendor instead)"}
	})
}

// withDefaultRecord calls do with the default journal, opened and locked,
// and its record of r's client, where a default journal exists and holds
// one; nil otherwise.
func (o *secretsFinishOptions) withDefaultRecord(r *unified.Rotation, do func(st *rotations.State, path string, saved *unified.Rotation) error) error {
	path := o.existingDefaultJournal()
	if path == "" || r == nil {
		return nil // no default journal: nothing saved there
	}
	st, err := o.openState(path, time.Duration(o.StateWait), true)
	if err != nil {
		return err
	}
	defer closeState(st)
	saved, _ := st.Get(r.Vendor, r.ClientID)
	if saved == nil {
		return nil
	}
	return do(st, path, saved)
}
