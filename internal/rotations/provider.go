package rotations

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/credkit/credkit/unified"
)

// Provider is the provider of `secrets rotate --state FILE`: every
// rotation is compared with the vendor before it is resumed, its intent is
// recorded before the request that makes it effective, a new secret goes
// to --secret-file before anything else can fail, and the outcome is
// recorded after.
type Provider struct {
	*unified.Provider
	// State is the journal; Secrets, if not nil, where new secrets go.
	State   *State
	Secrets *SecretFile
	// Show, if not nil, is handed each new secret right after Secrets
	// (before the request that installs a secret credkit makes, the
	// moment the answer arrives for one the vendor makes), before the
	// journal records anything more: the CLI prints it there
	// (--show-secret), so that a process killed later has shown it. An
	// error from Show stops the rotation as one from Secrets does.
	Show func(vendor unified.Vendor, client, newClient string, secret unified.Secret) error
	// Unshow, if not nil, is told that a secret Show printed before the
	// request (no --secret-file) was refused by the vendor and never in
	// force: the CLI prints a withdrawal after it.
	Unshow func(vendor unified.Vendor, client, newClient string) error
	// Given is a new secret the user gave back (--new-secret-env), for
	// one client.
	Given unified.Secret
	// Now is the time of the run (default: time.Now), by which a saved
	// rotation's window is judged.
	Now func() time.Time
	// Crash, in tests, is called at each named point of a rotation (the
	// Crash* constants) and may end the rotation there, as a killed
	// process would.
	Crash func(point string)

	// creating is held (read) while a replacement client may be created
	// and not yet recorded, and (write) while orphans are rolled back, so
	// that a roll-back never takes a concurrent rotation's new client for
	// an orphan.
	creating sync.RWMutex
}

// The points of a Provider begin where a test may kill the process.
const (
	// CrashBeforeRequest: the intent is recorded, nothing sent.
	CrashBeforeRequest = "begin:before-request"
	// CrashAfterAnswer: the vendor answered and the secret reached
	// --secret-file; the outcome is not recorded.
	CrashAfterAnswer = "begin:after-answer"
	// CrashFinishBefore: the intent to finish is recorded, nothing sent.
	CrashFinishBefore = "finish:before-request"
	// CrashFinishAfter: the vendor retired the old secret; the record is
	// not dropped.
	CrashFinishAfter = "finish:after-answer"
)

func (j *Provider) hook(point string) {
	if j.Crash != nil {
		j.Crash(point)
	}
}

// RotateSecret begins the client's rotation, or completes the one saved.
func (j *Provider) RotateSecret(ctx context.Context, client string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	o := unified.RotateOptions{}
	if opts != nil {
		o = *opts
	}
	vendor := j.Vendor()
	saved, recorded := j.State.Get(vendor, client)
	if saved != nil && saved.Phase == unified.PhasePending && saved.NewClientID == "" && j.Capabilities().RotateReplacesClient {
		if newClient, secret := j.Secrets.Lookup(vendor, client, j.State.Line(vendor, client)); newClient != "" && newClient != client && !secret.IsZero() {
			// The answer arrived and its secret reached the file before
			// the process died: resume with it.
			saved.NewClientID = newClient
			saved.New = unified.Credential{Vendor: vendor, ClientID: newClient, ID: newClient, Kind: unified.KindClientSecret, Secret: secret}
		} else {
			// The creation got no answer: its secret was never shown, so
			// the rotation cannot complete. Roll it back.
			if err := j.rollBack(ctx, saved, recorded); err != nil {
				return nil, err
			}
			saved = nil
		}
	}
	if settle := j.spec().Rotation.SettlePending; saved != nil && saved.Phase == unified.PhasePending && settle != nil {
		restart, err := settle(ctx, j.Provider, saved, j.secretOf(saved))
		if err != nil {
			return nil, err
		}
		if restart {
			if err := j.State.Drop(saved.Vendor, saved.ClientID); err != nil {
				return nil, err
			}
			saved = nil
		}
	}
	if saved != nil {
		resume, err := j.reconcile(ctx, saved, false)
		if err != nil {
			return nil, err
		}
		if resume != nil {
			o.Resume = resume
			if o.NewSecret.IsZero() {
				o.NewSecret = j.secretOf(resume)
			}
			return j.run(ctx, client, &o, false)
		}
	}
	intent, kept, line, err := j.intent(ctx, client, &o)
	if err != nil {
		return nil, err
	}
	if !kept {
		// The vendor will make the secret: its line is the first for
		// the client from here.
		line = j.Secrets.Mark()
	}
	if err := j.State.PutLine(intent, "", line); err != nil {
		return nil, errors.Join(err, j.withdraw(line))
	}
	return j.run(ctx, client, &o, kept)
}

// spec is the registered vendor of the provider.
func (j *Provider) spec() *unified.VendorSpec {
	if v := unified.Lookup(string(j.Vendor())); v != nil {
		return v
	}
	return &unified.VendorSpec{Name: j.Vendor()}
}

// reconcile compares a saved rotation with the vendor: it returns the
// rotation to resume, or nil when the saved one is over (finished, or
// abandoned) and was dropped so that a new one begins.
func (j *Provider) reconcile(ctx context.Context, saved *unified.Rotation, finishing bool) (*unified.Rotation, error) {
	if saved.Phase == unified.PhasePending {
		return saved, nil
	}
	if !j.Capabilities().CheckRotation {
		return saved, nil
	}
	probe := *saved
	probe.New.Secret = j.secretOf(saved)
	if j.spec().Rotation.CheckNeedsSecret && (probe.New.Secret.IsZero() || j.windowEnded(saved)) {
		return j.unverifiable(saved, finishing)
	}
	now, err := j.CheckRotation(ctx, &probe)
	switch {
	case unified.ReasonOf(err) == unified.ReasonRotationStale:
		// The vendor no longer holds the saved rotation's new credential:
		// the record cannot be resumed or finished, and nothing at the
		// vendor refers to it. Keep the refusal; drop the record.
		if derr := j.State.Drop(saved.Vendor, saved.ClientID); derr != nil {
			return nil, derr
		}
		return nil, err
	case err != nil:
		return nil, err
	case now.Phase == unified.PhaseFinished || now.Phase == unified.PhaseAbandoned:
		return nil, j.State.Drop(saved.Vendor, saved.ClientID)
	}
	return saved, nil
}

// orphanSlack is how long before its intent was recorded a replacement
// client may seem to be created, for the vendor's clock running behind.
const orphanSlack = 5 * time.Minute

// rollBack deletes the replacement clients a rotation whose creation got
// no answer may have left (the old client's name, created since the
// intent), then drops the rotation, so that a new one begins.
func (j *Provider) rollBack(ctx context.Context, saved *unified.Rotation, recorded time.Time) error {
	if !j.Capabilities().ListClients || !j.Capabilities().DeleteClients {
		return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNewClientUnknown, Vendor: saved.Vendor, Op: "RotateSecret",
			Message: "the saved rotation never learned its replacement client, and this vendor cannot list and delete clients"}
	}
	var all []unified.Client
	for c, err := range j.ListClients(ctx) {
		if err != nil {
			return err
		}
		all = append(all, c)
	}
	name := ""
	for _, c := range all {
		if c.ID == saved.ClientID {
			name = c.Name
		}
	}
	j.creating.Lock()
	defer j.creating.Unlock()
	known := map[string]bool{saved.ClientID: true}
	for _, r := range j.State.Rotations("") {
		known[r.ClientID], known[r.NewClientID] = true, true
	}
	since := recorded.Add(-orphanSlack)
	for _, c := range all {
		if name != "" && c.Name == name && !known[c.ID] && !c.Created.Before(since) {
			if err := j.DeleteClient(ctx, c.ID); err != nil {
				return err
			}
		}
	}
	return j.State.Drop(saved.Vendor, saved.ClientID)
}

// intent is the record of a rotation about to begin: what it will retire
// and, where credkit makes the new credential (the vendor's Intent sets
// RotateOptions.NewSecret), that credential, which reaches every
// destination now, before the request that installs it; kept says so.
func (j *Provider) intent(ctx context.Context, client string, o *unified.RotateOptions) (r *unified.Rotation, kept bool, line Line, err error) {
	given := !o.NewSecret.IsZero()
	if plan := j.spec().Rotation.Intent; plan != nil {
		r, err = plan(ctx, j.Provider, client, o)
	} else {
		r, err = j.onlyActiveSecret(ctx, client)
	}
	if err != nil {
		return nil, false, Line{}, err
	}
	if given || o.NewSecret.IsZero() {
		return r, false, Line{}, nil
	}
	newClient := r.NewClientID
	if newClient == "" {
		newClient = client
	}
	if line, err = j.keepBefore(r.Vendor, client, newClient, o.NewSecret); err != nil {
		return nil, false, Line{}, errors.Join(err, j.withdraw(line))
	}
	return r, true, line, nil
}

// onlyActiveSecret is the generic intent: the rotation retires the
// client's one secret, where ListSecrets shows exactly one, active.
func (j *Provider) onlyActiveSecret(ctx context.Context, client string) (*unified.Rotation, error) {
	r := &unified.Rotation{Vendor: j.Vendor(), ClientID: client, Phase: unified.PhasePending}
	if !j.Capabilities().ListSecrets {
		return r, nil
	}
	secrets, err := j.ListSecrets(ctx, client)
	if err != nil {
		return nil, err
	}
	var active []unified.Credential
	for _, s := range secrets {
		if s.Status == unified.StatusActive {
			active = append(active, s)
		}
	}
	if len(secrets) == 1 && len(active) == 1 {
		r.NewClientID = client
		r.Old = active[0].Ref()
	}
	return r, nil
}

// run sends the rotation and records its outcome: a new secret reaches
// --secret-file first, then the journal learns the rotation (also when no
// destination took the secret: the caller shows it as the last resort). A rotation
// the vendor refused outright (no partial Rotation) is dropped, unless it
// was being resumed.
func (j *Provider) run(ctx context.Context, client string, o *unified.RotateOptions, kept bool) (*unified.Rotation, error) {
	if j.Capabilities().RotateReplacesClient {
		j.creating.RLock()
		defer j.creating.RUnlock()
	}
	j.hook(CrashBeforeRequest)
	rot, err := j.Provider.RotateSecret(ctx, client, o)
	if o.Resume == nil && refusedToBegin(j.spec(), rot, err) {
		// The vendor refused to begin (another rotation holds the client,
		// a limit, a bad request): nothing changed, so nothing of this
		// rotation stays anywhere, the secret's line included.
		rot = nil
		if kept {
			err = errors.Join(err, j.withdraw(j.State.Line(j.Vendor(), client)), j.unshow(client))
		}
	}
	if unified.ReasonOf(err) == unified.ReasonRotationOvertaken && rot != nil && rot.Phase == unified.PhaseAbandoned {
		// Another rotator (a library, without this journal) overtook the
		// rotation, and its new secret was withdrawn: nothing to keep.
		rot = nil
	}
	if rot == nil {
		if o.Resume == nil || unified.ReasonOf(err) == unified.ReasonNewCredentialGone {
			if derr := j.State.Drop(j.Vendor(), client); derr != nil {
				return nil, errors.Join(err, derr)
			}
		}
		return nil, err
	}
	var line *Line
	if kept && j.Secrets != nil && j.Show != nil {
		// Held back until the vendor took the secret: --secret-file
		// has kept it since before the request.
		if serr := j.Show(rot.Vendor, client, rot.NewClientID, rot.New.Secret); serr != nil {
			return rot, errors.Join(err, serr)
		}
	}
	if !kept {
		written, serr := j.keep(rot.Vendor, client, rot.NewClientID, rot.New.Secret)
		if serr != nil {
			// No destination took the secret (a full disk, a closed
			// stdout): the caller shows it as the last resort, and the
			// journal, which holds no secret, still learns what the vendor
			// did, so that `secrets finish --state` completes it.
			return rot, errors.Join(err, serr, j.settle(rot, nil))
		}
		if written.Len > 0 {
			line = &written
		}
	}
	j.hook(CrashAfterAnswer)
	if perr := j.settle(rot, line); perr != nil {
		return rot, errors.Join(err, perr)
	}
	return rot, err
}

// settle records the outcome of a rotation that returned: its record,
// for the run that finishes it, or none where it left nothing to finish
// (NothingToFinish): a record kept then would only make the next rotation
// of the client resume a rotation that is over.
func (j *Provider) settle(rot *unified.Rotation, line *Line) error {
	if NothingToFinish(rot) {
		return j.State.Drop(rot.Vendor, rot.ClientID)
	}
	return j.State.put(rot, "", line)
}

// keep hands a new secret to every destination the user chose:
// --secret-file first (durable), then Show.
func (j *Provider) keep(vendor unified.Vendor, client, newClient string, secret unified.Secret) (Line, error) {
	if secret.IsZero() {
		return Line{}, nil
	}
	line, err := j.Secrets.Add(vendor, client, newClient, secret)
	if err != nil {
		return Line{}, err
	}
	if j.Show != nil {
		return line, j.Show(vendor, client, newClient, secret)
	}
	return line, nil
}

// keepBefore hands a secret credkit made to the destinations before the
// request that installs it. With --secret-file, the file alone takes it
// now (durably) and Show waits for the vendor's answer, so that a
// rotation the vendor refuses prints nothing; without one, Show is the
// only destination and takes it now.
func (j *Provider) keepBefore(vendor unified.Vendor, client, newClient string, secret unified.Secret) (Line, error) {
	if j.Secrets == nil {
		return j.keep(vendor, client, newClient, secret)
	}
	return j.Secrets.Add(vendor, client, newClient, secret)
}

// unshow says a secret Show printed before a refused request is void;
// with --secret-file, Show had not printed it.
func (j *Provider) unshow(client string) error {
	if j.Secrets != nil || j.Show == nil || j.Unshow == nil {
		return nil
	}
	return j.Unshow(j.Vendor(), client, client)
}

// withdraw takes back a line of --secret-file that no rotation will put in
// force (see SecretFile.Withdraw).
func (j *Provider) withdraw(line Line) error {
	return j.Secrets.Withdraw(line)
}

// secretOf is the new secret of a saved rotation, where the user gave it
// back (--new-secret-env) or --secret-file keeps it.
func (j *Provider) secretOf(r *unified.Rotation) unified.Secret {
	if !j.Given.IsZero() {
		return j.Given
	}
	line := j.State.Line(r.Vendor, r.ClientID)
	file := j.Secrets
	if file == nil {
		// The journal names the file the rotation wrote its secret to:
		// a finish, which takes no --secret-file, reads it there.
		file = namedSecretFile(line.File)
	}
	_, secret := file.Lookup(r.Vendor, r.ClientID, line)
	return secret
}

// finishJournaled finishes one saved rotation: it is compared with the
// vendor first; one already finished is dropped without a request, a
// stale one is dropped with its refusal, and the intent to finish is
// recorded before the request, the outcome (the record dropped) after.
func (j *Provider) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	resume, err := j.reconcile(ctx, r, true)
	if err != nil {
		return err
	}
	if resume == nil {
		return errAlreadyFinished()
	}
	if err := j.State.Put(r, stepFinishing); err != nil {
		return err
	}
	j.hook(CrashFinishBefore)
	if err := j.Provider.FinishRotation(ctx, r); err != nil {
		return err
	}
	j.hook(CrashFinishAfter)
	return j.State.Drop(r.Vendor, r.ClientID)
}

// errAlreadyFinished says a saved rotation was found finished at the
// vendor: nothing was sent, and the record is gone.
func errAlreadyFinished() error {
	return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNothingToFinish,
		Message: "the vendor shows this rotation finished already; nothing was changed and it was dropped from the state file"}
}

// CheckedFinish is the provider of a finish by hand (no --state): the
// rotation rebuilt from --old and --new is compared with the vendor first,
// and one that is over already is refused with nothing to finish, without
// a request that changes anything.
type CheckedFinish struct{ *unified.Provider }

func (p CheckedFinish) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	if p.Capabilities().CheckRotation {
		now, err := p.CheckRotation(ctx, r)
		if err != nil {
			return err
		}
		if now.Phase == unified.PhaseFinished {
			return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNothingToFinish, Vendor: r.Vendor, Op: "FinishRotation",
				Message: "the old credential " + r.Old.ID + " is already gone: no rotation is open; nothing was changed"}
		}
	}
	return p.Provider.FinishRotation(ctx, r)
}
