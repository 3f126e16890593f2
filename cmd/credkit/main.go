// Command credkit manages OAuth client credentials across identity vendors
// and checks recorded vendor traffic against credkit's specs.
//
// Usage:
//
//	credkit <command> [flags] [args]
//
// Run "credkit help" for the list of commands, "credkit help <command>"
// for the flags of one, and "credkit completion bash" (or zsh, fish,
// powershell) for shell completion.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	// Ctrl-C cancels the work in flight, and stops `credkit sim`.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	f := newFactory(os.Stdout, os.Stderr)
	f.Exit = os.Exit
	code := runWith(ctx, f, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs the command line args with a factory of these streams, and
// returns the exit status: 0 success, 1 failure, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runWith(ctx, newFactory(stdout, stderr), args)
}

// runWith runs args with the commands built from f. Errors are reported,
// and mapped to exit statuses, here only (see report).
func runWith(ctx context.Context, f *factory, args []string) int {
	root := newRootCmd(f)
	withCobraCommands(root)
	if err := topLevel(root, args); err != nil {
		return report(f.IO.ErrOut, err)
	}
	root.SetArgs(longFlags(root, args))
	return report(f.IO.ErrOut, root.ExecuteContext(ctx))
}

// withCobraCommands adds the commands cobra adds when it runs (help,
// completion) now, so that they are found before it runs, and makes the
// completion command refuse bad usage as credkit's own commands do.
func withCobraCommands(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, cmd := range root.Commands() {
		if cmd.Name() == "completion" {
			asGroup(cmd)
			for _, shell := range cmd.Commands() {
				argsAreUsage(shell)
			}
		}
	}
}

// topLevel refuses a command line that names no command, or an unknown
// one (the root, which does no work itself, is not runnable; its
// subcommands are checked by asGroup).
func topLevel(root *cobra.Command, args []string) error {
	if len(args) == 0 {
		return &usageError{cmd: root, msg: "missing command", full: true}
	}
	if args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd {
		return nil // cobra's completion request, not a command
	}
	if _, _, err := root.Find(args); err != nil {
		for _, a := range args {
			if !strings.HasPrefix(a, "-") {
				return unknownCommand(root, a)
			}
		}
		return &usageError{cmd: root, msg: oneLine(err.Error())}
	}
	return nil
}

// rootLong is the top-level help's text.
func rootLong() string {
	return `credkit manages OAuth client credentials across identity vendors, and checks
recorded vendor traffic against credkit's specs.

` + vendorHelp() + `

A command that reaches a vendor gives up after --timeout (default $` + envTimeout + `, else 10m; 0: no
limit): every request, retry and wait, and the --state lock, end by then.

Exit status: 0 success, 1 failure (or a broken audit policy, or --timeout passed), 2 bad usage.`
}

// newRootCmd is credkit's command tree.
func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "credkit",
		Short:         "manage OAuth client credentials across identity vendors, and check vendor traffic against specs",
		Long:          rootLong(),
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{cmd: cmd, msg: oneLine(err.Error())}
	})
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		if isLeaf(cmd) {
			leafHelp(cmd)
			return
		}
		defaultHelp(cmd, args)
	})
	root.AddCommand(
		newConformanceCmd(f, nil),
		newSimCmd(f),
		newAuditCmd(f),
		newVendorsCmd(f),
		newGroupCmd("secrets", "list, create, rotate (begin and finish) and revoke client secrets",
			newSecretsListCmd(f), newSecretsCreateCmd(f), newSecretsRotateCmd(f), newSecretsFinishCmd(f),
			newSecretsRevokeCmd(f), newSecretsRegenerateCmd(f)),
		newGroupCmd("keys", "list and manage JSON Web Keys (Okta, Auth0), X.509 key credentials and CSRs (Okta)",
			newKeysListCmd(f), newKeysGenerateCmd(f), newKeysCloneCmd(f), newKeysAddCmd(f),
			newKeysLifecycleCmd(f, "activate"), newKeysLifecycleCmd(f, "deactivate"), newKeysLifecycleCmd(f, "delete"),
			newKeysCSRGenerateCmd(f), newKeysCSRPublishCmd(f), newKeysCSRRevokeCmd(f)),
		newGroupCmd("tokens", "list and revoke the refresh tokens issued to a client (Okta)",
			newTokensListCmd(f), newTokensRevokeCmd(f)),
		newGroupCmd("clients", "list the OAuth clients an account can see, where the vendor can list them",
			newClientsListCmd(f)),
		newVersionCmd(f),
	)
	root.SetHelpCommand(newHelpCmd())
	return root
}

// newGroupCmd is a command such as "secrets" that holds subcommands.
func newGroupCmd(name, summary string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: name, Short: summary}
	cmd.AddCommand(subs...)
	return asGroup(cmd)
}

// asGroup makes a command with subcommands refuse what is not one of them:
// no command at all, or an unknown one (with suggestions), as bad usage.
// "<group> help" is its help.
func asGroup(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return &usageError{cmd: cmd, msg: "missing command", full: true}
		case args[0] == "help":
			return cmd.Help()
		}
		return unknownCommand(cmd, args[0])
	}
	return cmd
}

// argsAreUsage makes the refusals of cmd's argument check (cobra's own,
// as cobra.NoArgs) usage errors.
func argsAreUsage(cmd *cobra.Command) {
	check := cmd.Args
	if check == nil {
		return
	}
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		var ue *usageError
		if err != nil && !errors.As(err, &ue) {
			return &usageError{cmd: cmd, msg: oneLine(err.Error())}
		}
		return err
	}
}

// unknownCommand is the usage error of a mistyped subcommand of cmd, with
// the commands it may have meant.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		slices.Sort(s)
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return &usageError{cmd: cmd, msg: msg}
}

// newHelpCmd is "credkit help [command]": a command it does not know is
// bad usage, with suggestions.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command in the application.\nSimply type credkit help [path to command] for full details.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil {
				return unknownCommand(c.Root(), args[0])
			}
			if len(rest) > 0 && !(len(rest) == 1 && rest[0] == "help" && cmd.HasSubCommands()) {
				return unknownCommand(cmd, rest[0])
			}
			if cmd.Context() == nil {
				cmd.SetContext(c.Context())
			}
			// As cobra's own help command: the help shows -h (and the
			// root's -v), which cobra adds when a command runs.
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag()
			return cmd.Help()
		},
	}
}

// longFlags rewrites "-name" and "-name=value" to "--name..." where name
// is a long flag of the command args run, up to "--": credkit once
// printed its flags with one dash, and still reads them so.
func longFlags(root *cobra.Command, args []string) []string {
	find := args
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		find = args[1:]
	}
	cmd, _, err := root.Find(find)
	if err != nil || cmd == nil {
		return args
	}
	out := make([]string, len(args))
	copy(out, args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && (cmd.Flags().Lookup(name) != nil || name == "help") {
				out[i] = "-" + a
			}
		}
	}
	return out
}
