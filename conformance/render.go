package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Format is a way to write a Report.
type Format string

const (
	// Table is aligned plain text for a terminal.
	Table Format = "table"
	// JSON is the Report as indented JSON, for tools.
	JSON Format = "json"
	// Markdown is for a CI job summary or a pull request comment.
	Markdown Format = "markdown"
)

// Formats lists the formats Write knows.
var Formats = []Format{Table, JSON, Markdown}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: want table, json or markdown", s)
}

// Write writes the report in format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case Table:
		return r.writeTable(w)
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case Markdown:
		return r.writeMarkdown(w)
	}
	return fmt.Errorf("unknown format %q: want table, json or markdown", f)
}

// The marks of a coverage cell that holds no count.
const (
	notDocumented = "."
	legend        = "N passing interactions cover the status; 0 documented, not covered; . not documented"
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

func (r *Report) writeTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	tab := &errWriter{w: tw}
	for i, s := range r.Specs {
		if i > 0 {
			tab.printf("\n")
		}
		tab.printf("COVERAGE %s: %d of %d cells covered; %d pass, %d fail\n", s.Name, s.CellsCovered, s.Cells, s.Pass, s.Fail)
		for _, row := range matrixRows(s) {
			tab.printf("%s\n", strings.Join(row, "\t"))
		}
		flush(tab, tw)
	}
	tab.printf("\n(%s)\n\nINTERACTIONS\nRESULT\tSTATUS\tMETHOD\tOPERATION\tURL\tCASSETTE\n", legend)
	for _, res := range r.Interactions {
		tab.printf("%s\t%d\t%s\t%s\t%s\t%s#%d\n", outcomeText(res.Outcome), res.Status, res.Method, operationLabel(res), res.URL, res.File, res.Index)
	}
	flush(tab, tw)
	r.writeUnmatchedText(tab)
	r.writeFailuresText(tab)
	tab.printf("\n%s\n", r.Summary)
	flush(tab, tw)
	return tab.err
}

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

func (r *Report) writeFailuresText(w *errWriter) {
	if r.Summary.Fail == 0 {
		return
	}
	w.printf("\nFAILURES\n")
	for _, res := range r.Interactions {
		if res.Outcome != Fail {
			continue
		}
		w.printf("%s#%d %s %s -> %d (%s)\n", res.File, res.Index, res.Method, res.URL, res.Status, operationLabel(res))
		for _, p := range res.Problems {
			w.printf("    %s: %s\n", p.Pointer, p.Message)
		}
	}
}

func (r *Report) writeUnmatchedText(w *errWriter) {
	if len(r.Unmatched) == 0 {
		return
	}
	w.printf("\nUNMATCHED: no loaded spec has these paths (not failures unless strict)\n")
	for _, res := range r.Unmatched {
		w.printf("%s#%d %s %s -> %d\n", res.File, res.Index, res.Method, res.URL, res.Status)
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

func (r *Report) writeMarkdown(w io.Writer) error {
	out := &errWriter{w: w}
	out.printf("# Conformance report\n\n**%s**\n", r.Summary)
	out.printf("\n## Coverage\n\n%s.\n", legend)
	for _, s := range r.Specs {
		out.printf("\n### %s: %d of %d cells covered; %d pass, %d fail\n\n", s.Name, s.CellsCovered, s.Cells, s.Pass, s.Fail)
		rows := matrixRows(s)
		writeMarkdownTable(out, rows[0], rows[1:])
	}
	if r.Summary.Fail > 0 {
		out.printf("\n## Failures\n\n")
		for _, res := range r.Interactions {
			if res.Outcome == Fail {
				writeMarkdownFailure(out, res)
			}
		}
	}
	if len(r.Unmatched) > 0 {
		out.printf("\n## Unmatched\n\nNo loaded spec has these paths (not failures unless strict).\n\n")
		for _, res := range r.Unmatched {
			out.printf("- `%s#%d` %s `%s` → %d\n", res.File, res.Index, res.Method, res.URL, res.Status)
		}
	}
	out.printf("\n## Interactions\n\n")
	var rows [][]string
	for _, res := range r.Interactions {
		rows = append(rows, []string{string(res.Outcome), fmt.Sprint(res.Status), res.Method, operationLabel(res), res.URL, fmt.Sprintf("%s#%d", res.File, res.Index)})
	}
	writeMarkdownTable(out, []string{"result", "status", "method", "operation", "URL", "cassette"}, rows)
	return out.err
}

func writeMarkdownFailure(w *errWriter, res Result) {
	w.printf("- `%s#%d` %s `%s` → %d (%s)\n", res.File, res.Index, res.Method, res.URL, res.Status, operationLabel(res))
	for _, p := range res.Problems {
		w.printf("  - `%s`: %s\n", p.Pointer, markdownText(p.Message))
	}
}

func writeMarkdownTable(w *errWriter, header []string, rows [][]string) {
	w.printf("| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = markdownText(c)
		}
		w.printf("| %s |\n", strings.Join(cells, " | "))
	}
}

// markdownText keeps text inside one table cell or list item.
func markdownText(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}
