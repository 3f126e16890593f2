package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// readBuildInfo is runtime/debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// version is credkit's module version and the commit it was built from,
// as the Go toolchain recorded them: "(devel)" for a build inside the
// module, and commit "unknown" when the build recorded none (the
// repository sets GOFLAGS=-buildvcs=false, and go run records none).
func version() string {
	v, commit, dirty := "unknown", "unknown", ""
	if info, ok := readBuildInfo(); ok {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && s.Value != "":
				commit = s.Value
			case s.Key == "vcs.modified" && s.Value == "true":
				dirty = ", modified"
			}
		}
	}
	return fmt.Sprintf("credkit %s (commit %s%s)", v, commit, dirty)
}

// newVersionCmd is "credkit version", the same as --version.
func newVersionCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print credkit's version and the commit it was built from",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(f.IO.Out, version())
			return err
		},
	}
}
