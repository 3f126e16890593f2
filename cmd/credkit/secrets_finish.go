package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

type secretsFinishOptions struct {
	base
	Clients     []string
	OldID       string
	NewID       string
	StatePath   string
	Concurrency int
	StateWait   durationFlag
}

func newSecretsFinishCmd(f *factory) *cobra.Command {
	opts := &secretsFinishOptions{base: newBase(f), StateWait: durationFlag(defaultStateWait)}
	cmd := leaf(&cobra.Command{
		Use:   "finish [<client> --old ID [--new ID] | <client> --new ID | <client> | --state FILE]",
		Short: "finish rotations: retire the old secrets",
		Long: "Finish rotations: retire the old secret (SailPoint: delete the old client). Safe to run again.\n" +
			"Okta: <client> --old ID, the old secret's ID (required), and --new, the new secret's ID (default: the\n" +
			"app's other secret). SailPoint: <client> --new ID, the new client's ID (required). CSP: <client> alone\n" +
			"(--old, if given, is \"previous\"). Without a client, finishes every rotation the journal holds (--state FILE,\n" +
			"else the default journal `secrets rotate` keeps: $CREDKIT_STATE, else $XDG_STATE_HOME/credkit/rotations.json,\n" +
			"else ~/.local/state/credkit/rotations.json), and keeps only those that fail; a rotation the vendor no longer\n" +
			"matches is refused, never finished.",
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Clients = args
			return secretsFinishRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	fs := cmd.Flags()
	fs.StringVar(&opts.OldID, "old", "", "the rotation's old credential `ID`, as the finish command `secrets rotate` printed names it")
	fs.StringVar(&opts.NewID, "new", "", "the rotation's new credential `ID` (or new client ID, where the rotation replaced the client)")
	fs.StringVar(&opts.StatePath, "state", "", "finish the rotations saved in `FILE` by secrets rotate --state (default: the default journal)")
	fs.IntVar(&opts.Concurrency, "concurrency", 4, "how many clients to work on at once (with --state)")
	addStateWaitFlag(cmd, &opts.StateWait)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func secretsFinishRun(o *secretsFinishOptions) error {
	stderr := o.f.IO.ErrOut
	switch {
	case o.StatePath != "" && (len(o.Clients) > 0 || o.OldID != "" || o.NewID != ""):
		return o.usage("give either --state FILE or a client with --old/--new, not both")
	case o.StatePath == "" && len(o.Clients) > 1:
		return o.usage("name one client, or none to finish the rotations saved in the journal")
	case len(o.Clients) == 0 && (o.OldID != "" || o.NewID != ""):
		return o.usage("--old and --new name a client's rotation: name the client")
	case o.Concurrency < 1:
		return o.usage("--concurrency must be at least 1")
	}
	journal := o.StatePath
	if journal == "" && len(o.Clients) == 0 {
		path, err := o.journalAt("", false)
		if err != nil {
			return o.fail("finding the default rotation journal", err)
		}
		if _, err := os.Stat(path); err != nil {
			// The default journal is made by the first rotation: none
			// there is nothing to finish, not a mistyped path.
			o.note("no rotation is saved in %s: nothing to finish", path)
			return o.emit([]bulkJSON{}, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, nil)
		}
		journal = path
	}
	var state *rotations.State
	if journal != "" {
		var err error
		if state, err = o.openState(journal, time.Duration(o.StateWait), true); err != nil {
			return err
		}
		defer closeState(state)
		all := state.Rotations("")
		if o.Vendor.Vendor == "" && len(all) == 0 {
			o.note("%s holds no rotation to finish: nothing to finish", journal)
			return o.emit([]bulkJSON{}, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, nil)
		}
		if o.Vendor.Vendor == "" {
			// The vendor is known now, and with it the tenant: records
			// of another tenant are left alone.
			o.Vendor.Vendor = string(all[0].Vendor)
			state.ForTenant(o.tenant())
			o.noteOthers(state, journal)
		}
	}
	s, err := o.connect()
	if err != nil {
		return err
	}
	defer s.close()
	vendor := unified.Vendor(o.vendor)

	var rots []*unified.Rotation
	var provider unified.CredentialProvider
	if state != nil {
		rots = state.Rotations(vendor)
		if len(rots) == 0 {
			o.note("%s holds no %s rotation to finish: nothing to finish", journal, vendor)
			return o.emit([]bulkJSON{}, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, nil)
		}
		provider = &rotations.Provider{Provider: s.provider, State: state, Crash: crashHook, Now: o.f.Clock.Now}
	} else {
		r, err := rotationToFinish(o.ctx(), s.provider, s.resolve(o.Clients)[0], o.OldID, o.NewID)
		if err != nil {
			var usage *usageProblem
			if errors.As(err, &usage) {
				return o.usage("%v", usage)
			}
			return o.fail("finding the rotation of "+o.Clients[0], err)
		}
		if err := o.unkept(r); err != nil {
			return o.fail("finishing the rotation of "+o.Clients[0], err)
		}
		rots = []*unified.Rotation{r}
		provider = rotations.CheckedFinish{Provider: s.provider}
	}
	bar := newProgress(stderr, o.f.IO.ErrTTY, "finishing", len(rots))
	results := unified.FinishRotations(o.ctx(), provider, rots, &unified.BulkOptions{Concurrency: o.Concurrency, Progress: bar.update})
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
			views[i].Error = describeFor(o.vendor, r.ClientID, r.Err)
		case r.Err != nil:
			failed++
			views[i].Error = describeFor(o.vendor, r.ClientID, r.Err)
			retired = ""
		case state == nil:
			if unsure := retiredUnsure(s.provider, r.Rotation); unsure != "" {
				retired = unsure
			}
		}
		rows = append(rows, []string{r.ClientID, views[i].Result, newClient, retired})
	}
	if err := o.emit(views, []string{"CLIENT", "RESULT", "NEW CLIENT", "RETIRED"}, rows); err != nil {
		return err
	}
	if state == nil && len(results) == 1 && (results[0].Err == nil || unified.ReasonOf(results[0].Err) == unified.ReasonNothingToFinish) {
		if err := o.forgetFinished(rots[0]); err != nil {
			return err
		}
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintln(stderr, "credkit: finishing the rotation of "+r.ClientID+": "+describeFor(o.vendor, r.ClientID, r.Err))
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}
