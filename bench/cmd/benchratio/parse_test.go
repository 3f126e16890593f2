package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readTestdata(t *testing.T, files ...string) input {
	t.Helper()
	var in input
	for _, f := range files {
		fh, err := os.Open("testdata/" + f)
		require.NoError(t, err)
		require.NoError(t, parse(fh, f, &in))
		fh.Close()
	}
	return in
}

func TestParseFiles(t *testing.T) {
	type want struct {
		name   string
		round  int
		ns     float64
		allocs float64
	}
	tests := []struct {
		file    string
		results int
		first   want // the first result
		last    want
	}{
		// run.sh's interleaved rounds: "round: N" before each round.
		{"rounds-canned-keys.txt", 8,
			want{"BenchmarkPerCall/server=canned/call=keys/client=generated", 1, 140893, 64},
			want{"BenchmarkPerCall/server=canned/call=keys/client=generated", 2, 184784, 64}},
		// Plain -count=2: the k-th result of a name is round k.
		{"count2-canned-tokens.txt", 8,
			want{"BenchmarkPerCall/server=canned/call=tokens/client=unified", 0, 13896, 48},
			want{"BenchmarkPerCall/server=canned/call=tokens/client=floor", 1, 4780, 26}},
		{"rounds-conformance.txt", 4,
			want{"BenchmarkConformance/interaction/bare", 1, 162684, 103},
			want{"BenchmarkConformance/interaction/bare", 2, 53928, 103}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in := readTestdata(t, tt.file)
			require.Len(t, in.results, tt.results)
			for _, c := range []struct {
				got  result
				want want
			}{{in.results[0], tt.first}, {in.results[len(in.results)-1], tt.last}} {
				require.Equal(t, c.want.name, c.got.name)
				require.Equal(t, c.want.round, c.got.round)
				require.Equal(t, c.want.ns, c.got.values["ns/op"])
				require.Equal(t, c.want.allocs, c.got.values["allocs/op"])
			}
		})
	}
}

func TestParseConformanceMetrics(t *testing.T) {
	in := readTestdata(t, "rounds-conformance.txt")
	r := in.results[0]
	for _, unit := range []string{"ns/op", "interactions/s", "ns/interaction", "cpu-ns/interaction", "B/op", "allocs/op"} {
		require.Contains(t, r.values, unit)
	}
}

func TestParseBulk(t *testing.T) {
	in := readTestdata(t, "bulk-short.txt")
	require.Len(t, in.bulk, 5)
	require.Len(t, in.totals, 1)
	require.Equal(t, bulkRow{window: 3, limit: 10, phase: "begin", endpoint: "GET /api/v1/apps/{appId}/credentials/secrets",
		requests: 24, refused: 0, fraction: 0.7493}, in.bulk[0])
	require.Equal(t, bulkTotal{window: 3, limit: 10, apps: 24, requests: 120}, in.totals[0])
}

func TestParseRefusesMalformed(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"round not a number", "round: x\n", `round "x" is not a number`},
		{"negative round", "round: -1\n", "not a number of 0 or more"},
		{"value not a number", "BenchmarkA-2 \t 10 \t 1.2e ns/op\n", `value "1.2e" of ns/op is not a number`},
		{"bulk window without unit", "bulk: window=10 limit=1 phase=p requests=1 refused=0 fraction=1 endpoint=GET /\n", "window"},
		{"bulk without endpoint", "bulk: window=10s limit=1 phase=p requests=1 refused=0 fraction=1\n", "no phase or endpoint"},
		{"bulk negative count", "bulk-total: window=10s limit=1 apps=-1 requests=1 refused=0 failed=0 corrupt=0\n", "apps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parse(strings.NewReader("goos: linux\n"+tt.text), "x.txt", &input{})
			require.ErrorContains(t, err, "x.txt:2: ")
			require.ErrorContains(t, err, tt.err)
		})
	}
}

func TestParseSkipsWhatIsNotAResult(t *testing.T) {
	text := strings.Join([]string{
		"goos: linux",
		"BenchmarkA",                   // the name alone, before a failure
		"BenchmarkA-2 some log output", // a log line
		"    bench_test.go:12: BenchmarkA-2 10 5 ns/op",
		"PASS",
		"BenchmarkA-2 \t 10 \t 5.5 ns/op \t 3 allocs/op",
	}, "\n")
	var in input
	require.NoError(t, parse(strings.NewReader(text), "x", &in))
	require.Equal(t, []result{{round: 0, name: "BenchmarkA", values: map[string]float64{"ns/op": 5.5, "allocs/op": 3}}}, in.results)
}
