package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func res(round int, name string, v float64) result {
	return result{round: round, name: name, values: map[string]float64{"ns/op": v}}
}

func TestPair(t *testing.T) {
	tests := []struct {
		name    string
		results []result
		diff    bool
		want    []float64
	}{
		{"ratio per round", []result{res(1, "A", 10), res(1, "B", 20), res(2, "B", 10), res(2, "A", 30)}, false, []float64{0.5, 3}},
		{"difference per round", []result{res(1, "A", 10), res(1, "B", 20), res(2, "B", 10), res(2, "A", 30)}, true, []float64{-10, 20}},
		{"a round with one side only is left out", []result{res(1, "A", 10), res(2, "A", 10), res(2, "B", 5)}, false, []float64{2}},
		{"a rerun in a round: the first counts", []result{res(1, "A", 10), res(1, "A", 99), res(1, "B", 5)}, false, []float64{2}},
		{"a zero denominator is left out", []result{res(1, "A", 10), res(1, "B", 0)}, false, nil},
		{"rounds in order", []result{res(3, "A", 3), res(3, "B", 1), res(1, "A", 1), res(1, "B", 1)}, false, []float64{1, 3}},
		{"other units do not pair", []result{res(1, "A", 1), {round: 1, name: "B", values: map[string]float64{"B/op": 1}}}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pair(tt.results, goal{a: "A", b: "B", unit: "ns/op", diff: tt.diff})
			require.Equal(t, tt.want, p.rounds)
		})
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		name   string
		rounds []float64
		max    float64
		want   verdict
		word   string
	}{
		{"every round meets it", []float64{0.4, 0.45, 0.3}, 0.5,
			verdict{median: 0.4, q1: 0.35, q3: 0.425, lo: 0.3, hi: 0.45, met: 3, n: 3, p: 0.25}, "**met**"},
		{"none does", []float64{0.6, 0.7}, 0.5,
			verdict{median: 0.65, q1: 0.625, q3: 0.675, lo: 0.6, hi: 0.7, met: 0, n: 2, p: 0.5}, "**not met**"},
		{"the middle half straddles the bound", []float64{0.4, 0.6, 0.45, 0.55}, 0.5,
			verdict{median: 0.5, q1: 0.4375, q3: 0.5625, lo: 0.4, hi: 0.6, met: 2, n: 4, p: 1}, "**undecided**"},
		{"one wild round does not decide", []float64{0.4, 0.41, 0.42, 0.43, 3}, 0.5,
			verdict{median: 0.42, q1: 0.41, q3: 0.43, lo: 0.4, hi: 3, met: 4, n: 5, p: 0.375}, "**met**"},
		{"at the bound meets it, and is no evidence either way", []float64{5, 5}, 5,
			verdict{median: 5, q1: 5, q3: 5, lo: 5, hi: 5, met: 2, n: 2, p: 1}, "**met**"},
		{"no rounds", nil, 1, verdict{p: 1}, "no data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := paired{goal: goal{max: tt.max}, rounds: tt.rounds}.verdict()
			require.Equal(t, tt.word, v.word())
			for name, pair := range map[string][2]float64{"median": {tt.want.median, v.median}, "q1": {tt.want.q1, v.q1},
				"q3": {tt.want.q3, v.q3}, "p": {tt.want.p, v.p}} {
				require.InDelta(t, pair[0], pair[1], 1e-12, name)
			}
			tt.want.bound = tt.max
			tt.want.median, tt.want.q1, tt.want.q3, tt.want.p = v.median, v.q1, v.q3, v.p
			require.Equal(t, tt.want, v)
		})
	}
}

func TestGoalFormat(t *testing.T) {
	require.Equal(t, "0.47×", goal{}.format(0.4712))
	require.Equal(t, "≤ 0.5×", goal{max: 0.5}.bound())
	require.Equal(t, "+9", goal{diff: true}.format(9))
	require.Equal(t, "-2", goal{diff: true}.format(-2))
	require.Equal(t, "≤ +5", goal{diff: true, max: 5}.bound())
}

// TestPairedFromRealOutput pairs the interleaved rounds of testdata: the
// facade and the generated client of round 1 and of round 2.
func TestPairedFromRealOutput(t *testing.T) {
	in := readTestdata(t, "rounds-canned-keys.txt")
	u, g, s := perCall("canned", "keys", "unified"), perCall("canned", "keys", "generated"), perCall("canned", "keys", "okta-sdk")
	p := pair(in.results, goal{a: u, b: g, unit: "cpu-ns/op", max: 1.1})
	require.InDeltaSlice(t, []float64{46478.0 / 55144, 48444.0 / 66455}, p.rounds, 1e-12)
	require.Equal(t, "**met**", p.verdict().word())
	// Against Okta's SDK: 0.58× in round 1, 0.35× in round 2.
	p = pair(in.results, goal{a: u, b: s, unit: "cpu-ns/op", max: 0.5})
	require.InDeltaSlice(t, []float64{46478.0 / 80323, 48444.0 / 136770}, p.rounds, 1e-12)
	require.Equal(t, "**undecided**", p.verdict().word(), "Q1..Q3 is 0.41..0.52")
	d := pair(in.results, goal{a: u, b: g, unit: "allocs/op", diff: true, max: 5})
	require.Equal(t, []float64{5, 5}, d.rounds)
}
