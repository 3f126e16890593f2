package conformance

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"io"
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
// or the table of every interaction.
var HTMLContentSecurityPolicy = "default-src 'none'; style-src '" + cspHash(reportCSS) + "'; script-src '" + cspHash(reportJS) +
	"'; img-src 'none'; base-uri 'none'; form-action 'none'"

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// htmlSink writes the page once the run ends: the verdict and counts,
// then the failures grouped by file, the coverage grids, and the table of
// every interaction. While the run goes, the failures wait in a spool as
// markup and every verdict in another as JSON (the table is drawn from
// it, a page at a time, so that a page of 50,000 interactions loads
// fast); its memory holds only counts per cell, operation and kind.
type htmlSink struct {
	w            io.Writer
	fails, rows  *spool
	seq          int
	lastFailFile string
	firstFail    map[string]int // cell id -> first failing row in the cell
	undocumented map[string]int // operation id -> failures on an undocumented status
	kinds        map[ProblemKind]int
	strs         *stringTable
}

func newHTMLSink(w io.Writer) *htmlSink {
	return &htmlSink{w: w, fails: newSpool(), rows: newSpool(), firstFail: map[string]int{},
		undocumented: map[string]int{}, kinds: map[ProblemKind]int{}, strs: newStringTable()}
}

// cellID names a grid cell in the page.
func cellID(spec, method, path, status string) string {
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", spec, strings.ToUpper(method), path, status)
	return fmt.Sprintf("c-%x", h.Sum64())
}

func (s *htmlSink) File(f FileResults) error {
	for _, res := range f.Results {
		s.seq++
		id := s.count(res)
		if res.Outcome == Fail {
			if res.File != s.lastFailFile {
				if s.lastFailFile != "" {
					s.fails.WriteString("</section>\n")
				}
				s.lastFailFile = res.File
				s.fails.WriteString(fmt.Sprintf("<section class=\"file\"><h3><code>%s</code></h3>\n", esc(res.File)))
			}
			s.fails.WriteString(htmlFailure(s.seq, res))
		}
		s.rows.WriteString(htmlRowData(s.strs, s.seq, id, res))
	}
	if s.fails.err != nil {
		return s.fails.err
	}
	return s.rows.err
}

// count tallies a verdict's cell (or undocumented status) and problem
// kinds, and returns its cell id ("" for none).
func (s *htmlSink) count(res Result) string {
	failed := res.Outcome == Fail
	if failed {
		for _, p := range res.Problems {
			s.kinds[p.Kind()]++
		}
	}
	if res.Response == "" {
		if failed && res.Path != "" {
			s.undocumented[cellID(res.Spec, res.Method, res.Path, "")]++
		}
		return ""
	}
	id := cellID(res.Spec, res.Method, res.Path, res.Response)
	if _, ok := s.firstFail[id]; !ok && failed {
		s.firstFail[id] = s.seq
	}
	return id
}

// htmlFailure is one failing interaction: where, what, why (each problem
// with the value it received), the request and response it recorded
// (folded), and the command that checks its file again.
func htmlFailure(seq int, res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<article class="failure" id="i-%d"><p class="where"><code class="loc">%s</code> <strong>%s</strong> <span class="vendor">%s</span></p>`,
		seq, esc(fileLine(res)), esc(operationLabel(res)), esc(specLabel(res)))
	fmt.Fprintf(&b, `<p class="exchange"><code>%s %s</code> → <strong class="status">%d</strong></p><ul class="problems">`, esc(res.Method), esc(res.URL), res.Status)
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "<li><code>%s</code> %s", esc(p.Pointer), esc(p.Message))
		if p.Received != "" {
			fmt.Fprintf(&b, ` <span class="received">received <code>%s</code></span>`, esc(p.Received))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
	writeHTMLExcerpts(&b, res)
	fmt.Fprintf(&b, "<p class=\"repro\">check again: <code>credkit conformance --strict %s</code></p></article>\n", esc(shellQuote(res.File)))
	return b.String()
}

// writeHTMLExcerpts writes what a failure recorded, folded: the request
// (its method, URL and the start of its body) and the response (its
// status and the start of its body), redacted and cut when checked.
func writeHTMLExcerpts(b *strings.Builder, res Result) {
	var reqBody, respBody string
	if res.Excerpts != nil {
		reqBody, respBody = res.Excerpts.Request, res.Excerpts.Response
	}
	fmt.Fprintf(b, `<details class="excerpt"><summary>request</summary><pre>%s %s%s</pre></details>`, esc(res.Method), esc(res.URL), htmlExcerptBody(reqBody))
	fmt.Fprintf(b, `<details class="excerpt"><summary>response</summary><pre>status %d%s</pre></details>`, res.Status, htmlExcerptBody(respBody))
}

func htmlExcerptBody(body string) string {
	if body == "" {
		return "\n\n(no body)"
	}
	return "\n\n" + esc(body)
}

// htmlRowData is one interaction as a JSON array, a line of the table's
// data: seq, outcome, status, method, operation, vendor, URL, file, line,
// cell, problems. The strings that repeat from row to row are numbers
// into the string table (strs), which halves the data. JSON escapes <, >
// and &, so the data cannot end its script element.
func htmlRowData(strs *stringTable, seq int, cell string, res Result) string {
	problems := make([]string, len(res.Problems))
	for i, p := range res.Problems {
		problems[i] = p.String()
	}
	data, err := json.Marshal([]any{seq, res.Outcome, res.Status, strs.ref(res.Method), strs.ref(operationLabel(res)),
		strs.ref(specLabel(res)), res.URL, strs.ref(res.File), res.Line, strs.ref(cell), problems})
	if err != nil {
		return ""
	}
	return string(data) + ",\n"
}

// stringTable numbers the strings that repeat in the table's data, up to
// maxStrings of them (then a string is written as it is), so that its
// memory is bounded.
type stringTable struct {
	index map[string]int
	list  []string
}

const maxStrings = 20000

func newStringTable() *stringTable { return &stringTable{index: map[string]int{}} }

// ref is s's number, or s itself when the table is full.
func (t *stringTable) ref(s string) any {
	if i, ok := t.index[s]; ok {
		return i
	}
	if len(t.list) == maxStrings {
		return s
	}
	t.index[s] = len(t.list)
	t.list = append(t.list, s)
	return len(t.list) - 1
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func esc(s string) string { return html.EscapeString(s) }

func (s *htmlSink) Finish(r *Report) error {
	defer s.fails.close()
	defer s.rows.close()
	if s.lastFailFile != "" {
		s.fails.WriteString("</section>\n")
	}
	out := &errWriter{w: s.w}
	writeHTMLHead(out)
	s.writeHeader(out, r)
	out.printf("<main>\n")
	s.writeFailures(out, r)
	writeHTMLErrors(out, r)
	writeHTMLSpecWarnings(out, r)
	s.writeKinds(out)
	s.writeGrids(out, r)
	s.writeTable(out, r)
	out.printf("</main>\n<script>%s</script>\n</body></html>\n", reportJS)
	return out.err
}

func writeHTMLHead(out *errWriter) {
	out.printf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>credkit conformance report</title>
<style>%s</style>
</head><body>
<a class="skip" href="#failures">Skip to the failures</a>
`, esc(HTMLContentSecurityPolicy), reportCSS)
}

func (s *htmlSink) writeFailures(out *errWriter, r *Report) {
	out.printf("<section id=\"failures\"><h2>Failures (%d)</h2>\n", r.Summary.Fail)
	if s.fails.n == 0 {
		out.printf("<p class=\"none\">No interaction fails.</p>\n")
	} else if out.err == nil {
		out.err = s.fails.copyTo(out.w)
	}
	out.printf("</section>\n")
}

func (s *htmlSink) writeTable(out *errWriter, r *Report) {
	out.printf(`<section id="interactions"><h2>All interactions (%d)</h2>
<p>Every verdict in file order, %d a page; filters are kept in the address, to share.</p>
<noscript><p class="none">This table needs JavaScript; the failures are listed above, and every other format of the report lists every interaction.</p></noscript>
<div id="filters" class="filters" hidden>
<label>outcome <select id="filter-outcome"><option value="">all</option></select></label>
<label>vendor <select id="filter-vendor"><option value="">all</option></select></label>
<label>search <input id="filter-q" type="search" placeholder="operation, URL, file"></label>
<button type="button" id="filter-clear">clear</button> <span id="filter-count" role="status"></span>
</div>
<div class="scroll"><table id="rows"><thead><tr><th>outcome</th><th>status</th><th>method</th><th>operation</th><th>vendor</th><th>URL</th><th>file:line</th><th>problems</th></tr></thead><tbody></tbody></table></div>
<nav id="pager" class="pager" hidden><button type="button" id="page-prev">previous</button> <span id="page-of"></span> <button type="button" id="page-next">next</button></nav>
<script type="application/json" id="rows-data">{"rows":[
`, r.Summary.Interactions, htmlPageSize)
	if out.err == nil {
		out.err = s.rows.copyTo(out.w)
	}
	strs, err := json.Marshal(s.strs.list)
	if err != nil {
		strs = []byte("[]")
	}
	out.printf("null],\n\"strings\":%s}</script>\n</section>\n", strs)
}

// htmlPageSize is how many rows the table shows at once; report.js has
// the same number.
const htmlPageSize = 100
