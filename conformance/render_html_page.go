package conformance

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// reportNow is the clock of the run metadata; tests replace it.
var reportNow = time.Now

// writeHeader writes the verdict, a chip per outcome and the run's
// metadata: what a reader needs before anything else.
func (s *htmlSink) writeHeader(out *errWriter, r *Report) {
	verdict, class := "PASSED", "pass"
	if reasons := r.Reasons(); len(reasons) > 0 {
		verdict, class = "FAILED: "+strings.Join(reasons, "; "), "fail"
	}
	sum := r.Summary
	out.printf("<header><h1>credkit conformance report</h1>\n<p id=\"verdict\" class=\"verdict %s\">%s</p>\n<ul class=\"chips\" id=\"totals\">", class, esc(verdict))
	failChip := "chip"
	if sum.Fail > 0 {
		failChip = "chip fail"
	}
	out.printf(`<li class="%s"><a href="#failures"><strong id="total-fail">%d</strong> fail</a></li>`, failChip, sum.Fail)
	out.printf(`<li class="chip pass"><strong id="total-pass">%d</strong> pass</li>`, sum.Pass)
	out.printf(`<li class="chip unmatched"><strong id="total-unmatched">%d</strong> unmatched</li>`, sum.Unmatched)
	out.printf(`<li class="chip"><strong id="total-interactions">%d</strong> interactions in <strong>%d</strong> files</li>`, sum.Interactions, sum.Files)
	if sum.FileErrors > 0 {
		out.printf(`<li class="chip fail"><a href="#errors"><strong>%d</strong> unreadable</a></li>`, sum.FileErrors)
	}
	if sum.SpecWarnings > 0 {
		out.printf(`<li class="chip"><a href="#spec-warnings"><strong>%d</strong> spec warnings</a></li>`, sum.SpecWarnings)
	}
	out.printf(`<li class="chip"><a href="#coverage"><strong id="total-cells">%d of %d</strong> cells covered</a></li></ul>`+"\n", sum.CellsCovered, sum.Cells)
	out.printf("<details class=\"meta\"><summary>Run</summary><dl>\n<dt>credkit</dt><dd>%s</dd>\n<dt>written</dt><dd>%s</dd>\n",
		esc(ToolVersion()), reportNow().UTC().Format(time.RFC3339))
	if cmd := commandLine(); cmd != "" {
		out.printf("<dt>command</dt><dd><code>%s</code></dd>\n", esc(cmd))
	}
	names := make([]string, len(r.Specs))
	for i, spec := range r.Specs {
		names[i] = spec.Name
	}
	out.printf("<dt>specs</dt><dd>%s</dd>\n", esc(strings.Join(names, ", ")))
	if r.Interrupted {
		out.printf("<dt>interrupted</dt><dd>yes: the report holds what was checked</dd>\n")
	}
	out.printf("</dl></details></header>\n")
}

// commandLine is the credkit command that wrote the report, when it is
// credkit's own (its flags hold no secret); another program's is not
// shown.
func commandLine() string {
	if len(os.Args) == 0 || filepath.Base(os.Args[0]) != "credkit" {
		return ""
	}
	args := make([]string, len(os.Args))
	for i, a := range os.Args {
		args[i] = plainText(a, maxName)
	}
	args[0] = "credkit"
	return strings.Join(args, " ")
}

func writeHTMLErrors(out *errWriter, r *Report) {
	if len(r.Errors) == 0 {
		return
	}
	out.printf("<section id=\"errors\"><h2>Unreadable paths (%d)</h2><p>Each fails the run; the other files were checked.</p><ul>\n", len(r.Errors))
	for _, e := range r.Errors {
		out.printf("<li><code>%s</code>: %s</li>\n", esc(e.File), esc(oneLine(e.Err.Error())))
	}
	out.printf("</ul></section>\n")
}

// writeHTMLSpecWarnings lists the warnings of every spec that has some.
func writeHTMLSpecWarnings(out *errWriter, r *Report) {
	specs := r.specWarnings()
	if len(specs) == 0 {
		return
	}
	out.printf("<section id=\"spec-warnings\"><h2>Spec warnings (%d)</h2><p>What is wrong with these specs did not stop checking (<code>--fail-on-spec-warnings</code> refuses them).</p>\n", r.Summary.SpecWarnings)
	for _, s := range specs {
		out.printf("<h3>%s</h3><ul>\n", esc(specWarningsTitle(s)))
		for _, w := range s.Warnings {
			out.printf("<li><code>%s</code> %s</li>\n", esc(w.Path), esc(w.Message))
		}
		if s.MoreWarnings > 0 {
			out.printf("<li>… and %d more</li>\n", s.MoreWarnings)
		}
		out.printf("</ul>\n")
	}
	out.printf("</section>\n")
}

func (s *htmlSink) writeKinds(out *errWriter) {
	if len(s.kinds) == 0 {
		return
	}
	out.printf("<section id=\"kinds\"><h2>Problems by kind</h2><div class=\"scroll\"><table><thead><tr><th>kind</th><th>problems</th><th>meaning</th></tr></thead><tbody>\n")
	kinds := make([]ProblemKind, 0, len(s.kinds))
	for k := range s.kinds {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kindIndex(kinds[i]) < kindIndex(kinds[j]) })
	for _, k := range kinds {
		out.printf("<tr><td><code>%s</code></td><td>%d</td><td>%s</td></tr>\n", esc(string(k)), s.kinds[k], esc(problemKinds[kindIndex(k)].Description))
	}
	out.printf("</tbody></table></div></section>\n")
}
