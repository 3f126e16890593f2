package conformance

import (
	"fmt"
	"io"
	"strings"
)

// markdownSink writes a report for a job summary or a pull-request
// comment: the verdict and totals, the failures grouped by file, the
// unreadable paths, the coverage of every spec, the unmatched
// interactions and every verdict. The failures, the unmatched and the
// table of verdicts wait in spools until the totals are known, so its
// memory does not grow with the run. Everything a recording controls is
// in a code span (mdCode), where no markup, link, image, mention or HTML
// works.
type markdownSink struct {
	w                      io.Writer
	fails, unmatched, rows *spool
	lastFailFile           string
	noRows                 bool // leave out the table of every verdict
}

func newMarkdownSink(w io.Writer) *markdownSink {
	return &markdownSink{w: w, fails: newSpool(), unmatched: newSpool(), rows: newSpool()}
}

func (s *markdownSink) File(f FileResults) error {
	for _, res := range f.Results {
		switch res.Outcome {
		case Fail:
			if res.File != s.lastFailFile {
				s.lastFailFile = res.File
				s.fails.WriteString("\n### " + mdCode(res.File) + "\n\n")
			}
			s.fails.WriteString(markdownFailure(res))
		case Unmatched:
			s.unmatched.WriteString(fmt.Sprintf("- %s %s %s → %d\n", mdCode(fileLine(res)), mdCode(res.Method), mdCode(res.URL), res.Status))
		}
		if res.Outcome != Unmatched && !s.noRows {
			s.rows.WriteString(fmt.Sprintf("| %s | %d %s", res.Outcome, res.Status, markdownRow([]string{res.Method, operationLabel(res), res.URL, fileLine(res)})))
		}
	}
	for _, sp := range []*spool{s.fails, s.unmatched, s.rows} {
		if sp.err != nil {
			return sp.err
		}
	}
	return nil
}

// markdownFailure is one failing interaction and its problems.
func markdownFailure(res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s %s %s %s → %d\n", mdCode(fileLine(res)), mdCode(operationLabel(res)), mdCode(res.Method), mdCode(res.URL), res.Status)
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "  - %s: %s\n", mdCode(p.Pointer), mdCode(p.Message))
	}
	return b.String()
}

func (s *markdownSink) closeSpools() {
	for _, sp := range []*spool{s.fails, s.unmatched, s.rows} {
		sp.close()
	}
}

func (s *markdownSink) Finish(r *Report) error {
	defer s.closeSpools()
	out := &errWriter{w: s.w}
	writeMarkdownHead(out, r)
	if s.fails.n > 0 {
		out.printf("\n## Failures (%d)\n", r.Summary.Fail)
		s.copy(out, s.fails)
	}
	writeMarkdownErrors(out, r)
	writeMarkdownSpecWarnings(out, r)
	writeMarkdownCoverage(out, r)
	if s.unmatched.n > 0 {
		out.printf("\n## Unmatched (%d)\n\nNo loaded spec has these paths (not failures unless strict).\n\n", r.Summary.Unmatched)
		s.copy(out, s.unmatched)
	}
	if s.noRows {
		return out.err
	}
	out.printf("\n## Interactions\n\n")
	out.printf("| result | status | method | operation | URL | cassette |\n")
	out.printf("|%s\n", strings.Repeat(" --- |", 6))
	s.copy(out, s.rows)
	return out.err
}

func (s *markdownSink) copy(out *errWriter, sp *spool) {
	if out.err == nil {
		out.err = sp.copyTo(out.w)
	}
}

// writeMarkdownHead writes the verdict, the totals and why the run fails.
func writeMarkdownHead(out *errWriter, r *Report) {
	verdict := "passed"
	if r.Failed() {
		verdict = "FAILED"
	}
	out.printf("# Conformance report: %s\n\n**%s**\n", verdict, r.Summary)
	if reasons := r.Reasons(); len(reasons) > 0 {
		out.printf("\n")
		for _, reason := range reasons {
			out.printf("- %s\n", reason)
		}
	}
}

func writeMarkdownErrors(out *errWriter, r *Report) {
	if len(r.Errors) == 0 {
		return
	}
	out.printf("\n## Unreadable paths (%d)\n\nEach fails the run; the other files were checked.\n\n", len(r.Errors))
	for _, e := range r.Errors {
		out.printf("- %s: %s\n", mdCode(e.File), mdCode(e.Err.Error()))
	}
}

// writeMarkdownSpecWarnings lists the warnings of every spec that has some.
func writeMarkdownSpecWarnings(out *errWriter, r *Report) {
	specs := r.specWarnings()
	if len(specs) == 0 {
		return
	}
	out.printf("\n## Spec warnings (%d)\n\nWhat is wrong with these specs did not stop checking (`--fail-on-spec-warnings` refuses them).\n", r.Summary.SpecWarnings)
	for _, s := range specs {
		out.printf("\n### %s\n\n", mdPlain(specWarningsTitle(s)))
		for _, w := range s.Warnings {
			out.printf("- %s: %s\n", mdCode(w.Path), mdCode(w.Message))
		}
		if s.MoreWarnings > 0 {
			out.printf("- … and %d more\n", s.MoreWarnings)
		}
	}
}

func writeMarkdownCoverage(out *errWriter, r *Report) {
	out.printf("\n## Coverage\n\n%s.\n", legend)
	for _, s := range r.Specs {
		out.printf("\n### %s: %d of %d cells covered; %d pass, %d fail\n\n", mdCode(s.Name), s.CellsCovered, s.Cells, s.Pass, s.Fail)
		rows := matrixRows(s)
		out.printf("%s|%s\n", markdownPlainRow(rows[0]), strings.Repeat(" --- |", len(rows[0])))
		for _, row := range rows[1:] {
			out.printf("%s", markdownPlainRow(row))
		}
	}
}

// markdownRow is a table row whose every cell is a code span.
func markdownRow(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.ReplaceAll(mdCode(c), "|", `\|`)
	}
	return "| " + strings.Join(out, " | ") + " |\n"
}

// markdownPlainRow is a table row of text from a spec, its markup escaped.
func markdownPlainRow(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = mdPlain(c)
	}
	return "| " + strings.Join(out, " | ") + " |\n"
}

// mdPlain escapes the characters of s that make Markdown or HTML markup
// (emphasis, code, links, images, tables, headings, strikethrough,
// mentions, entities, tags), which CommonMark then shows as they are.
func mdPlain(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|!#~@&{}$", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode is text in a Markdown code span, fenced with more backticks than
// it holds in a row. The text is sanitized already: it holds no line break.
// A table cell must still escape '|' (markdownRow).
func mdCode(s string) string {
	if s == "" {
		return "-"
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}
