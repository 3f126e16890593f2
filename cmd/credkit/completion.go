package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// fixedCompletion completes a flag's value from a few known values.
func fixedCompletion(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(v, strings.ToLower(toComplete)) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// Completing client IDs asks the vendor, so it is bounded: it runs only
// when credentials are set (never the demo simulator), only where the
// vendor can list clients, for at most completionTimeout, and offers at
// most maxCompletedClients.
var (
	completionTimeout   = 3 * time.Second
	maxCompletedClients = 200
)

// clientCompletion completes the client IDs a command's first argument
// names (every argument, with many) through the vendor's ListClients,
// each with its name as description.
func clientCompletion(b *base, many bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		const directive = cobra.ShellCompDirectiveNoFileComp
		if (len(args) > 0 && !many) || b.Vendor == nil || !credentialsSet(b.f, b.Vendor) {
			return nil, directive
		}
		parent := cmd.Context()
		if parent == nil {
			parent = context.Background()
		}
		ctx, cancel := context.WithTimeout(parent, completionTimeout)
		defer cancel()
		s, err := b.f.Open(ctx, b.Vendor)
		if err != nil {
			return nil, directive
		}
		defer s.close()
		lister, err := clientLister(s.provider, "ListClients")
		if err != nil {
			return nil, directive
		}
		var out []cobra.Completion
		for cl, err := range lister.ListClients(ctx) {
			if err != nil || len(out) == maxCompletedClients {
				break
			}
			if strings.HasPrefix(cl.ID, toComplete) && !slices.Contains(args, cl.ID) {
				out = append(out, cobra.CompletionWithDesc(cl.ID, cl.Name))
			}
		}
		return out, directive
	}
}
