package main

import (
	"fmt"
	"io"
	"slices"
)

// ceiling is the best fraction of limit/window a client can reach when the
// vendor states its window's end in whole seconds and its clock in whole
// seconds: each window of W seconds costs W+1 (BENCHMARKS.md, section 3).
func ceiling(window float64) float64 { return window / (window + 1) }

// bulkLine is a goal row of the bulk rotation.
type bulkLine struct {
	label, bound, median, rng, meeting, word string
}

// bulkVerdicts: per setting, the achieved fraction of the rate the
// headers allow (limit/window × W/(W+1)) over every phase and endpoint,
// and the failures and 429s of the whole run.
func bulkVerdicts(in input) []bulkLine {
	var out []bulkLine
	for _, t := range in.totals {
		var of []float64
		for _, r := range in.bulk {
			if r.window == t.window && r.limit == t.limit {
				of = append(of, r.fraction/ceiling(t.window))
			}
		}
		label := fmt.Sprintf("bulk, %d per %gs: achieved ÷ header-allowed rate (ceiling %.3f of %d/%gs)", t.limit, t.window, ceiling(t.window), t.limit, t.window)
		line := bulkLine{label: label, bound: fmt.Sprintf("≥ %.2f", bulkGoal), word: "no data"}
		if len(of) > 0 {
			lo, hi := slices.Min(of), slices.Max(of)
			meeting := 0
			for _, f := range of {
				if f >= bulkGoal {
					meeting++
				}
			}
			line.median, line.rng = fmt.Sprintf("%.3f", median(of)), fmt.Sprintf("%.3f..%.3f", lo, hi)
			line.meeting = fmt.Sprintf("%d of %d phases × endpoints", meeting, len(of))
			switch meeting {
			case len(of):
				line.word = "**met**"
			case 0:
				line.word = "**not met**"
			default:
				line.word = "**undecided**"
			}
		}
		fails := bulkLine{label: fmt.Sprintf("bulk, %d per %gs: failed rotations, apps left wrong, 429s", t.limit, t.window), bound: "0, 0, 0",
			median: fmt.Sprintf("%d, %d, %d", t.failed, t.corrupt, t.refused), meeting: fmt.Sprintf("of %d apps, %d requests", t.apps, t.requests), word: "**met**"}
		if t.failed+t.corrupt+t.refused > 0 {
			fails.word = "**not met**"
		}
		out = append(out, line, fails)
	}
	return out
}

func bulkTable(w io.Writer, in input) {
	if len(in.bulk) == 0 {
		return
	}
	fmt.Fprintf(w, "## Bulk rotation\n\n| setting | phase | endpoint | requests | 429s | achieved ÷ limit/window | ceiling W÷(W+1) | achieved ÷ ceiling |\n|---|---|---|---:|---:|---:|---:|---:|\n")
	for _, r := range in.bulk {
		fmt.Fprintf(w, "| %d per %gs | %s | `%s` | %d | %d | %.3f | %.3f | %.3f |\n", r.limit, r.window, r.phase, r.endpoint, r.requests, r.refused, r.fraction, ceiling(r.window), r.fraction/ceiling(r.window))
	}
	fmt.Fprintln(w)
}
