package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

type clientsListOptions struct {
	base
}

// clientJSON is a client in the output.
type clientJSON struct {
	Vendor   unified.Vendor `json:"vendor"`
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Created  time.Time      `json:"created,omitzero"`
	LastUsed time.Time      `json:"lastUsed,omitzero"`
	// SecretAgeSeconds is how old the current secret is, where the vendor
	// says.
	SecretAgeSeconds int64 `json:"secretAgeSeconds,omitempty"`
}

func newClientsListCmd(f *factory) *cobra.Command {
	opts := &clientsListOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:   "list",
		Short: "list the OAuth clients the account can see, where the vendor can list them",
		Long: "List the OAuth clients the account can see: ID, name, creation, last use and the age of the secret, as far\n" +
			"as the vendor says (`credkit vendors` shows which vendors can list their clients).",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			return clientsListRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	return cmd
}

func clientsListRun(o *clientsListOptions) error {
	s, err := o.connect()
	if err != nil {
		return err
	}
	defer s.close()
	m, err := clientLister(s.provider, "ListClients")
	if err != nil {
		return o.fail("listing the clients", err)
	}
	now := o.f.Clock.Now()
	clients := []clientJSON{}
	var rows [][]string
	for cl, err := range m.ListClients(o.ctx()) {
		if err != nil {
			return o.fail("listing the clients", err)
		}
		view := clientJSON{Vendor: cl.Vendor, ID: cl.ID, Name: cl.Name, Created: cl.Created, LastUsed: cl.LastUsed, SecretAgeSeconds: int64(cl.SecretAge / time.Second)}
		secretAge := ""
		if cl.SecretAge > 0 {
			secretAge = formatAge(cl.SecretAge)
		}
		clients = append(clients, view)
		rows = append(rows, []string{cl.ID, cl.Name, formatTime(cl.Created), age(now, cl.Created), formatTime(cl.LastUsed), secretAge})
	}
	return o.emit(clients, []string{"ID", "NAME", "CREATED", "AGE", "LAST USED", "SECRET AGE"}, rows)
}
