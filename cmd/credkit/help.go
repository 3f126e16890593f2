package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// A credential command's help shows its own flags, then the flags that
// pick and configure a vendor under their own heading. A flag joins a
// group through an annotation (inFlagGroup); leafHelp prints each group
// as a section.

// flagGroupAnnotation is the annotation naming a flag's help section.
const flagGroupAnnotation = "credkit_flag_group"

// vendorFlagGroup is the section of the vendor flags.
const vendorFlagGroup = "vendor flags"

// leafAnnotation marks the commands whose help is leafHelp's.
const leafAnnotation = "credkit_leaf"

// inFlagGroup puts cmd's flag name in the help section group.
func inFlagGroup(cmd *cobra.Command, name, group string) {
	_ = cmd.Flags().SetAnnotation(name, flagGroupAnnotation, []string{group})
}

// leaf marks cmd as a command that does the work (not a group), with
// credkit's help: flags in the order they were added, and its flag errors
// are usage errors.
func leaf(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[leafAnnotation] = "true"
	cmd.Flags().SortFlags = false
	return cmd
}

func isLeaf(cmd *cobra.Command) bool { return cmd.Annotations[leafAnnotation] != "" }

// leafHelp prints a leaf's help: its usage line, what it does, its flags,
// then each flag group (the vendor flags).
func leafHelp(cmd *cobra.Command) {
	w := cmd.OutOrStdout()
	fmt.Fprintln(w, "usage: "+cmd.UseLine())
	text := cmd.Long
	if text == "" {
		text = cmd.Short
	}
	if text != "" {
		fmt.Fprintln(w, text)
	}
	// One rendering of every flag, so that the sections' columns align;
	// then each line goes to its flag's section.
	all := cmd.Flags()
	lines := strings.SplitAfter(strings.TrimSuffix(all.FlagUsages(), "\n"), "\n")
	sections := map[string]*strings.Builder{"": {}}
	order := []string{""}
	i := 0
	all.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || i >= len(lines) {
			return
		}
		group := ""
		if g := f.Annotations[flagGroupAnnotation]; len(g) > 0 {
			group = g[0]
		}
		if sections[group] == nil {
			sections[group] = &strings.Builder{}
			order = append(order, group)
		}
		line := lines[i]
		if !strings.HasSuffix(line, "\n") {
			line += "\n"
		}
		sections[group].WriteString(line)
		i++
	})
	for _, g := range order {
		name := g
		if name == "" {
			name = "flags"
		}
		fmt.Fprintln(w, name+":")
		fmt.Fprint(w, sections[g].String())
	}
	if sections[vendorFlagGroup] != nil {
		fmt.Fprint(w, settingsHelp())
	}
}
