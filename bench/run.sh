#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md: per call (10 runs each, benchstat),
# conformance throughput (10 runs each, benchstat) and bulk rotation against
# the rate-limited Okta simulator. Raw outputs go to bench/out/. `make bench`
# runs this from the repository root; it takes about six minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")"
GO=${GO:-go}
COUNT=${COUNT:-10}
mkdir -p out
start=$(date +%s)

{
	echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "go:      $($GO version)"
	echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores online)"
	echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
	echo "kernel:  $(uname -sr)"
	echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (work tree has changes)')"
} | tee out/machine.txt

echo
echo "== per-call benchmarks: -count=$COUNT -benchtime=200ms"
$GO test -run '^$' -bench '^BenchmarkPerCall$' -count="$COUNT" -benchtime=200ms . | tee out/percall.txt
echo
$GO run golang.org/x/perf/cmd/benchstat -col /client out/percall.txt | tee out/percall.benchstat.txt

echo
echo "== conformance throughput: -count=$COUNT -benchtime=500ms"
$GO test -run '^$' -bench '^BenchmarkConformance$' -count="$COUNT" -benchtime=500ms . | tee out/conformance.txt
echo
$GO run golang.org/x/perf/cmd/benchstat out/conformance.txt | tee out/conformance.benchstat.txt

echo
echo "== ratios and goals"
$GO run ./cmd/benchratio out/percall.txt out/conformance.txt | tee out/ratios.md

echo
echo "== credkit conformance at scale: peak RSS and interactions/s (GNU time), 500 / 10k / 50k interactions, many files and one file"
$GO build -o out/credkit ../cmd/credkit
$GO run ./cmd/confscale -credkit out/credkit -cassettes ../cassettes | tee out/confscale.md

echo
echo "== bulk rotation against the rate-limited Okta simulator"
$GO test -run '^TestBulkRotation$' -bulk -count=1 -timeout 10m -v . | tee out/bulk.txt

echo
echo "make bench took $(( $(date +%s) - start )) s"
