// Command benchratio reads the output of bench/run.sh — `go test -bench`
// results taken in interleaved rounds, each round preceded by a "round: N"
// line, and the "bulk:" lines of TestBulkRotation -bulk — and prints the
// goal table of BENCHMARKS.md and the tables behind it, in Markdown.
//
// Time is CPU time where the benchmarks report it (cpu-ns/op and
// cpu-ns/interaction: the process's user and system time over the loop),
// since other jobs on a shared machine stretch wall time, not CPU time;
// the tables show wall time too.
//
// Every comparison is paired: within a round the two benchmarks ran one
// right after the other, so their ratio (or, for allocations over the
// generated client, their difference) is taken per round. A comparison is
// reported as the median of those per-round values, their interquartile
// range Q1..Q3 (the middle half of the rounds), their full range min..max,
// the number of rounds that meet the goal and the p-value of a two-sided
// sign test of the rounds against the goal's bound. The verdict is decided
// by Q1..Q3: met when all of it meets the bound, not met when none of it
// does, undecided when it straddles the bound. Q1..Q3 rather than min..max,
// so that one round disturbed by another job cannot flip a verdict.
//
// Usage:
//
//	go run ./cmd/benchratio FILE...
//
// With no files it reads standard input.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	var in input
	if len(os.Args) == 1 {
		if err := parse(os.Stdin, "stdin", &in); err != nil {
			fail(err)
		}
	}
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fail(err)
		}
		err = parse(f, path, &in)
		f.Close()
		if err != nil {
			fail(err)
		}
	}
	if err := report(os.Stdout, in); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchratio:", err)
	os.Exit(1)
}

// report prints every table the input has data for, the goals first; it
// fails when the input has no results at all.
func report(w io.Writer, in input) error {
	if len(in.results) == 0 && len(in.bulk) == 0 {
		return fmt.Errorf("no benchmark results and no bulk rows in the input")
	}
	goalTable(w, in)
	for _, server := range servers {
		perCallTables(w, in.results, server)
	}
	oryTables(w, in.results)
	conformanceTable(w, in.results)
	bulkTable(w, in)
	return nil
}
