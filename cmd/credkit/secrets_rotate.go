package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

type secretsRotateOptions struct {
	base
	Clients          []string
	Overlap          durationFlag
	AllowNewClientID bool
	AllowImmediate   bool
	Concurrency      int
	StatePath        string
	StateWait        durationFlag
	ShowSecret       bool
	NewSecretEnv     string
	SecretPath       string
	// journal is the journal in use: --state, or the default one; "" for
	// a --demo run without --state.
	journal string
}

func newSecretsRotateCmd(f *factory) *cobra.Command {
	opts := &secretsRotateOptions{base: newBase(f), StateWait: durationFlag(defaultStateWait)}
	cmd := leaf(&cobra.Command{
		Use:   "rotate <client>...",
		Short: "begin rotating the secrets of clients: the old ones keep working",
		Long: "Begin rotating the secret of each client: on success a new secret exists and the old one still works.\n" +
			"Switch the users of each client to the new secret, then run `credkit secrets finish`.\n" +
			"The rotations are saved (without secrets) in a journal: --state FILE, else $CREDKIT_STATE, else\n" +
			"$XDG_STATE_HOME/credkit/rotations.json, else ~/.local/state/credkit/rotations.json (folder made 0700; not\n" +
			"with --demo), for `secrets finish` and `audit`; rotating a client again resumes its saved rotation instead\n" +
			"of starting another, and refuses one the vendor no longer matches. Each new secret goes to --secret-file, and\n" +
			"with --show-secret to stdout, the moment it exists, before the results; a rotation the vendor refuses leaves\n" +
			"no line in --secret-file.\n" +
			"When a rotation fails after its new secret was sent (CSP), the row shows that secret, which may already be\n" +
			"in force: put it in an environment variable and rotate again with --new-secret-env NAME to complete it.",
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Clients = args
			return secretsRotateRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	fs := cmd.Flags()
	fs.Var(&opts.Overlap, "overlap", "how long the old secret keeps working, a `duration` such as 48h or 2d, where the vendor lets you choose (CSP; default: the vendor's)")
	fs.BoolVar(&opts.AllowNewClientID, "allow-new-client-id", false, "consent to a rotation that replaces the client, whose ID changes (SailPoint)")
	fs.BoolVar(&opts.AllowImmediate, "allow-immediate-rotation", false, "consent to replacing a secret at once, with no overlap, where the vendor can do nothing else (Auth0 client-secret clients)")
	fs.IntVar(&opts.Concurrency, "concurrency", 4, "how many clients to work on at once")
	fs.StringVar(&opts.StatePath, "state", "", "save the rotations to `FILE` (JSON, no secrets), and resume the ones it holds (default: $CREDKIT_STATE, else the user's state folder)")
	fs.BoolVar(&opts.ShowSecret, "show-secret", false, "print the new secrets (default: redacted); with --state each also the moment it exists, as a line \"new-secret VENDOR CLIENT NEW-CLIENT SECRET\" (NEW-CLIENT - when the vendor named none) (-o json: {\"newSecret\":…}) before the results")
	fs.StringVar(&opts.NewSecretEnv, "new-secret-env", "", "install the secret in the environment variable `NAME` (one client): completes a rotation that failed after showing it")
	fs.StringVar(&opts.SecretPath, "secret-file", "", "append each new secret to `FILE` (mode 0600), synced before the request that installs it (CSP) or as soon as the vendor shows it")
	addStateWaitFlag(cmd, &opts.StateWait)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, true)
	return cmd
}

func secretsRotateRun(o *secretsRotateOptions) error {
	keepWritingOnBrokenPipe()
	flags := o.cmd.Flags()
	stderr := o.f.IO.ErrOut
	if time.Duration(o.Overlap) > maxOverlap {
		return o.usage("--overlap %s is longer than any vendor keeps an old secret (at most %s)", durationArg(time.Duration(o.Overlap)), durationArg(maxOverlap))
	}
	if len(o.Clients) == 0 {
		return o.usage("name at least one client to rotate")
	}
	if o.Concurrency < 1 {
		return o.usage("--concurrency must be at least 1")
	}
	var newSecret unified.Secret
	if flags.Changed("new-secret-env") {
		switch {
		case o.NewSecretEnv == "":
			return o.usage("--new-secret-env needs the name of an environment variable that holds the secret")
		case len(o.Clients) != 1:
			return o.usage("--new-secret-env holds one client's secret: name one client")
		}
		if newSecret = unified.NewSecret(o.f.Getenv(o.NewSecretEnv)); newSecret.IsZero() {
			return o.usage("--new-secret-env %s: $%s is unset or empty: export the new secret in it first", o.NewSecretEnv, o.NewSecretEnv)
		}
	}
	s, err := o.connect()
	if err != nil {
		return err
	}
	defer s.close()
	ids := s.resolve(o.Clients)
	caps := s.provider.Capabilities()
	if flags.Changed("overlap") && !caps.RotateOverlap {
		return o.usage("--overlap: %s does not let you choose how long the old secret works (see `credkit vendors`): drop --overlap", o.vendor)
	}
	if caps.RotateReplacesClient && !o.AllowNewClientID {
		return o.usage("%s rotates a secret by replacing the client, so the client ID changes: pass --allow-new-client-id to consent", o.vendor)
	}
	if !caps.GetSecret && !o.ShowSecret && o.SecretPath == "" {
		return o.usage("%s shows a new secret only once, and a rotation whose new secret is lost locks its users out: pass --show-secret to print it, or --secret-file FILE", o.vendor)
	}
	state, err := o.openJournal(s)
	if err != nil {
		return err
	}
	defer closeState(state)
	var secrets *rotations.SecretFile
	if o.SecretPath != "" {
		if secrets, err = rotations.OpenSecretFile(o.SecretPath); err != nil {
			return o.fail("opening --secret-file", err)
		}
		if state != nil {
			if err := secrets.Apart(o.journal); err != nil {
				return o.usage("--secret-file: %v", err)
			}
		}
	}
	var provider unified.CredentialProvider
	if state != nil {
		journaled := &rotations.Provider{Provider: s.provider, State: state, Secrets: secrets, Given: newSecret, Crash: crashHook, Now: o.f.Clock.Now}
		if o.ShowSecret {
			// The table comes when the batch ends, after the journal
			// writes: a run killed before then must have shown each
			// secret already.
			printer := newSecretPrinter(&o.base)
			journaled.Show, journaled.Unshow = printer.print, printer.withdraw
		}
		provider = journaled
	} else {
		prior := map[string]*unified.Rotation{}
		if !newSecret.IsZero() {
			if r := givenSecretRotation(o.ctx(), s.provider, ids[0]); r != nil {
				prior[ids[0]] = r
			}
		}
		provider = resuming{s.provider, prior, secrets}
	}
	bar := newProgress(stderr, o.f.IO.ErrTTY, "rotating", len(ids))
	results := unified.RotateSecrets(o.ctx(), provider, ids, &unified.BulkOptions{
		Concurrency: o.Concurrency,
		Rotate: &unified.RotateOptions{Overlap: time.Duration(o.Overlap), AllowNewClientID: o.AllowNewClientID,
			AllowImmediateRotation: o.AllowImmediate, NewSecret: newSecret},
		Progress: bar.update,
	})
	bar.finish()

	views := make([]bulkJSON, len(results))
	var rows [][]string
	var begun []*unified.Rotation
	redacted := false
	// sent are the failed rotations whose new secret is shown: it may be
	// in force already.
	sent := map[string]bool{}
	// unshown are the rotations whose new secret nothing showed (a
	// destination failed after the vendor may have acted, or stdout
	// failed): stderr is its last resort.
	unshown := map[string]*unified.Rotation{}
	for i, r := range results {
		views[i] = bulkJSON{ClientID: r.ClientID, Result: bulkOutcome(r.Status, "begun"), Rotation: rotationView(r.Rotation, o.ShowSecret)}
		if r.Err != nil {
			views[i].Error = describeFor(o.vendor, r.ClientID, r.Err)
		}
		row := []string{r.ClientID, views[i].Result, "", "", "", "", ""}
		if rot := r.Rotation; rot != nil && r.Status == unified.BulkDone {
			begun = append(begun, rot)
			until := formatTime(rot.OldValidUntil)
			if until == "" {
				until = "until finished"
			}
			row = []string{r.ClientID, views[i].Result, rot.NewClientID, rot.New.ID, rot.Old.ID, until, secretText(rot.New.Secret, o.ShowSecret)}
			redacted = redacted || (!o.ShowSecret && !rot.New.Secret.IsZero())
		} else if rot != nil && r.Err != nil && o.ShowSecret && !rot.New.Secret.IsZero() {
			row[6] = secretText(rot.New.Secret, true)
			sent[r.ClientID] = true
		} else if rot != nil && !rot.New.Secret.IsZero() && errors.As(r.Err, new(*rotations.NotKeptError)) {
			unshown[r.ClientID] = rot
		}
		rows = append(rows, row)
	}
	emitErr := o.emit(views, []string{"CLIENT", "RESULT", "NEW CLIENT", "NEW CREDENTIAL", "OLD CREDENTIAL", "OLD VALID UNTIL", "SECRET"}, rows)
	if emitErr != nil && o.ShowSecret {
		// stdout failed (a closed pipe, a full disk): the secrets it was
		// to show, and that no file holds, reach stderr instead.
		for _, r := range results {
			if rot := r.Rotation; rot != nil && !rot.New.Secret.IsZero() && (o.SecretPath == "" || r.Err != nil) {
				unshown[r.ClientID] = rot
				delete(sent, r.ClientID)
			}
		}
	}
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			fmt.Fprintln(stderr, "credkit: rotating "+r.ClientID+": "+describeFor(o.vendor, r.ClientID, r.Err))
		}
		if rot := unshown[r.ClientID]; rot != nil {
			o.recordShown(state, rot)
			o.lastResort(r.ClientID, rot, state)
		}
		if r.Err != nil && sent[r.ClientID] {
			o.note("%s: the SECRET shown may already be in force, and if so the old secret stops working when the overlap ends: keep it; "+
				"to complete the rotation, export it as %s and run: %s", r.ClientID, resumeEnv, resumeCommand(o.vendor, r.ClientID, time.Duration(o.Overlap), o.AllowNewClientID, o.StatePath))
		}
	}
	caps = s.provider.Capabilities()
	switch {
	case !redacted:
	case caps.ListSecrets && caps.GetSecret:
		client := "<client>"
		if len(begun) == 1 {
			client = begun[0].NewClientID
		}
		o.note("new secrets are redacted; `credkit secrets list --vendor %s %s --show-secret` shows them", o.vendor, client)
	case o.SecretPath != "":
		o.note("new secrets are redacted here; %s holds them (%s shows a secret only once)", o.SecretPath, o.vendor)
	}
	o.noteFinish(s, begun)
	if emitErr != nil {
		return emitErr
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// noteFinish says how to finish the rotations that began, with the
// commands that run as printed; none where a rotation left nothing to
// finish (its old secret stopped working when it returned).
func (o *secretsRotateOptions) noteFinish(s *session, begun []*unified.Rotation) {
	var finish []string
	for _, r := range begun {
		if cmd := finishCommand(r); cmd != "" {
			finish = append(finish, cmd)
		}
	}
	switch {
	case len(begun) == 0:
	case s.demo != nil:
		o.note("the in-process simulator stops now; run `credkit sim` for one that keeps its state between commands")
	case len(finish) == 0:
		o.note("the old secret stopped working when the rotation returned: nothing is left to finish; give every user the new secret now")
	case o.StatePath != "":
		o.note("when every user has the new secret, finish: credkit secrets finish --vendor %s --state %s", o.vendor, o.StatePath)
	case len(finish) <= maxFinishNotes:
		for _, cmd := range finish {
			o.note("when every user has the new secret, finish: %s", cmd)
		}
	default:
		o.note("when every user has the new secrets, finish each client with the IDs of its row (or rotate with --state FILE to finish them all at once)")
	}
}

// recordShown records in the journal a begun rotation whose secret only
// stderr took (the last resort): it was shown, so the rotation is to be
// finished, not rolled back as one whose secret nobody saw.
func (o *secretsRotateOptions) recordShown(state *rotations.State, rot *unified.Rotation) {
	if state == nil || rot.Phase != unified.PhaseBegun || rotations.NothingToFinish(rot) {
		return
	}
	if err := state.Put(rot, ""); err != nil {
		o.note("%s: recording the rotation in %s: %v", rot.ClientID, o.journal, err)
	}
}

// maxFinishNotes bounds the finish commands printed one by one.
const maxFinishNotes = 10

// lastResort shows on stderr the new secret of a rotation that failed after
// the vendor may have acted, where no destination took it: a secret the
// vendor shows once is never lost.
func (o *secretsRotateOptions) lastResort(client string, rot *unified.Rotation, state *rotations.State) {
	next := "give every user of the client this secret now"
	if cmd := finishCommand(rot); cmd != "" {
		if saved := savedRotation(state, rot.Vendor, client); o.StatePath != "" && saved != nil && saved.Phase == unified.PhaseBegun {
			// The journal recorded the rotation: finishing from it
			// drops the record too.
			cmd = "credkit secrets finish --vendor " + string(o.vendor) + " --state " + o.StatePath
		}
		next = "when every user has it, finish: " + cmd
	}
	o.note("%s: the vendor may have acted, but no destination took the new secret; here it is, as the last resort (it may be shown only once): %s ; keep it; %s",
		client, rotations.EncodeSecret(rot.New.Secret), next)
}

// savedRotation is the rotation the journal holds for client, or nil
// (also without --state).
func savedRotation(state *rotations.State, vendor unified.Vendor, client string) *unified.Rotation {
	if state == nil {
		return nil
	}
	saved, _ := state.Get(vendor, client)
	return saved
}
