package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

// secretsCommands are "credkit secrets <command>".
var secretsCommands = []subcommand{
	{"list", "<client>", "list a client's secrets", secretsList},
	{"create", "<client>", "add a secret to a client", secretsCreate},
	{"rotate", "<client>...", "begin rotating the secrets of clients: the old ones keep working", secretsRotate},
	{"finish", "(<client> --old ID [--new ID] | <client> --new ID | <client> | --state FILE)", "finish rotations: retire the old secrets", secretsFinish},
	{"revoke", "<client> <credential-id>", "revoke one secret (never a client's only working one)", secretsRevoke},
	{"regenerate", "<client> --show-secret", "replace a client's secret at once, with no overlap: the last resort when a new secret is lost (CSP)", secretsRegenerate},
}

const showSecretUsage = "print secret values (default: redacted)"

func secretsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets list", "List a client's secrets: ID, status, creation, age and the vendor's hint.", stdout, stderr).withVendor()
	show := c.fs.Bool("show-secret", false, showSecretUsage)
	s, pos, err := c.clientCommand(args, 1, "name one client")
	if err != nil {
		return err
	}
	defer s.close()
	client := pos[0]
	secrets, err := s.provider.ListSecrets(c.ctx, client)
	if err != nil {
		return c.fail("listing the secrets of "+client, err)
	}
	now := clock.Now()
	views := make([]credentialJSON, len(secrets))
	var rows [][]string
	header := []string{"ID", "STATUS", "CREATED", "AGE", "EXPIRES", "HINT"}
	if *show {
		header = append(header, "SECRET")
	}
	for i, sec := range secrets {
		views[i] = credentialView(sec, *show)
		row := []string{sec.ID, string(sec.Status), formatTime(sec.Created), age(now, sec.Created), formatTime(sec.Expires), sec.Hint}
		if *show {
			row = append(row, secretText(sec.Secret, true))
		}
		rows = append(rows, row)
	}
	return c.emit(views, header, rows)
}

// age is how long ago t was, or "" when t is unknown.
func age(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatAge(now.Sub(t))
}

func secretsCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets create", "Add a secret to a client (Okta: at most two per app).", stdout, stderr).withVendor()
	show := c.fs.Bool("show-secret", false, showSecretUsage)
	s, pos, err := c.clientCommand(args, 1, "name one client")
	if err != nil {
		return err
	}
	defer s.close()
	client := pos[0]
	cred, err := s.provider.CreateSecret(c.ctx, client, nil)
	if err != nil {
		return c.fail("creating a secret for "+client, err)
	}
	err = c.emit(credentialView(cred, *show),
		[]string{"CLIENT", "ID", "STATUS", "CREATED", "HINT", "SECRET"},
		[][]string{{cred.ClientID, cred.ID, string(cred.Status), formatTime(cred.Created), cred.Hint, secretText(cred.Secret, *show)}})
	if err == nil && !*show && !cred.Secret.IsZero() {
		c.note("the secret is redacted; `credkit secrets list --vendor %s %s --show-secret` shows it", c.vendor, client)
	}
	return err
}

func secretsRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets revoke", "Revoke a secret. Providers refuse to revoke a client's only working secret (CSP: the IDs are \"current\" and \"previous\").", stdout, stderr).withVendor()
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return c.usageError("name a client and one of its credential IDs")
	}
	s, err := c.connect()
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: s.resolve(pos[:1])[0], ID: pos[1]}
	if err := s.provider.RevokeSecret(c.ctx, ref); err != nil {
		return c.fail("revoking secret "+ref.ID+" of "+ref.ClientID, err)
	}
	return c.emit(struct {
		ClientID string `json:"clientId"`
		ID       string `json:"id"`
		Revoked  bool   `json:"revoked"`
	}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "revoked"}})
}

func secretsRegenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets regenerate", "Replace a client's secret at once with one the vendor generates (CSP). The old secret, and any rotation in\n"+
		"progress, stop working now: every user of the client is locked out until it has the new secret. The last\n"+
		"resort when a rotation's new secret is lost; else rotate, which keeps the old secret working for a while.", stdout, stderr).withVendor()
	show := c.fs.Bool("show-secret", false, "print the new secret, which is shown only once (required)")
	statePath := c.fs.String("state", "", "drop the client's unfinished rotation from `FILE`, since regenerating ends it")
	s, pos, err := c.clientCommand(args, 1, "name one client")
	if err != nil {
		return err
	}
	defer s.close()
	client := pos[0]
	regen := s.provider
	if !s.provider.Capabilities().RegenerateSecret {
		return c.fail("regenerating the secret of "+client, &unified.Error{Code: unified.Unimplemented, Vendor: unified.Vendor(c.vendor), Op: "RegenerateSecret",
			Message: c.vendor + " cannot replace a secret at once: rotate it with `credkit secrets rotate`"})
	}
	if !*show {
		return c.usageError("the new secret is shown only once, and the old one stops working at once: pass --show-secret to print it")
	}
	var state *rotations.State
	if *statePath != "" {
		// Opened first: a file that cannot be kept up to date stops the
		// command before the secret changes.
		var err error
		if state, err = rotations.OpenState(c.ctx, *statePath, defaultStateWait, stderr, clock.Now); err != nil {
			return c.fail("opening the state file", err)
		}
		defer state.Close()
	}
	cred, err := regen.RegenerateSecret(c.ctx, client)
	if err != nil {
		return c.fail("regenerating the secret of "+client, err)
	}
	if err := c.emit(credentialView(cred, true),
		[]string{"CLIENT", "ID", "STATUS", "HINT", "SECRET"},
		[][]string{{cred.ClientID, cred.ID, string(cred.Status), cred.Hint, secretText(cred.Secret, true)}}); err != nil {
		return err
	}
	if state != nil {
		if err := state.Drop(unified.Vendor(c.vendor), client); err != nil {
			return c.fail("writing the state file", err)
		}
	}
	c.note("the old secret of %s, and any rotation in progress, stopped working: give every user of the client the new secret", client)
	if s.demo != nil {
		c.note("the in-process simulator stops now; run `credkit sim` for one that keeps its state between commands")
	}
	return nil
}

// rotationJSON is a rotation in the output.
type rotationJSON struct {
	Vendor        unified.Vendor        `json:"vendor"`
	ClientID      string                `json:"clientId"`
	NewClientID   string                `json:"newClientId,omitempty"`
	New           credentialJSON        `json:"new"`
	Old           unified.CredentialRef `json:"old"`
	OldValidUntil time.Time             `json:"oldValidUntil,omitzero"`
}

// bulkJSON is the outcome of one client of a bulk rotation or finish.
type bulkJSON struct {
	ClientID string        `json:"clientId"`
	Result   string        `json:"result"`
	Rotation *rotationJSON `json:"rotation,omitempty"`
	Error    string        `json:"error,omitempty"`
}

func rotationView(r *unified.Rotation, show bool) *rotationJSON {
	if r == nil {
		return nil
	}
	return &rotationJSON{Vendor: r.Vendor, ClientID: r.ClientID, NewClientID: r.NewClientID, New: credentialView(r.New, show), Old: r.Old, OldValidUntil: r.OldValidUntil}
}

// bulkOutcome names a bulk status for people; done is "begun" or
// "finished".
func bulkOutcome(st unified.BulkStatus, done string) string {
	if st == unified.BulkDone {
		return done
	}
	return string(st)
}

func secretsRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets rotate", "Begin rotating the secret of each client: on success a new secret exists and the old one still works.\n"+
		"Switch the users of each client to the new secret, then run `credkit secrets finish`.\n"+
		"With --state FILE the rotations are saved (without secrets) for `secrets finish --state FILE`, and\n"+
		"rotating a client again resumes its saved rotation instead of starting another. With --state, each new\n"+
		"secret goes to --secret-file, and with --show-secret to stdout, the moment it exists, before the results.\n"+
		"When a rotation fails after its new secret was sent (CSP), the row shows that secret, which may already be\n"+
		"in force: put it in an environment variable and rotate again with --new-secret-env NAME to complete it.", stdout, stderr).withVendor()
	var overlap durationFlag
	c.fs.Var(&overlap, "overlap", "how long the old secret keeps working, a `duration` such as 48h or 2d, where the vendor lets you choose (CSP; default: the vendor's)")
	allow := c.fs.Bool("allow-new-client-id", false, "consent to a rotation that replaces the client, whose ID changes (SailPoint)")
	atOnce := c.fs.Bool("allow-immediate-rotation", false, "consent to replacing a secret at once, with no overlap, where the vendor can do nothing else (Auth0 client-secret clients)")
	concurrency := c.fs.Int("concurrency", 4, "how many clients to work on at once")
	statePath := c.fs.String("state", "", "save the rotations to `FILE` (JSON, no secrets), and resume the ones it holds")
	show := c.fs.Bool("show-secret", false, "print the new secrets (default: redacted); with --state each also the moment it exists, as a line \"new-secret VENDOR CLIENT NEW-CLIENT SECRET\" (-o json: {\"newSecret\":…}) before the results")
	secretEnv := c.fs.String("new-secret-env", "", "install the secret in the environment variable `NAME` (one client): completes a rotation that failed after showing it")
	secretPath := c.fs.String("secret-file", "", "append each new secret to `FILE` (mode 0600), synced before the request that installs it (CSP) or as soon as the vendor shows it")
	stateWait := stateWaitFlag(c)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if time.Duration(overlap) > maxOverlap {
		return c.usageError("--overlap %s is longer than any vendor keeps an old secret (at most %s)", durationArg(time.Duration(overlap)), durationArg(maxOverlap))
	}
	if len(pos) == 0 {
		return c.usageError("name at least one client to rotate")
	}
	if *concurrency < 1 {
		return c.usageError("--concurrency must be at least 1")
	}
	var newSecret unified.Secret
	if isSet(c.fs, "new-secret-env") {
		switch {
		case *secretEnv == "":
			return c.usageError("--new-secret-env needs the name of an environment variable that holds the secret")
		case len(pos) != 1:
			return c.usageError("--new-secret-env holds one client's secret: name one client")
		}
		if newSecret = unified.NewSecret(os.Getenv(*secretEnv)); newSecret.IsZero() {
			return c.usageError("--new-secret-env %s: $%s is unset or empty: export the new secret in it first", *secretEnv, *secretEnv)
		}
	}
	s, err := c.connect()
	if err != nil {
		return err
	}
	defer s.close()
	ids := s.resolve(pos)
	caps := s.provider.Capabilities()
	if isSet(c.fs, "overlap") && !caps.RotateOverlap {
		return c.usageError("--overlap: %s does not let you choose how long the old secret works (see `credkit vendors`): drop --overlap", c.vendor)
	}
	if caps.RotateReplacesClient && !*allow {
		return c.usageError("%s rotates a secret by replacing the client, so the client ID changes: pass --allow-new-client-id to consent", c.vendor)
	}
	if !caps.GetSecret && !*show && *secretPath == "" {
		return c.usageError("%s shows a new secret only once, and a rotation whose new secret is lost locks its users out: pass --show-secret to print it, or --secret-file FILE", c.vendor)
	}
	var state *rotations.State
	if *statePath != "" {
		// Opened first, and written: a path that cannot be kept up to
		// date stops the command before any request.
		if state, err = rotations.OpenState(c.ctx, *statePath, time.Duration(*stateWait), stderr, clock.Now); err != nil {
			return c.fail("opening the state file", err)
		}
		defer state.Close()
	}
	var secrets *rotations.SecretFile
	if *secretPath != "" {
		if secrets, err = rotations.OpenSecretFile(*secretPath); err != nil {
			return c.fail("opening the secret file", err)
		}
		if *statePath != "" {
			if err := secrets.Apart(*statePath); err != nil {
				return c.usageError("--secret-file: %v", err)
			}
		}
	}
	var provider unified.CredentialProvider = s.provider
	if state != nil {
		journaled := &rotations.Provider{Provider: s.provider, State: state, Secrets: secrets, Given: newSecret, Crash: crashHook}
		if *show {
			// The table comes when the batch ends, after the journal
			// writes: a run killed before then must have shown each
			// secret already.
			journaled.Show = newSecretPrinter(c).print
		}
		provider = journaled
	} else {
		prior := map[string]*unified.Rotation{}
		if !newSecret.IsZero() && unified.Vendor(c.vendor) == unified.VMwareCSP {
			// A rotation that sent the secret may have begun: resuming
			// accepts both outcomes, where a new rotation would not.
			prior[ids[0]] = cspRotation(ids[0])
		}
		provider = resuming{s.provider, unified.Lookup(c.vendor), prior, secrets}
	}
	bar := newProgress(stderr, "rotating", len(ids))
	results := unified.RotateSecrets(c.ctx, provider, ids, &unified.BulkOptions{
		Concurrency: *concurrency,
		Rotate:      &unified.RotateOptions{Overlap: time.Duration(overlap), AllowNewClientID: *allow, AllowImmediateRotation: *atOnce, NewSecret: newSecret},
		Progress:    bar.update,
	})
	bar.finish()

	views := make([]bulkJSON, len(results))
	var rows [][]string
	var begun []*unified.Rotation
	redacted := false
	// sent are the failed rotations whose new secret is shown: it may be
	// in force already.
	sent := map[string]bool{}
	for i, r := range results {
		views[i] = bulkJSON{ClientID: r.ClientID, Result: bulkOutcome(r.Status, "begun"), Rotation: rotationView(r.Rotation, *show)}
		if r.Err != nil {
			views[i].Error = describeFor(c.vendor, r.ClientID, r.Err)
		}
		row := []string{r.ClientID, views[i].Result, "", "", "", "", ""}
		if rot := r.Rotation; rot != nil && r.Status == unified.BulkDone {
			begun = append(begun, rot)
			until := formatTime(rot.OldValidUntil)
			if until == "" {
				until = "until finished"
			}
			row = []string{r.ClientID, views[i].Result, rot.NewClientID, rot.New.ID, rot.Old.ID, until, secretText(rot.New.Secret, *show)}
			redacted = redacted || (!*show && !rot.New.Secret.IsZero())
		} else if rot != nil && r.Err != nil && *show && !rot.New.Secret.IsZero() {
			row[6] = secretText(rot.New.Secret, true)
			sent[r.ClientID] = true
		}
		rows = append(rows, row)
	}
	if err := c.emit(views, []string{"CLIENT", "RESULT", "NEW CLIENT", "NEW CREDENTIAL", "OLD CREDENTIAL", "OLD VALID UNTIL", "SECRET"}, rows); err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			fmt.Fprintln(stderr, "credkit: rotating "+r.ClientID+": "+describeFor(c.vendor, r.ClientID, r.Err))
			if sent[r.ClientID] {
				c.note("%s: the SECRET shown may already be in force, and if so the old secret stops working when the overlap ends: keep it; "+
					"to complete the rotation, export it as %s and run: %s", r.ClientID, resumeEnv, resumeCommand(c.vendor, r.ClientID, time.Duration(overlap), *allow, *statePath))
			}
		}
	}
	if redacted {
		client := "<client>"
		if len(begun) == 1 {
			client = begun[0].NewClientID
		}
		c.note("new secrets are redacted; `credkit secrets list --vendor %s %s --show-secret` shows them", c.vendor, client)
	}
	switch {
	case len(begun) == 0:
	case s.demo != nil:
		c.note("the in-process simulator stops now; run `credkit sim` for one that keeps its state between commands")
	case *statePath != "":
		c.note("when every user has the new secret, finish: credkit secrets finish --vendor %s --state %s", c.vendor, *statePath)
	case len(begun) == 1:
		c.note("when every user has the new secret, finish: %s", finishCommand(begun[0]))
	default:
		c.note("when every user has the new secrets, finish each client: credkit secrets finish --vendor %s <client> --old <OLD CREDENTIAL> --new <NEW CREDENTIAL> (or rotate with --state FILE)", c.vendor)
	}
	if failed > 0 {
		return exitCode(1)
	}
	return nil
}

// maxOverlap is the longest overlap a vendor takes: CSP counts it in
// seconds in an int32.
const maxOverlap = math.MaxInt32 * time.Second

// stateWaitFlag adds --state-wait, how long to wait for another run that
// holds the state file.
func stateWaitFlag(c *command) *durationFlag {
	d := durationFlag(defaultStateWait)
	c.fs.Var(&d, "state-wait", "how long to wait for another credkit that holds the --state file, a `duration` (0: fail at once)")
	return &d
}

// defaultStateWait is how long a run waits for the state file by default.
const defaultStateWait = 30 * time.Second

// resumeEnv is the variable the advice to resume a rotation names.
const resumeEnv = "NEW_SECRET"

// resumeCommand is the command line that resumes the failed rotation of
// client with the secret in $NEW_SECRET, with the options it began with.
func resumeCommand(vendor, client string, overlap time.Duration, allow bool, statePath string) string {
	cmd := "credkit secrets rotate --vendor " + vendor + " " + client + " --show-secret --new-secret-env " + resumeEnv
	if overlap > 0 {
		cmd += " --overlap " + durationArg(overlap)
	}
	if allow {
		cmd += " --allow-new-client-id"
	}
	if statePath != "" {
		cmd += " --state " + statePath
	}
	return cmd
}

// durationArg is d as --overlap takes it, without losing precision.
func durationArg(d time.Duration) string {
	if day := 24 * time.Hour; d%day == 0 {
		return strconv.Itoa(int(d/day)) + "d"
	}
	s := d.String() // "36h0m0s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// isSet reports whether the flag name was given.
func isSet(fs *pflag.FlagSet, name string) bool {
	return fs.Changed(name)
}

// cspRotation is the rotation of a CSP app, as FinishRotation and
// RotateOptions.Resume take it: CSP names its secrets "current" and
// "previous".
func cspRotation(client string) *unified.Rotation {
	return &unified.Rotation{
		Vendor: unified.VMwareCSP, ClientID: client, NewClientID: client,
		New: unified.Credential{Vendor: unified.VMwareCSP, ClientID: client, ID: "current", Kind: unified.KindClientSecret},
		Old: unified.CredentialRef{ClientID: client, ID: "previous"},
	}
}

// finishCommand is the command line that finishes r.
func finishCommand(r *unified.Rotation) string {
	cmd := "credkit secrets finish --vendor " + string(r.Vendor) + " " + r.ClientID
	switch r.Vendor {
	case unified.Okta:
		cmd += " --old " + r.Old.ID + " --new " + r.New.ID
	case unified.SailPoint:
		cmd += " --new " + r.NewClientID
	}
	return cmd
}

// resuming passes each client's saved rotation to RotateSecret as
// RotateOptions.Resume, so that rotating again completes it.
type resuming struct {
	*unified.Provider
	spec    *unified.VendorSpec
	prior   map[string]*unified.Rotation
	secrets *rotations.SecretFile
}

func (r resuming) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	o := unified.RotateOptions{}
	if opts != nil {
		o = *opts
	}
	if prior := r.prior[clientID]; prior != nil {
		o.Resume = prior
	}
	kept := false
	if plan := r.spec.Rotation.Intent; r.secrets != nil && plan != nil && o.NewSecret.IsZero() && o.Resume == nil {
		// Where credkit makes the new credential, it reaches the file
		// before the request that installs it.
		intent, err := plan(ctx, r.Provider, clientID, &o)
		if err != nil {
			return nil, err
		}
		if !o.NewSecret.IsZero() {
			newClient := intent.NewClientID
			if newClient == "" {
				newClient = clientID
			}
			if err := r.secrets.Add(intent.Vendor, clientID, newClient, o.NewSecret); err != nil {
				return nil, err
			}
			kept = true
		}
	}
	rot, err := r.Provider.RotateSecret(ctx, clientID, &o)
	if rot != nil && !kept {
		if serr := r.secrets.Add(rot.Vendor, clientID, rot.NewClientID, rot.New.Secret); serr != nil {
			err = errors.Join(err, serr)
		}
	}
	return rot, err
}

func secretsFinish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand(ctx, "secrets finish", "Finish rotations: retire the old secret (SailPoint: delete the old client). Safe to run again.\n"+
		"Okta: <client> --old ID, the old secret's ID (required), and --new, the new secret's ID (default: the\n"+
		"app's other secret). SailPoint: <client> --new ID, the new client's ID (required). CSP: <client> alone\n"+
		"(--old, if given, is \"previous\"). --state FILE finishes every rotation the file holds, and keeps only\n"+
		"those that fail.", stdout, stderr).withVendor()
	oldID := c.fs.String("old", "", "the rotation's old credential `ID` (Okta: required)")
	newID := c.fs.String("new", "", "the rotation's new credential `ID` (SailPoint: the new client ID, required)")
	statePath := c.fs.String("state", "", "finish the rotations saved in `FILE` by secrets rotate --state")
	concurrency := c.fs.Int("concurrency", 4, "how many clients to work on at once (with --state)")
	stateWait := stateWaitFlag(c)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	switch {
	case *statePath != "" && (len(pos) > 0 || *oldID != "" || *newID != ""):
		return c.usageError("give either --state FILE or a client with --old/--new, not both")
	case *statePath == "" && len(pos) != 1:
		return c.usageError("name one client, or give --state FILE")
	case *concurrency < 1:
		return c.usageError("--concurrency must be at least 1")
	}
	var state *rotations.State
	if *statePath != "" {
		var err error
		if state, err = rotations.OpenState(c.ctx, *statePath, time.Duration(*stateWait), stderr, clock.Now); err != nil {
			return c.fail("opening the state file", err)
		}
		defer state.Close()
		if all := state.Rotations(""); c.vf.vendor == "" && len(all) > 0 {
			c.vf.vendor = string(all[0].Vendor)
		}
	}
	s, err := c.connect()
	if err != nil {
		return err
	}
	defer s.close()
	vendor := unified.Vendor(c.vendor)

	var rots []*unified.Rotation
	var provider unified.CredentialProvider = s.provider
	if state != nil {
		rots = state.Rotations(vendor)
		if len(rots) == 0 {
			c.note("%s holds no %s rotation to finish", *statePath, vendor)
			return c.emit([]bulkJSON{}, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, nil)
		}
		provider = &rotations.Provider{Provider: s.provider, State: state, Crash: crashHook}
	} else {
		r, err := rotationToFinish(c.ctx, s.provider, s.resolve(pos)[0], *oldID, *newID)
		if err != nil {
			var usage *usageProblem
			if errors.As(err, &usage) {
				return c.usageError("%v", usage)
			}
			return c.fail("finding the rotation of "+pos[0], err)
		}
		rots = []*unified.Rotation{r}
		provider = rotations.CheckedFinish{Provider: s.provider}
	}
	bar := newProgress(stderr, "finishing", len(rots))
	results := unified.FinishRotations(c.ctx, provider, rots, &unified.BulkOptions{Concurrency: *concurrency, Progress: bar.update})
	bar.finish()
	views := make([]bulkJSON, len(results))
	var rows [][]string
	failed := 0
	for i, r := range results {
		views[i] = bulkJSON{ClientID: r.ClientID, Result: bulkOutcome(r.Status, "finished"), Rotation: rotationView(r.Rotation, false)}
		retired := ""
		newClient := ""
		if r.Rotation != nil {
			retired, newClient = r.Rotation.Old.ID, r.Rotation.NewClientID
		}
		switch {
		case unified.ReasonOf(r.Err) == unified.ReasonNothingToFinish:
			views[i].Result, retired = "nothing to finish", ""
			views[i].Error = describeFor(c.vendor, r.ClientID, r.Err)
		case r.Err != nil:
			failed++
			views[i].Error = describeFor(c.vendor, r.ClientID, r.Err)
			retired = ""
		case vendor == unified.VMwareCSP && state == nil:
			// CSP does not say whether an overlap was open.
			retired = "previous, if a rotation was open"
		}
		rows = append(rows, []string{r.ClientID, views[i].Result, newClient, retired})
	}
	if err := c.emit(views, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, rows); err != nil {
		return err
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintln(stderr, "credkit: finishing the rotation of "+r.ClientID+": "+describeFor(c.vendor, r.ClientID, r.Err))
		}
	}
	if failed > 0 {
		return exitCode(1)
	}
	return nil
}

// usageProblem is an error in the arguments found after connecting.
type usageProblem struct{ msg string }

func (u *usageProblem) Error() string { return u.msg }

// rotationToFinish rebuilds the Rotation of a client from --old and --new,
// in the form its vendor's FinishRotation takes.
func rotationToFinish(ctx context.Context, p unified.CredentialProvider, client, oldID, newID string) (*unified.Rotation, error) {
	r := &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client}
	switch p.Vendor() {
	case unified.Okta:
		if oldID == "" {
			return nil, &usageProblem{"name the old secret with --old ID (see credkit secrets list)"}
		}
		r.Old = unified.CredentialRef{ClientID: client, ID: oldID}
		r.New = unified.Credential{Vendor: unified.Okta, ClientID: client, ID: newID, Kind: unified.KindClientSecret}
		if newID == "" {
			secrets, err := p.ListSecrets(ctx, client)
			if err != nil {
				return nil, err
			}
			var others []string
			for _, sec := range secrets {
				if sec.ID != oldID {
					others = append(others, sec.ID)
				}
			}
			if len(others) != 1 {
				return nil, &usageProblem{fmt.Sprintf("%s holds %d secrets besides %s: name the new one with --new ID", client, len(others), oldID)}
			}
			r.New.ID = others[0]
		}
	case unified.SailPoint:
		if newID == "" {
			return nil, &usageProblem{"name the replacement client with --new ID (the NEW CLIENT of secrets rotate)"}
		}
		if oldID != "" && oldID != client {
			return nil, &usageProblem{"a SailPoint client's only credential is the client itself: --old, if given, is the client ID"}
		}
		r.NewClientID = newID
		r.Old = unified.CredentialRef{ClientID: client, ID: client}
		r.New = unified.Credential{Vendor: unified.SailPoint, ClientID: newID, ID: newID, Kind: unified.KindClientSecret}
	case unified.VMwareCSP:
		if (oldID != "" && oldID != "previous") || (newID != "" && newID != "current") {
			return nil, &usageProblem{`CSP secrets have no IDs: the old one is "previous" and the new one "current"`}
		}
		r = cspRotation(client)
		// Finishing by hand asserts that the rotation has begun.
		r.Phase = unified.PhaseBegun
	case unified.Auth0:
		// A key rotation: the old and new keys are credentials, listed by
		// credkit keys list.
		if oldID == "" || newID == "" {
			return nil, &usageProblem{"name the old and the new key with --old ID and --new ID (see credkit keys list)"}
		}
		r.Old = unified.CredentialRef{ClientID: client, ID: oldID}
		r.New = unified.Credential{Vendor: unified.Auth0, ClientID: client, ID: newID, Kind: unified.KindJSONWebKey}
	}
	return r, nil
}

// durationFlag is a duration flag that also takes days ("90d").
type durationFlag time.Duration

func (d *durationFlag) String() string {
	if d == nil || *d == 0 {
		return ""
	}
	return formatAge(time.Duration(*d))
}

// Type names the flag's value in help.
func (d *durationFlag) Type() string { return "duration" }

func (d *durationFlag) Set(v string) error {
	parsed, err := parseDuration(v)
	if err != nil {
		return err
	}
	*d = durationFlag(parsed)
	return nil
}

// maxDays is the longest duration in days that time.Duration holds.
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// parseDuration reads "90d", or a Go duration such as "36h"; it refuses
// negative durations.
func parseDuration(v string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration: want days such as 90d, or hours such as 36h", v)
		}
		if n > maxDays || n < -maxDays {
			return 0, fmt.Errorf("%q is too long: at most %dd", v, maxDays)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, fmt.Errorf("%q is not a duration: want days such as 90d, or hours such as 36h", v)
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", v)
	}
	return d, nil
}
