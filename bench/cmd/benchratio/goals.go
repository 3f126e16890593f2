package main

import (
	"fmt"
	"slices"
)

// A goal is a bound on a paired measure: ratio A÷B (or difference A−B) of
// one unit, taken within each round, where both ran back to back.
type goal struct {
	label string  // what is compared, for the table
	a, b  string  // benchmark names
	unit  string  // "ns/op", "allocs/op", "ns/interaction"...
	diff  bool    // A−B instead of A÷B
	max   float64 // the goal: the measure ≤ max
}

// paired is a goal's measure in every round that has both sides.
type paired struct {
	goal
	rounds []float64
}

// pair takes, for every round in which both a and b ran, the measure of
// that round's pair. A round with two results of one name (a rerun) uses
// the first.
func pair(results []result, g goal) paired {
	a, b := byRound(results, g.a, g.unit), byRound(results, g.b, g.unit)
	var rounds []int
	for r := range a {
		if _, ok := b[r]; ok {
			rounds = append(rounds, r)
		}
	}
	slices.Sort(rounds)
	p := paired{goal: g}
	for _, r := range rounds {
		if g.diff {
			p.rounds = append(p.rounds, a[r]-b[r])
		} else if b[r] != 0 {
			p.rounds = append(p.rounds, a[r]/b[r])
		}
	}
	return p
}

func byRound(results []result, name, unit string) map[int]float64 {
	out := map[int]float64{}
	for _, r := range results {
		v, ok := r.values[unit]
		if _, dup := out[r.round]; r.name == name && ok && !dup {
			out[r.round] = v
		}
	}
	return out
}

// verdict says where the rounds fall against the goal's bound. The range
// that decides is the interquartile range of the rounds (Q1..Q3, the
// middle half): the goal is met when Q3 meets the bound, not met when Q1
// misses it, and undecided when the middle half straddles it. A single
// round disturbed by another job cannot flip it, as it could flip a
// verdict drawn from min..max, which is reported too.
type verdict struct {
	median, q1, q3, lo, hi float64
	bound                  float64
	met, n                 int     // rounds that meet the goal, of n
	p                      float64 // sign test against the bound
}

func (p paired) verdict() verdict {
	v := verdict{n: len(p.rounds), p: 1, bound: p.max}
	if v.n == 0 {
		return v
	}
	v.median, v.lo, v.hi = median(p.rounds), slices.Min(p.rounds), slices.Max(p.rounds)
	v.q1, v.q3 = quantile(p.rounds, 0.25), quantile(p.rounds, 0.75)
	below, above := 0, 0
	for _, x := range p.rounds {
		if x <= p.max {
			v.met++
		}
		switch {
		case x < p.max:
			below++
		case x > p.max:
			above++
		}
	}
	v.p = signTest(below, above)
	return v
}

// word is the verdict: met, not met or undecided, decided by Q1..Q3.
func (v verdict) word() string {
	switch {
	case v.n == 0:
		return "no data"
	case v.q3 <= v.bound:
		return "**met**"
	case v.q1 > v.bound:
		return "**not met**"
	}
	return "**undecided**"
}

// format prints a measure: a ratio as 0.47×, a difference as +9.
func (g goal) format(x float64) string {
	if g.diff {
		return fmt.Sprintf("%+.0f", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

func (g goal) bound() string {
	if g.diff {
		return fmt.Sprintf("≤ %+.0f", g.max)
	}
	return fmt.Sprintf("≤ %.2g×", g.max)
}

// pValue prints a sign test's p.
func pValue(p float64) string {
	if p < 0.001 {
		return fmt.Sprintf("%.0e", p)
	}
	return fmt.Sprintf("%.3f", p)
}
