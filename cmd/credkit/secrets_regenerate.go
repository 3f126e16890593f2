package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified"
)

type secretsRegenerateOptions struct {
	base
	Client     string
	ShowSecret bool
	StatePath  string
}

func newSecretsRegenerateCmd(f *factory) *cobra.Command {
	opts := &secretsRegenerateOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "regenerate <client> --show-secret",
		Short: "replace a client's secret at once, with no overlap: the last resort when a new secret is lost (CSP)",
		Long: "Replace a client's secret at once with one the vendor generates (CSP). The old secret, and any rotation in\n" +
			"progress, stop working now: every user of the client is locked out until it has the new secret. The last\n" +
			"resort when a rotation's new secret is lost; else rotate, which keeps the old secret working for a while.",
		Args: exactArgs(1, "name one client"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client = args[0]
			return secretsRegenerateRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.Flags().BoolVar(&opts.ShowSecret, "show-secret", false, "print the new secret, which is shown only once (required)")
	cmd.Flags().StringVar(&opts.StatePath, "state", "", "drop the client's unfinished rotation from `FILE`, since regenerating ends it")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func secretsRegenerateRun(o *secretsRegenerateOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	regen := s.provider
	if !s.provider.Capabilities().RegenerateSecret {
		return o.fail("regenerating the secret of "+client, &unified.Error{Code: unified.Unimplemented, Vendor: unified.Vendor(o.vendor), Op: "RegenerateSecret",
			Message: o.vendor + " cannot replace a secret at once: rotate it with `credkit secrets rotate`"})
	}
	if !o.ShowSecret {
		return o.usage("the new secret is shown only once, and the old one stops working at once: pass --show-secret to print it")
	}
	var state *rotations.State
	journal := o.StatePath
	if journal == "" && s.demo == nil {
		// The default journal, where one exists: regenerating ends the
		// rotation it may hold.
		journal = o.existingDefaultJournal()
	}
	if journal != "" {
		// Opened first: a file that cannot be kept up to date stops the
		// command before the secret changes.
		var err error
		if state, err = o.openState(journal, defaultStateWait, false); err != nil {
			return err
		}
		defer closeState(state)
	}
	// A closed stdout must fail the write, not end the process: the old
	// secret is gone by then.
	keepWritingOnBrokenPipe()
	cred, err := regen.RegenerateSecret(o.ctx(), client)
	if err != nil {
		return o.fail("regenerating the secret of "+client, err)
	}
	if err := o.emit(credentialView(cred, true),
		[]string{"CLIENT", "ID", "STATUS", "HINT", "SECRET"},
		[][]string{{cred.ClientID, cred.ID, string(cred.Status), cred.Hint, secretText(cred.Secret, true)}}); err != nil {
		o.note("%s: the old secret stopped working, and stdout did not take the new one; here it is, as the last resort (it is shown only once): %s ; give every user of the client this secret now",
			client, rotations.EncodeSecret(cred.Secret))
		if state != nil {
			if derr := state.Drop(unified.Vendor(o.vendor), client); derr != nil {
				o.note("writing the state file: %v", derr)
			}
		}
		return err
	}
	if state != nil {
		if err := state.Drop(unified.Vendor(o.vendor), client); err != nil {
			return o.fail("writing the state file", err)
		}
	}
	o.note("the old secret of %s, and any rotation in progress, stopped working: give every user of the client the new secret", client)
	if s.demo != nil {
		o.note("the in-process simulator stops now; run `credkit sim` for one that keeps its state between commands")
	}
	return nil
}
