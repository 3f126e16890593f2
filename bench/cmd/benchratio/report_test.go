package main

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReport(t *testing.T) {
	in := readTestdata(t, "rounds-canned-keys.txt", "rounds-conformance.txt", "bulk-short.txt")
	var out bytes.Buffer
	require.NoError(t, report(&out, in))
	for _, want := range []string{
		"## Goals",
		"| keys: CPU time, unified ÷ okta-sdk | ≤ 0.5× | 0.47× | 0.41×..0.52× | 0.35×..0.58× | 1 of 2 | 1.000 | **undecided** |",
		"| keys: allocs, unified ÷ okta-sdk | ≤ 0.5× | 0.51× | 0.51×..0.51× | 0.51×..0.51× | 0 of 2 | 0.500 | **not met** |",
		"| keys: allocs, unified − generated | ≤ +5 | +5 | +5..+5 | +5..+5 | 2 of 2 | 1.000 | **met** |",
		"| conformance, one interaction: CPU time, suite ÷ bare kin-openapi | ≤ 1.1× | 0.84× | 0.79×..0.88× | 0.75×..0.92× | 2 of 2 | 0.500 | **met** |",
		// 0.7493 ÷ (3/4) = 0.999 on two endpoints, 0.6004 ÷ (3/4) = 0.801
		// on another: the short run's finish is not saturated throughout.
		"| bulk, 10 per 3s: achieved ÷ header-allowed rate (ceiling 0.750 of 10/3s) | ≥ 0.95 | 0.998 | | 0.801..0.999 | 3 of 5 phases × endpoints | | **undecided** |",
		"| bulk, 10 per 3s: failed rotations, apps left wrong, 429s | 0, 0, 0 | 0, 0, 0 | |  | of 24 apps, 120 requests | | **met** |",
		"## Per call, server=canned",
		// The median of the per-round ratios, not the ratio of the medians
		// (47k ÷ 109k = 0.43×).
		"| keys | 47k | 61k | 109k | 40k | 0.79× [0.76×..0.81×] | 0.47× [0.41×..0.52×] | 1.23× [1.11×..1.34×] |",
		"| keys | 69 | 64 | 136 | 39 | 1.08× [1.08×..1.08×] | 0.51× [0.51×..0.51×] | 1.77× [1.77×..1.77×] |",
		"## Conformance throughput",
		"| interaction/suite | 51k | 59k | 17k | 15k | 128 | 2 |",
		"| conformance, one interaction: suite ÷ bare kin-openapi | 0.84× [0.79×..0.88×] | 0.79× [0.55×..1.04×] |",
		"## Bulk rotation",
		"| 10 per 3s | begin | `GET /api/v1/apps/{appId}/credentials/secrets` | 24 | 0 | 0.749 | 0.750 | 0.999 |",
	} {
		require.Contains(t, out.String(), want)
	}
	// No tokens rows: the input has none.
	require.NotContains(t, out.String(), "tokens: CPU time")
	require.NotContains(t, out.String(), "| tokens |")
}

func TestReportRefusesEmptyInput(t *testing.T) {
	require.ErrorContains(t, report(&bytes.Buffer{}, input{}), "no benchmark results")
}

func TestBulkVerdicts(t *testing.T) {
	tests := []struct {
		name      string
		fractions []float64
		total     bulkTotal
		rate      string
		fails     string
	}{
		{"at the ceiling", []float64{0.908, 0.909}, bulkTotal{window: 10, limit: 100}, "**met**", "**met**"},
		{"under it", []float64{0.8, 0.85}, bulkTotal{window: 10, limit: 100}, "**not met**", "**met**"},
		{"one endpoint under it", []float64{0.8, 0.909}, bulkTotal{window: 10, limit: 100}, "**undecided**", "**met**"},
		{"a 429", []float64{0.909}, bulkTotal{window: 10, limit: 100, refused: 1}, "**met**", "**not met**"},
		{"a failed rotation", []float64{0.909}, bulkTotal{window: 10, limit: 100, failed: 1}, "**met**", "**not met**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input{totals: []bulkTotal{tt.total}}
			for _, f := range tt.fractions {
				in.bulk = append(in.bulk, bulkRow{window: 10, limit: 100, phase: "begin", endpoint: "GET /x", fraction: f})
			}
			// Rows of another setting do not count.
			in.bulk = append(in.bulk, bulkRow{window: 20, limit: 200, phase: "begin", endpoint: "GET /x", fraction: 0.1})
			lines := bulkVerdicts(in)
			require.Len(t, lines, 2)
			require.Equal(t, tt.rate, lines[0].word)
			require.Contains(t, lines[0].meeting, fmt.Sprintf("of %d phases × endpoints", len(tt.fractions)))
			require.Equal(t, tt.fails, lines[1].word)
		})
	}
}

func TestCeiling(t *testing.T) {
	require.InDelta(t, 10.0/11, ceiling(10), 1e-12)
	require.InDelta(t, 20.0/21, ceiling(20), 1e-12)
	require.InDelta(t, 60.0/61, ceiling(60), 1e-12)
}

// TestReportOry: the Ory rows (two rounds of the canned read, from a real
// ONLY=ory run) give their goals against Ory's client and their own table.
func TestReportOry(t *testing.T) {
	in := readTestdata(t, "rounds-ory-get-client.txt")
	var out bytes.Buffer
	require.NoError(t, report(&out, in))
	for _, want := range []string{
		"| ory get-client: allocs, unified ÷ ory-sdk | ≤ 0.5× | 0.57× |",
		"| ory get-client: allocs, unified − generated | ≤ +5 | +9 |",
		"| ory get-client: CPU time, unified ÷ ory-sdk | ≤ 0.5× |",
		"## Per call, Ory Hydra, server=canned",
		"| call (allocs/op) | unified | generated | ory-sdk | unified ÷ generated | unified ÷ ory-sdk |",
		"| get-client | 140 | 131 | 245 | 1.07× [1.07×..1.07×] | 0.57× [0.57×..0.57×] |",
	} {
		require.Contains(t, out.String(), want)
	}
	require.NotContains(t, out.String(), "list-clients")
	require.NotContains(t, out.String(), "## Per call, server=canned")
}
