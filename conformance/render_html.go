package conformance

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"sort"
	"strings"
)

var (
	//go:embed html/report.css
	reportCSS string
	//go:embed html/report.js
	reportJS string
)

// HTMLContentSecurityPolicy is the Content-Security-Policy the HTML
// report carries in a meta element and works under: nothing may be
// loaded, and only its own inline style and script (named by their
// hashes) run. A server that publishes the report can send it as a
// header; under a stricter one the page stays readable, without colours
// or filters.
var HTMLContentSecurityPolicy = "default-src 'none'; style-src '" + cspHash(reportCSS) + "'; script-src '" + cspHash(reportJS) +
	"'; img-src 'none'; base-uri 'none'; form-action 'none'"

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// htmlSink writes the rows of each file as they come into two spool files
// (failures, the rest) so that its memory does not grow with the run, and
// at the end writes the page: summary, coverage grids, then the rows,
// failures first.
type htmlSink struct {
	w           io.Writer
	fails, rest *os.File
	spoolErr    error
	seq         int
	firstRow    map[string]int // cell id -> first row in the cell
	firstFail   map[string]int // cell id -> first failing row in the cell
	kinds       map[ProblemKind]int
}

func newHTMLSink(w io.Writer) *htmlSink {
	s := &htmlSink{w: w, firstRow: map[string]int{}, firstFail: map[string]int{}, kinds: map[ProblemKind]int{}}
	s.fails, s.spoolErr = os.CreateTemp("", "credkit-report-*.html")
	if s.spoolErr == nil {
		s.rest, s.spoolErr = os.CreateTemp("", "credkit-report-*.html")
	}
	return s
}

// cellID names a grid cell in the page.
func cellID(spec, method, path, status string) string {
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", spec, strings.ToUpper(method), path, status)
	return fmt.Sprintf("c-%x", h.Sum64())
}

func (s *htmlSink) File(f FileResults) error {
	if s.spoolErr != nil {
		return s.spoolErr
	}
	for _, res := range f.Results {
		s.seq++
		id := ""
		if res.Response != "" {
			id = cellID(res.Spec, res.Method, res.Path, res.Response)
			if _, ok := s.firstRow[id]; !ok {
				s.firstRow[id] = s.seq
			}
			if _, ok := s.firstFail[id]; !ok && res.Outcome == Fail {
				s.firstFail[id] = s.seq
			}
		}
		for _, p := range res.Problems {
			if res.Outcome == Fail {
				s.kinds[p.Kind()]++
			}
		}
		out := s.rest
		if res.Outcome == Fail {
			out = s.fails
		}
		if _, err := io.WriteString(out, htmlRow(s.seq, id, res)); err != nil {
			return err
		}
	}
	return nil
}

func htmlRow(seq int, cell string, res Result) string {
	var b strings.Builder
	vendor := specLabel(res)
	fmt.Fprintf(&b, `<tr id="i-%d" class="%s" data-vendor="%s" data-operation="%s" data-outcome="%s" data-cell="%s">`,
		seq, res.Outcome, esc(vendor), esc(operationLabel(res)), res.Outcome, cell)
	fmt.Fprintf(&b, "<td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td class=\"url\">%s</td><td><code>%s</code></td><td>",
		esc(outcomeText(res.Outcome)), res.Status, esc(res.Method), esc(operationLabel(res)), esc(vendor), esc(res.URL), esc(location(res)))
	if len(res.Problems) > 0 {
		b.WriteString("<ul>")
		for _, p := range res.Problems {
			fmt.Fprintf(&b, "<li><code>%s</code> %s</li>", esc(p.Pointer), esc(p.Message))
		}
		b.WriteString("</ul>")
	}
	b.WriteString("</td></tr>\n")
	return b.String()
}

func esc(s string) string { return html.EscapeString(s) }

func (s *htmlSink) Finish(r *Report) error {
	defer s.cleanup()
	if s.spoolErr != nil {
		return s.spoolErr
	}
	out := &errWriter{w: s.w}
	out.printf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>credkit conformance report</title>
<style>%s</style>
</head><body>
`, esc(HTMLContentSecurityPolicy), reportCSS)
	s.writeSummary(out, r)
	s.writeGrids(out, r)
	s.writeErrors(out, r)
	out.printf(`<section id="interactions"><h2>Interactions</h2>
<p>Failures first, then the rest in file order. URLs are redacted as in every other output.</p>
<div id="filters" class="filters" hidden>
<label>vendor <select id="filter-vendor"><option value="">all</option></select></label>
<label>operation <select id="filter-operation"><option value="">all</option></select></label>
<label>outcome <select id="filter-outcome"><option value="">all</option></select></label>
<button type="button" id="filter-clear">clear</button> <span id="filter-count"></span>
</div>
<table id="rows"><thead><tr><th>outcome</th><th>status</th><th>method</th><th>operation</th><th>vendor</th><th>URL</th><th>file#index</th><th>problems</th></tr></thead>
<tbody>
`)
	for _, f := range []*os.File{s.fails, s.rest} {
		if out.err != nil {
			break
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		_, out.err = io.Copy(s.w, f)
	}
	out.printf("</tbody></table></section>\n<script>%s</script>\n</body></html>\n", reportJS)
	return out.err
}

func (s *htmlSink) cleanup() {
	for _, f := range []*os.File{s.fails, s.rest} {
		if f != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}
}

func (s *htmlSink) writeSummary(out *errWriter, r *Report) {
	verdict, class := "PASSED", "pass"
	if reasons := r.Reasons(); len(reasons) > 0 {
		verdict, class = "FAILED: "+strings.Join(reasons, "; "), "fail"
	}
	sum := r.Summary
	out.printf(`<header><h1>credkit conformance report</h1>
<p id="verdict" class="verdict %s">%s</p></header>
<section id="summary"><h2>Summary</h2><dl class="totals">
<dt>interactions</dt><dd id="total-interactions">%d</dd>
<dt>pass</dt><dd id="total-pass">%d</dd><dt>fail</dt><dd id="total-fail">%d</dd>
<dt>unmatched (no spec has the path)</dt><dd id="total-unmatched">%d</dd>
<dt>cells covered</dt><dd id="total-cells">%d of %d</dd>
<dt>files read</dt><dd>%d</dd><dt>unreadable paths</dt><dd>%d</dd>
</dl>
`, class, esc(verdict), sum.Interactions, sum.Pass, sum.Fail, sum.Unmatched, sum.CellsCovered, sum.Cells, sum.Files, sum.FileErrors)
	if len(s.kinds) > 0 {
		out.printf("<h3>Failures by problem kind</h3><table id=\"kinds\"><thead><tr><th>kind</th><th>problems</th><th>meaning</th></tr></thead><tbody>\n")
		kinds := make([]ProblemKind, 0, len(s.kinds))
		for k := range s.kinds {
			kinds = append(kinds, k)
		}
		sort.Slice(kinds, func(i, j int) bool { return kindIndex(kinds[i]) < kindIndex(kinds[j]) })
		for _, k := range kinds {
			out.printf("<tr><td><code>%s</code></td><td>%d</td><td>%s</td></tr>\n", esc(string(k)), s.kinds[k], esc(problemKinds[kindIndex(k)].Description))
		}
		out.printf("</tbody></table>\n")
	}
	out.printf("</section>\n")
}

func (s *htmlSink) writeGrids(out *errWriter, r *Report) {
	out.printf(`<section id="coverage"><h2>Coverage</h2>
<p class="legend"><span class="pass">N</span>covered, passing <span class="fail">N ✗F</span>F interactions fail <span class="none">0</span>documented, not covered · not documented</p>
`)
	for _, spec := range r.Specs {
		out.printf("<h3 id=\"spec-%s\">%s: %d of %d cells covered; %d pass, %d fail</h3>\n", esc(spec.Name), esc(spec.Name), spec.CellsCovered, spec.Cells, spec.Pass, spec.Fail)
		columns := matrixColumns(spec)
		out.printf("<table class=\"grid\" data-spec=\"%s\"><thead><tr><th>operation</th><th>method</th>", esc(spec.Name))
		for _, c := range columns {
			out.printf("<th>%s</th>", esc(c))
		}
		out.printf("</tr></thead><tbody>\n")
		for _, op := range spec.Operations {
			out.printf("<tr data-operation=\"%s\"><th title=\"%s\">%s</th><td>%s</td>", esc(coverageLabel(op)), esc(op.Path), esc(coverageLabel(op)), esc(op.Method))
			for _, status := range columns {
				s.writeCell(out, spec.Name, op, status)
			}
			out.printf("</tr>\n")
		}
		out.printf("</tbody></table>\n")
	}
	out.printf("</section>\n")
}

func (s *htmlSink) writeCell(out *errWriter, spec string, op OperationCoverage, status string) {
	var cell *Cell
	for i := range op.Cells {
		if op.Cells[i].Status == status {
			cell = &op.Cells[i]
		}
	}
	if cell == nil {
		out.printf("<td class=\"na\" title=\"not documented\">·</td>")
		return
	}
	id := cellID(spec, op.Method, op.Path, status)
	class := "none"
	switch {
	case cell.Failures > 0:
		class = "fail"
	case cell.Interactions > 0:
		class = "pass"
	}
	out.printf(`<td id="%s" class="cell %s" data-status="%s" data-count="%d" data-failures="%d">`, id, class, esc(status), cell.Interactions, cell.Failures)
	target, ok := s.firstFail[id]
	if !ok {
		target, ok = s.firstRow[id]
	}
	if ok {
		out.printf(`<a href="#i-%d">%d</a>`, target, cell.Interactions)
	} else {
		out.printf("%d", cell.Interactions)
	}
	if cell.Failures > 0 {
		out.printf(`<span class="f">✗%d</span>`, cell.Failures)
	}
	out.printf("</td>")
}

func (s *htmlSink) writeErrors(out *errWriter, r *Report) {
	if len(r.Errors) == 0 {
		return
	}
	out.printf("<section id=\"errors\"><h2>Unreadable paths</h2><p>Each fails the run; the other files were checked.</p><ul>\n")
	for _, e := range r.Errors {
		out.printf("<li><code>%s</code>: %s</li>\n", esc(e.File), esc(oneLine(e.Err.Error())))
	}
	out.printf("</ul></section>\n")
}
