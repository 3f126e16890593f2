package main

import (
	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

// keysLifecycleOptions are those of "keys activate|deactivate|delete
// <client> <key-id>": one command per action, one code for the three.
type keysLifecycleOptions struct {
	base
	Action     string // activate, deactivate or delete
	Client, ID string
}

// keyActions are the summaries of the lifecycle commands.
var keyActions = map[string]string{
	"activate":   "activate a JSON Web Key",
	"deactivate": "deactivate a JSON Web Key",
	"delete":     "delete an inactive JSON Web Key",
}

func newKeysLifecycleCmd(f *factory, action string) *cobra.Command {
	opts := &keysLifecycleOptions{base: newBase(f), Action: action}
	cmd := leaf(&cobra.Command{
		Use:   action + " <client> <key-id>",
		Short: keyActions[action],
		Long:  "Change a JSON Web Key: " + action + " it.",
		Args:  exactArgs(2, "name a client and one of its JSON Web Key IDs"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Client, opts.ID = args[0], args[1]
			return keysLifecycleRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	cmd.ValidArgsFunction = clientCompletion(&opts.base, false)
	return cmd
}

func keysLifecycleRun(o *keysLifecycleOptions) error {
	s, client, err := o.connectClient([]string{o.Client})
	if err != nil {
		return err
	}
	defer s.close()
	ref := unified.CredentialRef{ClientID: client, ID: o.ID}
	what := map[string]string{"activate": "activating", "deactivate": "deactivating", "delete": "deleting"}[o.Action] + " key " + ref.ID + " of " + ref.ClientID
	m, err := jsonWebKeys(s.provider, o.Action)
	if err != nil {
		return o.fail(what, err)
	}
	ctx := o.ctx()
	var k unified.JSONWebKey
	switch o.Action {
	case "activate":
		k, err = m.ActivateJSONWebKey(ctx, ref)
	case "deactivate":
		k, err = m.DeactivateJSONWebKey(ctx, ref)
	case "delete":
		if err = m.DeleteJSONWebKey(ctx, ref); err == nil {
			return o.emit(struct {
				ClientID string `json:"clientId"`
				ID       string `json:"id"`
				Deleted  bool   `json:"deleted"`
			}{ref.ClientID, ref.ID, true}, []string{"CLIENT", "ID", "RESULT"}, [][]string{{ref.ClientID, ref.ID, "deleted"}})
		}
	}
	if err != nil {
		return o.fail(what, err)
	}
	return o.emitKeys([]keyJSON{jwkView(k)})
}
