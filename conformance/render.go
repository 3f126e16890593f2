package conformance

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// Format is a way to write a Report.
type Format string

const (
	// Table is aligned plain text for a terminal or a CI log: the verdicts
	// as they are produced (failures with their problems), then the
	// coverage matrix of every spec and the totals.
	Table Format = "table"
	// JSON is the Report as indented JSON, for tools. The verdicts wait
	// on disk until the run ends, so its memory does not grow with the run.
	JSON Format = "json"
	// Markdown is for a CI job summary or a pull request comment: the
	// verdict, the failures grouped by file, the coverage, every verdict.
	// Like JSON it is written once the run ends, from disk.
	Markdown Format = "markdown"
	// JUnit is JUnit XML for test reporters (GitLab, Jenkins, Buildkite,
	// CircleCI, GitHub test-report actions): one testsuite per recording
	// file, one testcase per interaction, unmatched ones skipped. A
	// testcase is named by its file (classname) and position, not its
	// status, and has file, line and time attributes.
	JUnit Format = "junit"
	// GitHub is GitHub Actions workflow commands, written once the run
	// ends: the totals, then at most 10 error annotations (GitHub shows no
	// more), the verdict and the problems that matter most, at their line
	// in the recording file. When $GITHUB_STEP_SUMMARY is set, the
	// Markdown report (without the table of every verdict) is appended to
	// that file, within GitHub's 1 MiB.
	GitHub Format = "github"
	// SARIF is SARIF 2.1.0, for code-scanning dashboards: one rule per
	// kind of problem, one result per problem.
	SARIF Format = "sarif"
	// SummaryOnly is the coverage matrix and the totals only.
	SummaryOnly Format = "summary"
	// HTML is one self-contained page: the coverage grid of every spec,
	// the totals and every verdict, failures first.
	HTML Format = "html"
)

// Formats lists the formats Write knows.
var Formats = []Format{Table, JSON, Markdown, JUnit, GitHub, SARIF, SummaryOnly, HTML}

func formatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: want one of %s", s, formatNames())
}

// NewSink returns a Sink that writes a run to w in format f as it is
// produced; pass it to [Stream]. Formats that must see the whole run
// before they write (JSON, Markdown, HTML, and JUnit for each file) keep
// it on disk until then, so that no format's memory grows with the run.
func NewSink(w io.Writer, f Format) (Sink, error) {
	sink, err := newFormatSink(w, f)
	if err != nil {
		return nil, err
	}
	return sanitizingSink{next: sink}, nil
}

// newFormatSink is the sink of format f alone.
func newFormatSink(w io.Writer, f Format) (Sink, error) {
	switch f {
	case Table:
		return newTableSink(w), nil
	case JSON:
		return newJSONSink(w), nil
	case Markdown:
		return newMarkdownSink(w), nil
	case JUnit:
		return newJUnitSink(w), nil
	case GitHub:
		return newGitHubSink(w), nil
	case SARIF:
		return newSARIFSink(w), nil
	case SummaryOnly:
		return &summarySink{w: w}, nil
	case HTML:
		return newHTMLSink(w), nil
	}
	return nil, fmt.Errorf("unknown format %q: want one of %s", f, formatNames())
}

// MultiSink passes a run to every sink, in order; the first error stops it.
func MultiSink(sinks ...Sink) Sink { return multiSink(sinks) }

type multiSink []Sink

func (m multiSink) File(f FileResults) error {
	for _, s := range m {
		if err := s.File(f); err != nil {
			return err
		}
	}
	return nil
}

func (m multiSink) Finish(r *Report) error {
	var errs []error
	for _, s := range m {
		errs = append(errs, s.Finish(r))
	}
	return errors.Join(errs...)
}

// Write writes the report in format f: the same renderers as a run's
// Sinks, fed with the report's verdicts as a run feeds them, file by
// file in parts of at most ChunkSize.
func (r *Report) Write(w io.Writer, f Format) error {
	sink, err := NewSink(w, f)
	if err != nil {
		return err
	}
	for _, file := range r.files() {
		for len(file.Results) > ChunkSize {
			part := FileResults{File: file.File, Results: file.Results[:ChunkSize], More: true}
			if err := sink.File(part); err != nil {
				return err
			}
			file.Results = file.Results[ChunkSize:]
		}
		if err := sink.File(file); err != nil {
			return err
		}
	}
	totals := *r
	totals.Interactions, totals.Unmatched = []Result{}, []Result{}
	return sink.Finish(&totals)
}

// files regroups the report's verdicts and errors by file, in order.
func (r *Report) files() []FileResults {
	all := append(append([]Result(nil), r.Interactions...), r.Unmatched...)
	sortResults(all)
	errs := map[string]error{}
	for _, e := range r.Errors {
		errs[e.File] = e.Err
	}
	var out []FileResults
	for _, res := range all {
		if len(out) == 0 || out[len(out)-1].File != res.File {
			out = append(out, FileResults{File: res.File, Err: errs[res.File]})
			delete(errs, res.File)
		}
		last := &out[len(out)-1]
		last.Results = append(last.Results, res)
	}
	return out
}

// The marks of a coverage cell that holds no count.
const (
	notDocumented = "."
	legend        = "N: N passing interactions; 0: documented, not covered; .: not documented"
)

// errWriter remembers the first write error, so that rendering code can
// write line after line and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// tableSink writes the verdicts of each file as they are checked, an
// aligned block for each part of it (at most ChunkSize verdicts), and the coverage, a recap of the failures and
// the totals at the end. On a terminal it fits its width (URLs are cut in
// the middle, problems wrapped) and colours the outcomes.
type tableSink struct {
	out    *errWriter
	header bool
	term   terminal
	recap  []Result // the first maxRecap failures
	fails  int
}

// maxRecap is how many failures the recap at the end of a table lists.
const maxRecap = 50

func newTableSink(w io.Writer) *tableSink {
	return &tableSink{out: &errWriter{w: w}, term: terminalOf(w)}
}

func (s *tableSink) File(f FileResults) error {
	if !s.header {
		s.out.printf("INTERACTIONS\n")
		s.header = true
	}
	rows := make([][]string, len(f.Results))
	for i, res := range f.Results {
		rows[i] = []string{outcomeText(res.Outcome), fmt.Sprint(res.Status), res.Method, operationLabel(res), fileLine(res)}
	}
	widths := columnWidths(rows)
	for i, res := range f.Results {
		s.writeRow(res, rows[i], widths)
		if res.Outcome == Fail {
			s.fails++
			if len(s.recap) < maxRecap {
				s.recap = append(s.recap, res)
			}
		}
	}
	if f.Err != nil {
		s.out.printf("%s\n", s.fit(s.term.paint(Fail, "ERROR")+" "+f.File+": "+oneLine(f.Err.Error()), s.term.escapes(Fail)))
	}
	return s.out.err
}

// writeRow writes one verdict: the aligned columns, then the URL in the
// room left (on a line of its own when there is little), then the problems.
func (s *tableSink) writeRow(res Result, row []string, widths []int) {
	first := row[0] + strings.Repeat(" ", widths[0]-utf8.RuneCountInString(row[0])+2)
	line := s.term.paint(res.Outcome, first) + alignRow(append(row[1:len(row):len(row)], ""), widths[1:])
	used := utf8.RuneCountInString(first) + utf8.RuneCountInString(alignRow(append(row[1:len(row):len(row)], ""), widths[1:]))
	switch room := s.term.width - used; {
	case s.term.width <= 0:
		s.out.printf("%s%s\n", line, res.URL)
	case room >= 24:
		s.out.printf("%s%s\n", line, cut(res.URL, room))
	default: // narrow: the verdict, then where (never cut), then the URL
		short := s.term.paint(res.Outcome, row[0]) + " " + strings.Join(row[1:4], " ")
		s.out.printf("%s\n", s.fit(short, s.term.escapes(res.Outcome)))
		s.out.printf("%s\n", s.beside("    "+row[4], res.URL))
	}
	for _, p := range res.Problems {
		for i, l := range wrap(p.Pointer+": "+oneLine(p.Message), s.term.width-6) {
			indent := "    "
			if i > 0 {
				indent = "      "
			}
			s.out.printf("%s%s\n", indent, l)
		}
	}
}

// beside is where (a file:line, never cut: terminals link it) and text
// after it, cut to the room left, or on the next line when little is.
func (s *tableSink) beside(where, text string) string {
	if s.term.width <= 0 {
		return where + "  " + text
	}
	if room := s.term.width - utf8.RuneCountInString(where) - 2; room >= 20 {
		return where + "  " + cut(text, room)
	}
	return where + "\n      " + cut(text, s.term.width-6)
}

// fit cuts a line to the terminal's width; extra is the length of the
// escapes it holds (terminal.escapes), which take no room.
func (s *tableSink) fit(line string, extra int) string {
	if s.term.width <= 0 {
		return line
	}
	return cut(line, s.term.width+extra)
}

// minWidths keep the short columns of the table aligned from one file to
// the next: outcome, status, method, operation.
var minWidths = []int{9, 3, 6, 32}

// columnWidths is the width of each column of rows (in runes), at least
// minWidths.
func columnWidths(rows [][]string) []int {
	widths := append([]int(nil), minWidths...)
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	return widths
}

// alignRow pads every cell but the last to its column's width.
func alignRow(row []string, widths []int) string {
	var b strings.Builder
	for i, cell := range row {
		b.WriteString(cell)
		if i < len(row)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2))
		}
	}
	return b.String()
}

// writeRecap lists the failures again, one line each, at the end of the
// table, where a reader of a long log or terminal looks first.
func (s *tableSink) writeRecap() {
	if s.fails == 0 {
		return
	}
	s.out.printf("\n%s\n", s.term.paint(Fail, fmt.Sprintf("FAILURES (%d)", s.fails)))
	for _, res := range s.recap {
		rest := fmt.Sprintf("%s %d  %s", operationLabel(res), res.Status, res.Problems[0])
		if n := len(res.Problems); n > 1 {
			rest += fmt.Sprintf(" (+%d more)", n-1)
		}
		s.out.printf("%s\n", s.beside(fileLine(res), rest))
	}
	if more := s.fails - len(s.recap); more > 0 {
		s.out.printf("... and %d more: the table above and the other reports list them\n", more)
	}
}

func (s *tableSink) Finish(r *Report) error {
	if s.header {
		s.out.printf("\n")
	}
	writeCoverageText(s.out, r, s.term.width)
	s.writeRecap()
	writeEndText(s.out, r, s.term.width)
	return s.out.err
}

// writeCoverageText writes the coverage matrix of every spec; with a
// width, the operation names are cut so that the rows fit in it.
func writeCoverageText(out *errWriter, r *Report, width int) {
	tw := tabwriter.NewWriter(out.w, 0, 0, 2, ' ', 0)
	tab := &errWriter{w: tw, err: out.err}
	for i, s := range r.Specs {
		if i > 0 {
			tab.printf("\n")
		}
		tab.printf("COVERAGE %s: %d of %d cells covered; %d pass, %d fail\n", s.Name, s.CellsCovered, s.Cells, s.Pass, s.Fail)
		rows := matrixRows(s)
		if width > 0 {
			fitMatrix(rows, width)
		}
		for _, row := range rows {
			tab.printf("%s\n", strings.Join(row, "\t"))
		}
		flush(tab, tw)
	}
	tab.printf("\n(%s)\n", legend)
	flush(tab, tw)
	out.err = tab.err
}

// fitMatrix cuts the operation names of a matrix (its first column) so
// that a row fits in width, keeping at least 12 runes of each.
func fitMatrix(rows [][]string, width int) {
	rest := 0
	for _, row := range rows {
		n := 0
		for _, cell := range row[1:] {
			n += utf8.RuneCountInString(cell) + 2
		}
		rest = max(rest, n)
	}
	room := max(width-rest-2, 12)
	for _, row := range rows {
		row[0] = cut(row[0], room)
	}
}

// writeEndText writes the unreadable files, the totals and why the run
// fails; with a width, long lines are wrapped to it.
func writeEndText(out *errWriter, r *Report, width int) {
	writeSpecWarningsText(out, r, width)
	if len(r.Errors) > 0 {
		out.printf("\nUNREADABLE: these paths could not be read (each fails the run)\n")
		for _, e := range r.Errors {
			out.printf("%s\n", strings.Join(wrap(e.File+": "+oneLine(e.Err.Error()), width), "\n  "))
		}
	}
	out.printf("\n%s\n", r.Summary)
	for _, reason := range r.Reasons() {
		out.printf("FAILED: %s\n", reason)
	}
}

// writeSpecWarningsText lists the warnings of every spec that has some.
func writeSpecWarningsText(out *errWriter, r *Report, width int) {
	specs := r.specWarnings()
	if len(specs) == 0 {
		return
	}
	out.printf("\nSPEC WARNINGS: %s; checking went on (--fail-on-spec-warnings refuses them)\n", specWarningsCount(r))
	for _, s := range specs {
		out.printf("%s\n", strings.Join(wrap(specWarningsTitle(s)+":", width), "\n  "))
		for _, w := range s.Warnings {
			out.printf("  %s\n", strings.Join(wrap(w.Path+": "+oneLine(w.Message), width-2), "\n    "))
		}
		if s.MoreWarnings > 0 {
			out.printf("  ... and %d more\n", s.MoreWarnings)
		}
	}
}

// specWarningsCount is how many warnings in how many specs.
func specWarningsCount(r *Report) string {
	return plural(r.Summary.SpecWarnings, "warning", "warnings") + " in " + plural(len(r.specWarnings()), "spec", "specs")
}

// specWarningsTitle names a spec with warnings, its file and their number.
func specWarningsTitle(s SpecCoverage) string {
	title := "spec " + s.Name
	if s.File != "" {
		title += " (" + s.File + ")"
	}
	return title + ", " + plural(len(s.Warnings)+s.MoreWarnings, "warning", "warnings")
}

// summarySink writes the coverage and the totals only.
type summarySink struct{ w io.Writer }

func (s *summarySink) File(FileResults) error { return nil }

func (s *summarySink) Finish(r *Report) error {
	out := &errWriter{w: s.w}
	width := terminalOf(s.w).width
	writeCoverageText(out, r, width)
	writeEndText(out, r, width)
	return out.err
}

// location is where a verdict comes from: file#index, its identity.
func location(res Result) string { return fmt.Sprintf("%s#%d", res.File, res.Index) }

// fileLine is where a verdict comes from, as editors and terminals link
// it: file:line, or file#index when the line is unknown.
func fileLine(res Result) string {
	if res.Line > 0 {
		return fmt.Sprintf("%s:%d", res.File, res.Line)
	}
	return location(res)
}

// oneLine keeps a message on one line of a log.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// outcomeText shouts failures so that they stand out in a long table.
func outcomeText(o Outcome) string {
	if o == Fail {
		return "FAIL"
	}
	return string(o)
}

func flush(e *errWriter, tw *tabwriter.Writer) {
	if e.err == nil {
		e.err = tw.Flush()
	}
}

// matrixRows is one spec's coverage as a header and one row per operation.
func matrixRows(s SpecCoverage) [][]string {
	columns := matrixColumns(s)
	rows := [][]string{append([]string{"OPERATION", "METHOD"}, columns...)}
	for _, op := range s.Operations {
		row := []string{coverageLabel(op), op.Method}
		for _, status := range columns {
			row = append(row, cellText(op, status))
		}
		rows = append(rows, row)
	}
	return rows
}

// matrixColumns is every status any operation of s documents, sorted.
func matrixColumns(s SpecCoverage) []string {
	seen := map[string]bool{}
	for _, op := range s.Operations {
		for _, c := range op.Cells {
			seen[c.Status] = true
		}
	}
	return documentedStatuses(seen)
}

func cellText(op OperationCoverage, status string) string {
	for _, c := range op.Cells {
		if c.Status == status {
			return fmt.Sprint(c.Interactions)
		}
	}
	return notDocumented
}

func coverageLabel(op OperationCoverage) string {
	if op.OperationID != "" {
		return op.OperationID
	}
	return op.Method + " " + op.Path
}

func operationLabel(res Result) string {
	switch {
	case res.OperationID != "":
		return res.OperationID
	case res.Path != "":
		return res.Method + " " + res.Path
	}
	return "-"
}

// String is the one-line total of a run.
func (s Summary) String() string {
	return fmt.Sprintf("TOTAL %d interactions: %d pass, %d fail, %d unmatched; %d of %d cells covered",
		s.Interactions, s.Pass, s.Fail, s.Unmatched, s.CellsCovered, s.Cells)
}
