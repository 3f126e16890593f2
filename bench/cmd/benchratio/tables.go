package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// The per-call benchmarks: BenchmarkPerCall/server=S/call=C/client=K.
var (
	servers = []string{"canned", "inproc", "child"}
	calls   = []string{"keys", "tokens", "tokens-scopes"}
	clients = []string{"unified", "generated", "okta-sdk", "floor"}
)

func perCall(server, call, client string) string {
	return "BenchmarkPerCall/server=" + server + "/call=" + call + "/client=" + client
}

const conf = "BenchmarkConformance/"

// The Ory per-call benchmarks: BenchmarkPerCallOry/server=canned/call=C/client=K,
// with Ory's official Go client (ory-sdk) as the SDK peer.
var (
	oryCalls   = []string{"list-clients", "get-client"}
	oryClients = []string{"unified", "generated", "ory-sdk"}
)

func perCallOry(call, client string) string {
	return "BenchmarkPerCallOry/server=canned/call=" + call + "/client=" + client
}

// perCallGoals are the goals on the canned transport.
func perCallGoals() []goal {
	var gs []goal
	for _, c := range calls {
		u, g, s := perCall("canned", c, "unified"), perCall("canned", c, "generated"), perCall("canned", c, "okta-sdk")
		gs = append(gs,
			goal{label: c + ": CPU time, unified ÷ okta-sdk", a: u, b: s, unit: "cpu-ns/op", max: 0.5},
			goal{label: c + ": allocs, unified ÷ okta-sdk", a: u, b: s, unit: "allocs/op", max: 0.5},
			goal{label: c + ": CPU time, unified ÷ generated", a: u, b: g, unit: "cpu-ns/op", max: 1.1},
			goal{label: c + ": allocs, unified − generated", a: u, b: g, unit: "allocs/op", diff: true, max: 5},
		)
	}
	for _, c := range oryCalls {
		u, g, s := perCallOry(c, "unified"), perCallOry(c, "generated"), perCallOry(c, "ory-sdk")
		gs = append(gs,
			goal{label: "ory " + c + ": CPU time, unified ÷ ory-sdk", a: u, b: s, unit: "cpu-ns/op", max: 0.5},
			goal{label: "ory " + c + ": allocs, unified ÷ ory-sdk", a: u, b: s, unit: "allocs/op", max: 0.5},
			goal{label: "ory " + c + ": CPU time, unified ÷ generated", a: u, b: g, unit: "cpu-ns/op", max: 1.1},
			goal{label: "ory " + c + ": allocs, unified − generated", a: u, b: g, unit: "allocs/op", diff: true, max: 5},
		)
	}
	return gs
}

var conformanceGoals = []goal{
	{label: "conformance, one interaction: CPU time, suite ÷ bare kin-openapi", a: conf + "interaction/suite", b: conf + "interaction/bare", unit: "cpu-ns/interaction", max: 1.1},
	{label: "conformance, whole corpus: CPU time, checks ÷ bare kin-openapi", a: conf + "checks", b: conf + "corpus-bare", unit: "cpu-ns/interaction", max: 1.1},
	// The second anchor: ahead of pb33f/libopenapi-validator.
	{label: "conformance, one interaction: CPU time, suite ÷ libopenapi-validator", a: conf + "interaction/suite", b: conf + "interaction/libopenapi", unit: "cpu-ns/interaction", max: 1},
	{label: "conformance, whole corpus: CPU time, checks ÷ libopenapi-validator", a: conf + "checks", b: conf + "corpus-libopenapi", unit: "cpu-ns/interaction", max: 1},
}

// bulkGoal: the achieved rate is at least this fraction of the rate the
// vendor's headers allow.
const bulkGoal = 0.95

func has(results []result, name string) bool {
	return slices.ContainsFunc(results, func(r result) bool { return r.name == name })
}

func goalTable(w io.Writer, in input) {
	var rows []paired
	for _, g := range append(perCallGoals(), conformanceGoals...) {
		if has(in.results, g.a) && has(in.results, g.b) {
			rows = append(rows, pair(in.results, g))
		}
	}
	if len(rows) == 0 && len(in.bulk) == 0 {
		return
	}
	fmt.Fprintf(w, "## Goals\n\n")
	fmt.Fprintf(w, "Per-call goals on the canned transport, conformance against bare kin-openapi. Each measure is taken per round (the two sides ran back to back) and reported as the median over the rounds, their interquartile range Q1..Q3 (the middle half of the rounds), their full range min..max, how many rounds meet the goal, and a two-sided sign test of the rounds against the bound. The verdict is decided by Q1..Q3: met when the whole middle half meets the bound, not met when none of it does, undecided when it straddles the bound.\n\n")
	fmt.Fprintf(w, "| goal | bound | median | Q1..Q3 | min..max | rounds meeting it | p (sign test vs bound) | verdict |\n|---|---|---:|---|---|---:|---:|---|\n")
	for _, p := range rows {
		v := p.verdict()
		fmt.Fprintf(w, "| %s | %s | %s | %s..%s | %s..%s | %d of %d | %s | %s |\n", p.label, p.bound(), p.format(v.median),
			p.format(v.q1), p.format(v.q3), p.format(v.lo), p.format(v.hi), v.met, v.n, pValue(v.p), v.word())
	}
	for _, b := range bulkVerdicts(in) {
		fmt.Fprintf(w, "| %s | %s | %s | | %s | %s | | %s |\n", b.label, b.bound, b.median, b.rng, b.meeting, b.word)
	}
	fmt.Fprintln(w)
}

// perCallTables prints, for one server setting, the medians of each client
// and the paired ratios of the facade to the others.
func perCallTables(w io.Writer, results []result, server string) {
	if !has(results, perCall(server, calls[0], "unified")) {
		return
	}
	fmt.Fprintf(w, "## Per call, server=%s\n\nMedians over the rounds; the ratios are the median [Q1..Q3] of the per-round ratios.\n\n", server)
	for _, unit := range []string{"cpu-ns/op", "ns/op", "allocs/op", "B/op"} {
		fmt.Fprintf(w, "| call (%s) | unified | generated | okta-sdk | floor | unified ÷ generated | unified ÷ okta-sdk | unified ÷ floor |\n", unit)
		fmt.Fprintf(w, "|---|---:|---:|---:|---:|---|---|---|\n")
		for _, c := range calls {
			if !has(results, perCall(server, c, "unified")) {
				continue
			}
			fmt.Fprintf(w, "| %s", c)
			for _, k := range clients {
				fmt.Fprintf(w, " | %s", num(median(values(results, perCall(server, c, k), unit))))
			}
			for _, other := range clients[1:] {
				g := goal{a: perCall(server, c, "unified"), b: perCall(server, c, other), unit: unit}
				fmt.Fprintf(w, " | %s", ratioCell(pair(results, g)))
			}
			fmt.Fprintln(w, " |")
		}
		fmt.Fprintln(w)
	}
}

// oryTables prints the medians of each client of the Ory calls and the
// paired ratios of the unified provider to the others.
func oryTables(w io.Writer, results []result) {
	if !slices.ContainsFunc(oryCalls, func(c string) bool { return has(results, perCallOry(c, "unified")) }) {
		return
	}
	fmt.Fprintf(w, "## Per call, Ory Hydra, server=canned\n\nMedians over the rounds; the ratios are the median [Q1..Q3] of the per-round ratios.\n\n")
	for _, unit := range []string{"cpu-ns/op", "ns/op", "allocs/op", "B/op"} {
		fmt.Fprintf(w, "| call (%s) | unified | generated | ory-sdk | unified ÷ generated | unified ÷ ory-sdk |\n", unit)
		fmt.Fprintf(w, "|---|---:|---:|---:|---|---|\n")
		for _, c := range oryCalls {
			if !has(results, perCallOry(c, "unified")) {
				continue
			}
			fmt.Fprintf(w, "| %s", c)
			for _, k := range oryClients {
				fmt.Fprintf(w, " | %s", num(median(values(results, perCallOry(c, k), unit))))
			}
			for _, other := range oryClients[1:] {
				g := goal{a: perCallOry(c, "unified"), b: perCallOry(c, other), unit: unit}
				fmt.Fprintf(w, " | %s", ratioCell(pair(results, g)))
			}
			fmt.Fprintln(w, " |")
		}
		fmt.Fprintln(w)
	}
}

// ratioCell is "median [Q1..Q3]" of the per-round values.
func ratioCell(p paired) string {
	v := p.verdict()
	if v.n == 0 {
		return "—"
	}
	return fmt.Sprintf("%s [%s..%s]", p.format(v.median), p.format(v.q1), p.format(v.q3))
}

func values(results []result, name, unit string) []float64 {
	var out []float64
	for _, r := range results {
		if v, ok := r.values[unit]; r.name == name && ok {
			out = append(out, v)
		}
	}
	return out
}

var conformanceRows = []string{"corpus", "corpus-load-bare", "checks", "corpus-bare", "corpus-libopenapi", "interaction/suite", "interaction/bare", "interaction/libopenapi", "naive"}

func conformanceTable(w io.Writer, results []result) {
	if !has(results, conf+"interaction/suite") {
		return
	}
	fmt.Fprintf(w, "## Conformance throughput\n\n| benchmark | CPU ns/interaction | ns/interaction | interactions/s | B/op | allocs/op | rounds |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, b := range conformanceRows {
		ns := values(results, conf+b, "ns/interaction")
		if len(ns) == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d |\n", b, num(median(values(results, conf+b, "cpu-ns/interaction"))), num(median(ns)),
			num(median(values(results, conf+b, "interactions/s"))), num(median(values(results, conf+b, "B/op"))), num(median(values(results, conf+b, "allocs/op"))), len(ns))
	}
	corpus := goal{label: "conformance, whole corpus: CPU time, Run ÷ (load cassettes + bare kin-openapi)", a: conf + "corpus", b: conf + "corpus-load-bare", unit: "cpu-ns/interaction"}
	fmt.Fprintf(w, "\n| comparison (paired per round) | CPU time, median [Q1..Q3] | wall time, median [Q1..Q3] |\n|---|---|---|\n")
	for _, g := range append(slices.Clone(conformanceGoals), corpus) {
		wall := g
		wall.unit = "ns/interaction"
		fmt.Fprintf(w, "| %s | %s | %s |\n", strings.Replace(g.label, "CPU time, ", "", 1), ratioCell(pair(results, g)), ratioCell(pair(results, wall)))
	}
	fmt.Fprintln(w)
}

// num prints a median with three significant digits at most.
func num(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.3gM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v == 0:
		return "0"
	default:
		return strings.TrimSuffix(fmt.Sprintf("%.3g", v), ".0")
	}
}
