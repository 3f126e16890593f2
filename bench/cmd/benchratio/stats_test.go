package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1, 1, 100}, 1},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, median(tt.xs), "%v", tt.xs)
	}
}

func TestSignTest(t *testing.T) {
	tests := []struct {
		below, above int
		want         float64
	}{
		{0, 0, 1},               // nothing to test
		{5, 5, 1},               // as many on each side
		{1, 1, 1},               // 2·(¼+½) capped at 1
		{10, 0, 2.0 / 1024},     // all ten on one side
		{0, 10, 2.0 / 1024},     // symmetric
		{8, 2, 2 * 56.0 / 1024}, // 2·(C(10,0)+C(10,1)+C(10,2))/2^10
		{20, 0, 2.0 / (1 << 20)},
		{3, 0, 0.25},
	}
	for _, tt := range tests {
		require.InDelta(t, tt.want, signTest(tt.below, tt.above), 1e-12, "%d below, %d above", tt.below, tt.above)
	}
}

func TestSignTestLargeN(t *testing.T) {
	p := signTest(600, 400) // would overflow C(n,k) without logs
	require.Greater(t, p, 0.0)
	require.Less(t, p, 1e-9)
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		xs   []float64
		q    float64
		want float64
	}{
		{nil, 0.5, 0},
		{[]float64{7}, 0.25, 7},
		{[]float64{1, 2, 3, 4, 5}, 0.25, 2},
		{[]float64{5, 4, 3, 2, 1}, 0.75, 4},
		{[]float64{1, 2, 3, 4}, 0.25, 1.75}, // between ranks, as R's quantile(type=7)
		{[]float64{1, 2, 3, 4}, 0.75, 3.25},
		{[]float64{1, 2, 3, 4}, 0, 1},
		{[]float64{1, 2, 3, 4}, 1, 4},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
	}
	for _, tt := range tests {
		require.InDelta(t, tt.want, quantile(tt.xs, tt.q), 1e-12, "%v at %v", tt.xs, tt.q)
	}
}
