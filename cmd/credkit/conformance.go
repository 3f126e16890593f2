package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/conformance"
)

// conformanceLong is the conformance command's help, below its usage line.
const conformanceLong = `
Checks every recording under PATH (go-vcr cassettes of any format, .yaml or
.yml; HAR 1.2, .har) against the bundled specs, or the --spec files. In CI use

    credkit conformance --strict --output github --junit-file conformance.xml

Exit status: 0 every interaction passes; 1 an interaction or a file fails, no
interaction matched a spec, or the run was interrupted (the report of what was
checked is written); 2 bad usage or a spec that cannot be used (every problem
is listed; with --fail-on-spec-warnings, a spec with warnings too). A spec's
warnings (examples or defaults that do not match their schema, patterns no
engine compiles...) are listed on stderr and in every report, with their
path in the spec, and checking goes on. A spec file may be gzipped (.gz). A
body where the spec declares none, and a credential the recorder removed,
are notes unless --fail-undeclared-body or --fail-removed-credentials makes
them failures.`

// defaultCassettes is where the conformance command looks when given no path.
const defaultCassettes = "cassettes"

// conformanceOptions are the conformance command's flags and paths.
type conformanceOptions struct {
	base
	Specs  stringList
	Output string
	Files  map[conformance.Format]*string
	Strict bool
	// FailOnSpecWarnings refuses a spec with warnings, as an unusable one.
	FailOnSpecWarnings bool
	// FailUndeclaredBody and FailRemovedCredentials fail what the
	// checker's policies note by default.
	FailUndeclaredBody     bool
	FailRemovedCredentials bool
	MaxSize                int64
	Paths                  []string
}

// fileFormats are the formats that may also be written to a file.
var fileFormats = []conformance.Format{conformance.JUnit, conformance.SARIF, conformance.HTML, conformance.JSON, conformance.Markdown, conformance.GitHub, conformance.SummaryOnly}

// newConformanceCmd is "credkit conformance". runF, when not nil, runs
// instead of the check (tests read the parsed options). Its errors are
// one line each, as CI logs show them.
//
// --output (-o) picks the format on standard output, as in every other
// command; --format, its earlier name, is kept as a hidden alias.
func newConformanceCmd(f *factory, runF func(*conformanceOptions) error) *cobra.Command {
	opts := &conformanceOptions{base: newBase(f)}
	cmd := leaf(&cobra.Command{
		Use:                   "conformance [--spec FILE]... [--output FORMAT] [--FORMAT-file PATH]... [--strict] [PATH...]",
		Short:                 "check recorded cassettes against the vendor specs; print the coverage matrix",
		Long:                  conformanceLong,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{defaultCassettes}
			}
			if opts.MaxSize <= 0 {
				return briefUsage(cmd, "--max-file-size must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return conformanceRun(opts)
		},
	})
	opts.cmd = cmd
	cmd.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return briefUsage(cmd, "%v (see credkit conformance -h)", err)
	})
	fs := cmd.Flags()
	fs.Var(&opts.Specs, "spec", "an OpenAPI 3 spec `FILE` to check against, instead of the bundled specs (repeatable)")
	formats := make([]string, len(conformance.Formats))
	for i, f := range conformance.Formats {
		formats[i] = string(f)
	}
	fs.StringVarP(&opts.Output, "output", "o", string(conformance.Table), "report `format` on standard output: "+strings.Join(formats, ", "))
	fs.StringVar(&opts.Output, "format", string(conformance.Table), "the same as --output")
	_ = fs.MarkHidden("format")
	_ = cmd.RegisterFlagCompletionFunc("output", fixedCompletion(formats...))
	opts.Files = map[conformance.Format]*string{}
	for _, f := range fileFormats {
		opts.Files[f] = fs.String(string(f)+"-file", "", "also write the "+string(f)+" report to `PATH`")
	}
	fs.BoolVar(&opts.Strict, "strict", false, "fail interactions that match no loaded spec (the CI setting)")
	fs.BoolVar(&opts.FailOnSpecWarnings, "fail-on-spec-warnings", false, "refuse a spec with warnings (exit 2), as one that cannot be used")
	fs.BoolVar(&opts.FailUndeclaredBody, "fail-undeclared-body", false, "fail a response body where the spec declares none (a note by default)")
	fs.BoolVar(&opts.FailRemovedCredentials, "fail-removed-credentials", false, "fail a request without credentials or with a redaction marker for them (a note by default: recorders remove them)")
	fs.Int64Var(&opts.MaxSize, "max-file-size", conformance.DefaultMaxFileSize, "refuse a recording file larger than `BYTES`")
	return cmd
}

// briefUsage is a usage error of the conformance command: one line.
func briefUsage(cmd *cobra.Command, format string, a ...any) error {
	return &usageError{cmd: cmd, msg: joinLines(fmt.Sprintf(format, a...)), brief: true}
}

// conformanceRun checks recordings against specs and writes the reports
// as the run goes. Ctrl-C or SIGTERM (the context) stops it at once; the
// reports then hold what was checked.
func conformanceRun(o *conformanceOptions) error {
	format, err := conformance.ParseFormat(o.Output)
	if err != nil {
		return briefUsage(o.cmd, "%v", err)
	}
	specs, err := loadSpecs(o.Specs)
	if err != nil {
		return specError(o.cmd, err)
	}
	if warned := reportSpecWarnings(o.f.IO.ErrOut, specs, o.FailOnSpecWarnings); warned && o.FailOnSpecWarnings {
		return briefUsage(o.cmd, "refusing specs with warnings (--fail-on-spec-warnings)")
	}
	outputs, err := openOutputs(o.f.IO.Out, format, o.Files)
	if err != nil {
		return briefUsage(o.cmd, "%v", err)
	}
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: o.Strict,
		FailUndeclaredBody: o.FailUndeclaredBody, FailRemovedCredentials: o.FailRemovedCredentials})
	report, runErr := conformance.Stream(o.ctx(), checker, &conformance.RunOptions{MaxFileSize: o.MaxSize}, outputs, o.Paths...)
	if err := outputs.close(); err != nil && runErr == nil {
		runErr = err
	}
	return conformanceStatus(report, runErr, o.f.IO.ErrOut)
}

// conformanceStatus reports why a run fails, as errReported.
func conformanceStatus(report *conformance.Report, runErr error, stderr io.Writer) error {
	if runErr != nil && !report.Interrupted {
		fmt.Fprintf(stderr, "credkit conformance: %s\n", joinLines(runErr.Error()))
		return errReported
	}
	if reasons := report.Reasons(); len(reasons) > 0 {
		fmt.Fprintf(stderr, "credkit conformance: %s\n", strings.Join(reasons, "; "))
		return errReported
	}
	return nil
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

// joinLines puts a message that may span lines on one.
func joinLines(s string) string { return strings.Join(strings.Fields(s), " ") }

// specError is the usage error of a spec that cannot be used, with every
// problem on a line of its own.
func specError(cmd *cobra.Command, err error) error {
	var specErr *conformance.SpecError
	if !errors.As(err, &specErr) || len(specErr.Problems) <= 1 {
		return briefUsage(cmd, "%v", err) // one problem: one line
	}
	detail := make([]string, len(specErr.Problems))
	for i, p := range specErr.Problems {
		detail[i] = joinLines(fmt.Sprint(p))
	}
	return &usageError{cmd: cmd, brief: true, detail: detail,
		msg: fmt.Sprintf("spec %s cannot be used; %d problems:", specErr.Name, len(specErr.Problems))}
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
			fmt.Fprintf(stderr, "  %s\n", joinLines(fmt.Sprint(w)))
		}
	}
	return warned
}
