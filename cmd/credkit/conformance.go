package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/credkit/credkit/conformance"
)

const conformanceUsage = "usage: credkit conformance [--spec FILE]... [--output table|json|markdown] [--strict] [PATH...]"

// defaultCassettes is where the conformance command looks when given no path.
const defaultCassettes = "cassettes"

// conformanceArgs is the parsed command line of the conformance command.
type conformanceArgs struct {
	specs  stringList
	format string
	strict bool
	paths  []string
}

// stringList is a flag that may be repeated.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
func (l *stringList) Type() string       { return "strings" }

// runConformance checks cassettes against specs and writes the report:
// exit 0 when every interaction passes, 1 when one fails, 2 on bad usage.
func runConformance(_ context.Context, args []string, stdout, stderr io.Writer) int {
	a, err := parseConformanceArgs(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(stdout, conformanceUsage)
		fs := conformanceFlags(&conformanceArgs{})
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		return usageError(stderr, fmt.Errorf("%w (see credkit conformance -h)", err))
	}
	format, err := conformance.ParseFormat(a.format)
	if err != nil {
		return usageError(stderr, err)
	}
	specs, err := loadSpecs(a.specs)
	if err != nil {
		return usageError(stderr, err)
	}
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: a.strict})
	report, err := conformance.Run(checker, a.paths...)
	if err != nil {
		return usageError(stderr, err)
	}
	if err := report.Write(stdout, format); err != nil {
		fmt.Fprintf(stderr, "credkit conformance: writing the report: %v\n", err)
		return 1
	}
	if report.Failed() {
		fmt.Fprintf(stderr, "credkit conformance: %d of %d interactions fail\n", report.Summary.Fail, report.Summary.Interactions)
		return 1
	}
	return 0
}

// conformanceFlags defines the conformance command's flags: --output (-o)
// picks the report's format, as in every other command; --format, its
// earlier name, is kept as a hidden alias.
func conformanceFlags(a *conformanceArgs) *pflag.FlagSet {
	fs := pflag.NewFlagSet("conformance", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Var(&a.specs, "spec", "an OpenAPI 3 spec `FILE` to check against, instead of the bundled specs (repeatable)")
	fs.StringVarP(&a.format, "output", "o", string(conformance.Table), "report `format`: table, json or markdown")
	fs.StringVar(&a.format, "format", string(conformance.Table), "the same as --output")
	_ = fs.MarkHidden("format")
	fs.BoolVar(&a.strict, "strict", false, "fail interactions that match no loaded spec")
	return fs
}

// parseConformanceArgs parses flags and paths in any order.
func parseConformanceArgs(args []string) (*conformanceArgs, error) {
	a := &conformanceArgs{}
	fs := conformanceFlags(a)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	a.paths = paths
	if len(a.paths) == 0 {
		a.paths = []string{defaultCassettes}
	}
	return a, nil
}

// loadSpecs loads the given spec files, or the bundled specs when none is.
func loadSpecs(files []string) ([]*conformance.Spec, error) {
	if len(files) == 0 {
		return conformance.BundledSpecs()
	}
	specs := make([]*conformance.Spec, 0, len(files))
	for _, file := range files {
		s, err := conformance.LoadSpecFile(file)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// usageError reports err on one line and returns the bad-usage status.
// Errors of spec validation may span lines; they are joined.
func usageError(stderr io.Writer, err error) int {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(stderr, "credkit conformance: %s\n", msg)
	return 2
}
