package conformance

// writeGrids writes the coverage grid of every spec: an operation ×
// documented status table whose every failing cell is marked, and a last
// column for the failures on a status the operation does not document,
// which no documented cell can show.
func (s *htmlSink) writeGrids(out *errWriter, r *Report) {
	out.printf(`<section id="coverage"><h2>Coverage</h2>
<p class="legend"><span class="pass">N</span>covered, passing <span class="fail">N ✗F</span>F interactions fail <span class="none">0</span>documented, not covered · not documented</p>
`)
	for _, spec := range r.Specs {
		out.printf("<h3 id=\"spec-%s\">%s: %d of %d cells covered; %d pass, %d fail</h3>\n", esc(spec.Name), esc(spec.Name), spec.CellsCovered, spec.Cells, spec.Pass, spec.Fail)
		columns := matrixColumns(spec)
		out.printf("<div class=\"scroll\"><table class=\"grid\" data-spec=\"%s\"><thead><tr><th>operation</th><th>method</th>", esc(spec.Name))
		for _, c := range columns {
			out.printf("<th>%s</th>", esc(c))
		}
		out.printf("<th title=\"failures on a status the operation does not document\">other</th></tr></thead><tbody>\n")
		for _, op := range spec.Operations {
			out.printf("<tr data-operation=\"%s\"><th title=\"%s\">%s</th><td>%s</td>", esc(coverageLabel(op)), esc(op.Path), esc(coverageLabel(op)), esc(op.Method))
			for _, status := range columns {
				s.writeCell(out, spec.Name, op, status)
			}
			s.writeUndocumented(out, spec.Name, op)
			out.printf("</tr>\n")
		}
		out.printf("</tbody></table></div>\n")
	}
	out.printf("</section>\n")
}

func (s *htmlSink) writeUndocumented(out *errWriter, spec string, op OperationCoverage) {
	n := s.undocumented[cellID(spec, op.Method, op.Path, "")]
	if n == 0 {
		out.printf("<td class=\"na\">·</td>")
		return
	}
	out.printf(`<td class="undocumented fail" data-status="other" data-count="0" data-failures="%d"><span class="f">✗%d</span></td>`, n, n)
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
	switch target, failed := s.firstFail[id]; {
	case failed:
		out.printf(`<a href="#i-%d">%d</a>`, target, cell.Interactions)
	case cell.Interactions > 0:
		out.printf(`<a href="#cell=%s">%d</a>`, id, cell.Interactions)
	default:
		out.printf("%d", cell.Interactions)
	}
	if cell.Failures > 0 {
		out.printf(`<span class="f">✗%d</span>`, cell.Failures)
	}
	out.printf("</td>")
}
