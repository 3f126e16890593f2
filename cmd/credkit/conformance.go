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

const conformanceUsage = `usage: credkit conformance [--spec FILE]... [--output FORMAT] [--FORMAT-file PATH]... [--strict] [--fail-on-spec-warnings]
       [--fail-undeclared-body] [--fail-removed-credentials] [PATH...]

Checks every recording under PATH (go-vcr cassettes of any format, .yaml or
.yml; HAR 1.2, .har) against the bundled specs, or the --spec files. In CI use

    credkit conformance --strict --output github --junit-file conformance.xml

Exit status: 0 every interaction passes; 1 an interaction or a file fails, no
interaction matched a spec, or the run was interrupted (the report of what was
checked is written); 2 bad usage or a spec that cannot be used (every problem
is listed; with --fail-on-spec-warnings, a spec with warnings too). A spec's
warnings (examples or defaults that do not match their schema, patterns no
engine compiles...) are listed on stderr, with their path in the spec, and
checking goes on. A spec file may be gzipped (.gz).`

// defaultCassettes is where the conformance command looks when given no path.
const defaultCassettes = "cassettes"

// conformanceArgs is the parsed command line of the conformance command.
type conformanceArgs struct {
	specs  stringList
	output string
	files  map[conformance.Format]*string
	strict bool
	// failOnSpecWarnings refuses a spec with warnings, as an unusable one.
	failOnSpecWarnings bool
	// failUndeclaredBody and failRemovedCredentials fail what the
	// checker's policies note by default.
	failUndeclaredBody     bool
	failRemovedCredentials bool
	maxSize                int64
	paths                  []string
}

// stringList is a flag that may be repeated.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
func (l *stringList) Type() string       { return "strings" }

// fileFormats are the formats that may also be written to a file.
var fileFormats = []conformance.Format{conformance.JUnit, conformance.SARIF, conformance.HTML, conformance.JSON, conformance.Markdown, conformance.GitHub, conformance.SummaryOnly}

// conformanceFlags defines every flag of the conformance command.
// --output (-o) picks the format on standard output, as in every other
// command; --format, its earlier name, is kept as a hidden alias.
func conformanceFlags(a *conformanceArgs) *pflag.FlagSet {
	fs := pflag.NewFlagSet("conformance", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Var(&a.specs, "spec", "an OpenAPI 3 spec `FILE` to check against, instead of the bundled specs (repeatable)")
	formats := make([]string, len(conformance.Formats))
	for i, f := range conformance.Formats {
		formats[i] = string(f)
	}
	fs.StringVarP(&a.output, "output", "o", string(conformance.Table), "report `format` on standard output: "+strings.Join(formats, ", "))
	fs.StringVar(&a.output, "format", string(conformance.Table), "the same as --output")
	_ = fs.MarkHidden("format")
	a.files = map[conformance.Format]*string{}
	for _, f := range fileFormats {
		a.files[f] = fs.String(string(f)+"-file", "", "also write the "+string(f)+" report to `PATH`")
	}
	fs.BoolVar(&a.strict, "strict", false, "fail interactions that match no loaded spec (the CI setting)")
	fs.BoolVar(&a.failOnSpecWarnings, "fail-on-spec-warnings", false, "refuse a spec with warnings (exit 2), as one that cannot be used")
	fs.BoolVar(&a.failUndeclaredBody, "fail-undeclared-body", false, "fail a response body where the spec declares none (a note by default)")
	fs.BoolVar(&a.failRemovedCredentials, "fail-removed-credentials", false, "fail a request without credentials or with a redaction marker for them (a note by default: recorders remove them)")
	fs.Int64Var(&a.maxSize, "max-file-size", conformance.DefaultMaxFileSize, "refuse a recording file larger than `BYTES`")
	return fs
}

// runConformance checks recordings against specs and writes the reports
// as the run goes. Ctrl-C or SIGTERM (ctx) stops it at once; the reports
// then hold what was checked.
func runConformance(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if probed(ctx, conformanceFlags(&conformanceArgs{})) {
		return 0
	}
	a, err := parseConformanceArgs(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(stdout, conformanceUsage+"\nflags:")
		fs := conformanceFlags(&conformanceArgs{})
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		return usageError(stderr, fmt.Errorf("%w (see credkit conformance -h)", err))
	}
	format, err := conformance.ParseFormat(a.output)
	if err != nil {
		return usageError(stderr, err)
	}
	specs, err := loadSpecs(a.specs)
	if err != nil {
		return specError(stderr, err)
	}
	if warned := reportSpecWarnings(stderr, specs, a.failOnSpecWarnings); warned && a.failOnSpecWarnings {
		return 2
	}
	outputs, err := openOutputs(stdout, format, a.files)
	if err != nil {
		return usageError(stderr, err)
	}
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: a.strict, FailUndeclaredBody: a.failUndeclaredBody, FailRemovedCredentials: a.failRemovedCredentials})
	report, runErr := conformance.Stream(ctx, checker, &conformance.RunOptions{MaxFileSize: a.maxSize}, outputs, a.paths...)
	if err := outputs.close(); err != nil && runErr == nil {
		runErr = err
	}
	return conformanceStatus(report, runErr, stderr)
}

// conformanceStatus reports why a run fails and returns its exit status.
func conformanceStatus(report *conformance.Report, runErr error, stderr io.Writer) int {
	if runErr != nil && !report.Interrupted {
		fmt.Fprintf(stderr, "credkit conformance: %s\n", joinLines(runErr.Error()))
		return 1
	}
	if reasons := report.Reasons(); len(reasons) > 0 {
		fmt.Fprintf(stderr, "credkit conformance: %s\n", strings.Join(reasons, "; "))
		return 1
	}
	return 0
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
	if a.maxSize <= 0 {
		return nil, fmt.Errorf("--max-file-size must be positive")
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

// specError reports a spec that cannot be used, with every problem on a
// line of its own, and returns the bad-usage status.
func specError(stderr io.Writer, err error) int {
	var specErr *conformance.SpecError
	if !errors.As(err, &specErr) || len(specErr.Problems) <= 1 {
		return usageError(stderr, err) // one problem: one line
	}
	fmt.Fprintf(stderr, "credkit conformance: spec %s cannot be used; %d problems:\n", specErr.Name, len(specErr.Problems))
	for _, p := range specErr.Problems {
		fmt.Fprintf(stderr, "  %s\n", p)
	}
	return 2
}

// reportSpecWarnings lists every warning of every spec on stderr, one a
// line, and reports whether there was any.
func reportSpecWarnings(stderr io.Writer, specs []*conformance.Spec, refused bool) bool {
	warned := false
	for _, s := range specs {
		if len(s.Warnings) == 0 {
			continue
		}
		warned = true
		what := "checking goes on"
		if refused {
			what = "refused (--fail-on-spec-warnings)"
		}
		fmt.Fprintf(stderr, "credkit conformance: spec %s has %d warnings; %s:\n", s.Name, len(s.Warnings), what)
		for _, w := range s.Warnings {
			fmt.Fprintf(stderr, "  %s\n", w)
		}
	}
	return warned
}

// usageError reports err on one line and returns the bad-usage status.
// Errors of spec validation may span lines; they are joined.
func usageError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "credkit conformance: %s\n", joinLines(err.Error()))
	return 2
}

// joinLines puts a message that may span lines on one.
func joinLines(s string) string { return strings.Join(strings.Fields(s), " ") }
