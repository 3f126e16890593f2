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
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// commandFunc runs one command: nil on success, else an exitCode, the
// process exit status (1 when the work found a failure, 2 on bad usage),
// once the command has reported why on stderr.
type commandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// status adapts a command that returns its exit status as an int.
func status(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) commandFunc {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if code := run(ctx, args, stdout, stderr); code != 0 {
			return exitCode(code)
		}
		return nil
	}
}

// group is a command that holds subcommands.
type group struct {
	name, summary string
	subs          []subcommand
}

// commandTable is every command of credkit, once: top-level commands,
// then the groups and their subcommands. Help, completion and dispatch
// are built from it.
var commandTable = struct {
	top    []subcommand
	groups []group
}{
	top: []subcommand{
		{"conformance", "[PATH...]", "check recorded cassettes against the vendor specs; print the coverage matrix", status(runConformance)},
		{"sim", "", "serve the vendor simulators on loopback, with demo clients, until Ctrl-C", runSim},
		{"audit", "[client...]", "report secret ages, expiring keys and unfinished rotations; exit 1 on a breach", runAudit},
		{"vendors", "", "show what each vendor supports", runVendors},
	},
	groups: []group{
		{"secrets", "list, create, rotate (begin and finish) and revoke client secrets", secretsCommands},
		{"keys", "list and manage JSON Web Keys (Okta, Auth0), X.509 key credentials and CSRs (Okta)", keysCommands},
		{"tokens", "list and revoke the refresh tokens issued to a client (Okta)", tokensCommands},
	},
}

func main() {
	// Ctrl-C cancels the work in flight, and stops `credkit sim`.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitCode carries a command's exit status through cobra.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// run builds the command tree and runs args: the exit status is the
// command's, or 2 for what cobra refuses (an unknown command or flag).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		root := newRoot(ctx, stdout, stderr)
		root.SetOut(stderr)
		_ = root.Usage()
		return 2
	}
	root := newRoot(ctx, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var code exitCode
	if err != nil && !errors.As(err, &code) {
		// cobra's own refusal: an unknown command or flag.
		fmt.Fprintln(stderr, "credkit: "+strings.TrimSpace(err.Error()))
		return 2
	}
	return exitStatus(err)
}

// exitStatus is the process exit status of a command's error: 0 for nil,
// the exitCode's, or 1 for any other error.
func exitStatus(err error) int {
	var code exitCode
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	}
	return 1
}

// newRoot is the command tree of commandTable.
func newRoot(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "credkit",
		Short:         "manage OAuth client credentials across identity vendors, and check vendor traffic against specs",
		Long:          rootLong,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetContext(ctx)
	for _, s := range commandTable.top {
		root.AddCommand(leaf(s, "", stdout, stderr))
	}
	for _, g := range commandTable.groups {
		root.AddCommand(groupCommand(g, stdout, stderr))
	}
	root.AddCommand(versionCommand(stdout))
	return root
}

// rootLong is the top-level help's text: how credential commands find
// their vendor.
const rootLong = `credkit manages OAuth client credentials across identity vendors, and checks
recorded vendor traffic against credkit's specs.

Credential commands take --vendor okta|sailpoint|vmwarecsp|auth0 and read the vendor's
settings from flags or the environment:
  okta       ` + envOktaOrgURL + `, ` + envOktaToken + `
  sailpoint  ` + envSailBaseURL + `, ` + envSailClientID + `, ` + envSailSecret + `
  vmwarecsp  ` + envCSPOrgID + `, and ` + envCSPToken + ` or ` + envCSPClientID + ` with ` + envCSPClientSecret + `
             (` + envCSPURL + ` for a non-production console)
  auth0      ` + envAuth0Domain + `, ` + envAuth0ClientID + `, ` + envAuth0ClientSecret + `
With none set, a command refuses; --demo (or ` + envDemo + `=1) runs it against an
in-process simulator with demo clients instead.

Exit status: 0 success, 1 failure (or a broken audit policy), 2 bad usage.`

// leaf is the cobra command of one table entry. Its flags are its own
// (parsed by the command, shown by its help), so cobra does not parse
// them; cobra knows them (leafFlags) only to complete them.
func leaf(s subcommand, parent string, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:                strings.TrimSpace(s.name + " " + s.args),
		Short:              s.summary,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return s.run(cmd.Context(), args, stdout, stderr)
		},
	}
	cmd.SetHelpFunc(func(cmd *cobra.Command, _ []string) {
		s.run(cmd.Context(), []string{"--help"}, stdout, stderr)
	})
	if fs := leafFlags(s.run); fs != nil {
		cmd.Flags().AddFlagSet(fs)
		completeValues(cmd, fs)
	}
	return cmd
}

// groupCommand is a command such as "secrets" and its subcommands.
func groupCommand(g group, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   g.name,
		Short: g.summary,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				fmt.Fprintf(stderr, "credkit %s: missing command\n", g.name)
				cmd.SetOut(stderr)
				_ = cmd.Usage()
				return exitCode(2)
			}
			if args[0] == "help" {
				return cmd.Help()
			}
			msg := fmt.Sprintf("credkit %s: unknown command %q", g.name, args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			fmt.Fprintln(stderr, msg)
			return exitCode(2)
		},
	}
	for _, s := range g.subs {
		cmd.AddCommand(leaf(s, g.name, stdout, stderr))
	}
	return cmd
}

// usages maps each command's name (as "secrets list") to what follows it
// in its usage line, from commandTable: the one place a command states its
// arguments. It is filled by init, since the commands' own code reads it.
var usages = map[string]string{}

func init() {
	for _, s := range commandTable.top {
		usages[s.name] = s.args
	}
	for _, g := range commandTable.groups {
		for _, s := range g.subs {
			usages[g.name+" "+s.name] = s.args
		}
	}
}

// usageArgs is the usage line's arguments of the command name.
func usageArgs(name string) string { return strings.TrimSpace(usages[name] + " [flags]") }
