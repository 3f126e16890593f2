package main

import (
	"math"
	"slices"
)

// median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// quantile is the q-quantile of xs (0 ≤ q ≤ 1), interpolated between the
// two nearest ranks (R's type 7, the default of R and NumPy); 0 for none.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// signTest is the two-sided exact sign test of "the rounds fall as often
// above the goal as below it": with below rounds under the goal and above
// rounds over it (rounds exactly at the goal are left out, as the sign
// test does), p = 2·P(X ≤ min(below, above)) for X ~ Binomial(n, ½),
// capped at 1. A small p says the side the median is on is not chance; a
// p of 1 with no rounds left says nothing.
func signTest(below, above int) float64 {
	n := below + above
	if n == 0 {
		return 1
	}
	k := min(below, above)
	// Σ_{i≤k} C(n,i) / 2^n, in logs so that large n does not overflow.
	var sum float64
	for i := 0; i <= k; i++ {
		sum += math.Exp(logChoose(n, i) - float64(n)*math.Ln2)
	}
	return min(1, 2*sum)
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
