// Command benchratio reads `go test -bench` output of the per-call and
// conformance benchmarks (several runs of each, as -count gives) and prints
// Markdown tables of the medians with the ratios the goals of BENCHMARKS.md
// are stated in: the unified facade against Okta's SDK and against the
// floor, and the conformance suite against bare kin-openapi calls.
//
// Usage: go run ./cmd/benchratio FILE...
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// sample key: benchmark name without the -GOMAXPROCS suffix, and unit.
type key struct{ name, unit string }

var procSuffix = regexp.MustCompile(`-\d+$`)

func main() {
	samples := map[key][]float64{}
	var order []string
	seen := map[string]bool{}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		read(f, samples, &order, seen)
		f.Close()
	}
	if len(os.Args) == 1 {
		read(os.Stdin, samples, &order, seen)
	}
	median := func(name, unit string) (float64, bool) {
		v := samples[key{name, unit}]
		if len(v) == 0 {
			return 0, false
		}
		s := slices.Clone(v)
		sort.Float64s(s)
		if len(s)%2 == 1 {
			return s[len(s)/2], true
		}
		return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
	}
	perCall(order, median, samples)
	conformance(median)
}

func read(r io.Reader, samples map[key][]float64, order *[]string, seen map[string]bool) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		if !seen[name] {
			seen[name] = true
			*order = append(*order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			samples[key{name, f[i+1]}] = append(samples[key{name, f[i+1]}], v)
		}
	}
}

var clients = []string{"unified", "generated", "okta-sdk", "floor"}

func perCall(order []string, median func(string, string) (float64, bool), samples map[key][]float64) {
	// Rows: BenchmarkPerCall/server=S/call=C, one column per client.
	var rows []string
	for _, name := range order {
		base, _, ok := strings.Cut(name, "/client=")
		if ok && strings.HasPrefix(name, "BenchmarkPerCall/") && !slices.Contains(rows, base) {
			rows = append(rows, base)
		}
	}
	if len(rows) == 0 {
		return
	}
	for _, unit := range []string{"ns/op", "B/op", "allocs/op"} {
		fmt.Printf("\n### %s (median of %d runs)\n\n", unit, len(samples[key{rows[0] + "/client=unified", unit}]))
		fmt.Printf("| server, call | unified | generated | okta-sdk | floor | unified ÷ okta-sdk | unified ÷ floor |\n")
		fmt.Printf("|---|---:|---:|---:|---:|---:|---:|\n")
		for _, row := range rows {
			vals := map[string]float64{}
			for _, c := range clients {
				vals[c], _ = median(row+"/client="+c, unit)
			}
			label := strings.NewReplacer("BenchmarkPerCall/", "", "server=", "", "/call=", ", ").Replace(row)
			fmt.Printf("| %s | %s | %s | %s | %s | %.2f× | %.2f× |\n", label,
				num(vals["unified"]), num(vals["generated"]), num(vals["okta-sdk"]), num(vals["floor"]),
				vals["unified"]/vals["okta-sdk"], vals["unified"]/vals["floor"])
		}
	}
	fmt.Printf("\n### Goals (unified facade, medians)\n\n")
	fmt.Printf("| server, call | time ÷ okta-sdk (goal ≤ 0.5×) | allocs ÷ okta-sdk (goal ≤ 0.5×) | time ÷ floor (goal ≤ 1.3×) | floor's own time ÷ okta-sdk | floor's own allocs ÷ okta-sdk |\n")
	fmt.Printf("|---|---|---|---|---:|---:|\n")
	for _, row := range rows {
		u, _ := median(row+"/client=unified", "ns/op")
		s, _ := median(row+"/client=okta-sdk", "ns/op")
		fl, _ := median(row+"/client=floor", "ns/op")
		ua, _ := median(row+"/client=unified", "allocs/op")
		sa, _ := median(row+"/client=okta-sdk", "allocs/op")
		fa, _ := median(row+"/client=floor", "allocs/op")
		label := strings.NewReplacer("BenchmarkPerCall/", "", "server=", "", "/call=", ", ").Replace(row)
		fmt.Printf("| %s | %s | %s | %s | %.2f× | %.2f× |\n", label,
			verdict(u/s, 0.5), verdict(ua/sa, 0.5), verdict(u/fl, 1.3), fl/s, fa/sa)
	}
}

func conformance(median func(string, string) (float64, bool)) {
	const p = "BenchmarkConformance/"
	if _, ok := median(p+"corpus", "ns/interaction"); !ok {
		return
	}
	fmt.Printf("\n### Conformance throughput (medians)\n\n")
	fmt.Printf("| benchmark | ns/interaction | interactions/s | B/op | allocs/op |\n|---|---:|---:|---:|---:|\n")
	for _, b := range []string{"corpus", "corpus-load-bare", "checks", "corpus-bare", "naive", "interaction/suite", "interaction/bare"} {
		ns, _ := median(p+b, "ns/interaction")
		ips, _ := median(p+b, "interactions/s")
		bop, _ := median(p+b, "B/op")
		aop, _ := median(p+b, "allocs/op")
		fmt.Printf("| %s | %s | %s | %s | %s |\n", b, num(ns), num(ips), num(bop), num(aop))
	}
	ratio := func(a, b string) float64 {
		x, _ := median(p+a, "ns/interaction")
		y, _ := median(p+b, "ns/interaction")
		return x / y
	}
	fmt.Printf("\n| comparison | ratio | goal ≤ 1.5× |\n|---|---:|---|\n")
	fmt.Printf("| one interaction: suite ÷ bare kin-openapi (the floor) | %.2f× | %s |\n", ratio("interaction/suite", "interaction/bare"), verdict(ratio("interaction/suite", "interaction/bare"), 1.5))
	fmt.Printf("| whole corpus, checks ÷ bare kin-openapi over the same interactions | %.2f× | %s |\n", ratio("checks", "corpus-bare"), verdict(ratio("checks", "corpus-bare"), 1.5))
	fmt.Printf("| whole corpus, Run ÷ (load cassettes + bare kin-openapi) | %.2f× | %s |\n", ratio("corpus", "corpus-load-bare"), verdict(ratio("corpus", "corpus-load-bare"), 1.5))
	fmt.Printf("| naive (specs loaded per cassette) ÷ Run | %.1f× | |\n", ratio("naive", "corpus"))
}

func verdict(r, goal float64) string {
	if r <= goal {
		return fmt.Sprintf("%.2f× met", r)
	}
	return fmt.Sprintf("%.2f× **not met**", r)
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
	default:
		return fmt.Sprintf("%.3g", v)
	}
}
