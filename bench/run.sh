#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md and prints the goal table.
#
# The clients of one comparison run in interleaved rounds: in each round
# every benchmark of the comparison runs once (-test.count=1, a process of
# its own), one right after the other, and the order is rotated from round
# to round, so that a noisy stretch of a shared machine falls on every
# client alike and each round gives a pair of neighbours. benchratio then
# takes every ratio per round and reports its median, its interquartile
# range (which decides the verdict), its min..max and a sign test
# (cmd/benchratio). Time is CPU time (cpu-ns/op), wall time beside it.
# Raw outputs go to bench/out/. `make bench` runs this from the repository
# root; it takes 15-16 minutes on two cores (the Ory rounds added about
# three).
#
# ROUNDS, LOOP_ROUNDS and CONF_ROUNDS set the number of rounds of the
# canned-transport, loopback and conformance comparisons; BENCHTIME,
# LOOP_BENCHTIME and CONF_BENCHTIME the -benchtime of each of their runs.
# The canned runs take 600ms each: at 200ms, one client against itself
# (A/A, the same binary twice per round) spread over 0.92..1.05 (Q1..Q3)
# on the 9 us token call, at 600ms over 0.98..1.04 (BENCHMARKS.md). The
# conformance runs take 600ms too: a pass over the corpus is 15 ms, and
# the checks against themselves spread over 0.97..1.01 at 300ms, over
# 0.98..1.00 at 900ms.
# BULK=0 skips the bulk rotation
# (about two minutes), for trying the rest. ONLY=ory runs just the Ory
# per-call rounds (unified, generated and Ory's hydra-client-go on the
# canned transport, ORY_ROUNDS of them, 30 by default) and their goal
# table, in three to five minutes. ONLY=conformance runs just the
# conformance rounds (CONF_ROUNDS of them) and their goal rows.
set -euo pipefail
cd "$(dirname "$0")"
GO=${GO:-go}
ROUNDS=${ROUNDS:-30}
LOOP_ROUNDS=${LOOP_ROUNDS:-8}
CONF_ROUNDS=${CONF_ROUNDS:-20}
BENCHTIME=${BENCHTIME:-600ms}
LOOP_BENCHTIME=${LOOP_BENCHTIME:-200ms}
CONF_BENCHTIME=${CONF_BENCHTIME:-600ms}
mkdir -p out
rm -f out/*.txt out/*.md out/*.prof
start=$(date +%s)

{
	echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "go:      $($GO version)"
	echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores online)"
	echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
	echo "kernel:  $(uname -sr)"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min, at the start)"
	echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (work tree has changes)')"
	echo "okta sdk: $(grep 'okta/okta-sdk-golang' go.mod | sed 's/^[[:space:]]*//')"
	echo "ory sdk:  $(grep 'ory/hydra-client-go' go.mod | sed 's/^[[:space:]]*//')"
} | tee out/machine.txt

# One test binary for every run, so that no round pays for a build.
$GO test -c -o out/bench.test .
BIN=out/bench.test

# rounds FILE N BENCHTIME NAME...: N rounds over the benchmarks NAME...
# (full names, "/"-separated, without the Benchmark prefix), each run once
# per round in a process of its own, the order rotated by one every round.
# Each round's results follow a "round: R" line, which benchratio reads and
# benchstat treats as a configuration key.
rounds() {
	local file=$1 n=$2 benchtime=$3
	shift 3
	local names=("$@") k=${#names[@]}
	: >"$file"
	for ((r = 1; r <= n; r++)); do
		echo "round: $r" >>"$file"
		for ((i = 0; i < k; i++)); do
			local name=${names[$(((i + r) % k))]}
			# Anchor every element of the name: -bench matches per element.
			local pattern="^Benchmark$(sed 's|/|$/^|g' <<<"$name")\$" out
			out=$($BIN -test.run '^$' -test.bench "$pattern" -test.count=1 -test.benchtime="$benchtime" -test.benchmem) ||
				{ echo "$out" >&2; echo "benchmark $name failed" >&2; exit 1; }
			grep -q '^Benchmark' <<<"$out" || { echo "benchmark $name did not run" >&2; exit 1; }
			# The goos/goarch/pkg/cpu lines too, for benchstat.
			grep -E '^(Benchmark|goos:|goarch:|pkg:|cpu:)' <<<"$out" >>"$file"
		done
		printf '\r  %s: round %d of %d' "$(basename "$file")" "$r" "$n" >&2
	done
	echo >&2
}

percall() { # percall SERVER: the names of one server setting
	local call client
	for call in keys tokens tokens-scopes; do
		for client in unified generated okta-sdk floor; do
			echo "PerCall/server=$1/call=$call/client=$client"
		done
	done
}

# ory: the Ory Hydra rounds, the three clients of a call next to each other.
ory() {
	local call
	echo
	echo "== per call, Ory Hydra, canned transport: ${ORY_ROUNDS:-$ROUNDS} rounds, -benchtime=$BENCHTIME"
	for call in list-clients get-client; do
		rounds "out/percall-ory-$call.txt" "${ORY_ROUNDS:-$ROUNDS}" "$BENCHTIME" \
			"PerCallOry/server=canned/call=$call/client=unified" \
			"PerCallOry/server=canned/call=$call/client=generated" \
			"PerCallOry/server=canned/call=$call/client=ory-sdk"
	done
}

# conformance: the conformance throughput rounds.
conformance() {
	echo
	echo "== conformance throughput: $CONF_ROUNDS rounds, -benchtime=$CONF_BENCHTIME"
	# Each comparison's pair in its own rounds, so that the two are neighbours.
	rounds out/conformance-interaction.txt "$CONF_ROUNDS" "$CONF_BENCHTIME" Conformance/interaction/suite Conformance/interaction/bare
	rounds out/conformance-checks.txt "$CONF_ROUNDS" "$CONF_BENCHTIME" Conformance/checks Conformance/corpus-bare
	rounds out/conformance-corpus.txt "$((CONF_ROUNDS / 2))" "$CONF_BENCHTIME" Conformance/corpus Conformance/corpus-load-bare
	rounds out/conformance-naive.txt 1 "$CONF_BENCHTIME" Conformance/naive
	# The second anchor, pb33f/libopenapi-validator, each pair in its own rounds.
	rounds out/conformance-libopenapi-interaction.txt "$CONF_ROUNDS" "$CONF_BENCHTIME" Conformance/interaction/suite Conformance/interaction/libopenapi
	rounds out/conformance-libopenapi-checks.txt "$((CONF_ROUNDS / 2))" "$CONF_BENCHTIME" Conformance/checks Conformance/corpus-libopenapi
}

if [ "${ONLY:-}" = conformance ]; then
	conformance
	echo
	echo "== goals and tables (out/ratios.md)"
	$GO run ./cmd/benchratio out/conformance-*.txt | tee out/ratios.md
	echo
	echo "the conformance rounds took $(($(date +%s) - start)) s"
	exit 0
fi
if [ "${ONLY:-}" = ory ]; then
	ory
	echo
	echo "== goals and tables (out/ratios.md)"
	$GO run ./cmd/benchratio out/percall-ory-*.txt | tee out/ratios.md
	echo
	echo "the Ory rounds took $(($(date +%s) - start)) s"
	exit 0
elif [ -n "${ONLY:-}" ]; then
	echo "ONLY=$ONLY: only ONLY=ory and ONLY=conformance are known" >&2
	exit 2
fi

echo
echo "== per call, canned transport (the primary table): $ROUNDS rounds, -benchtime=$BENCHTIME"
# The calls in turn, the four clients of a call next to each other.
for call in keys tokens tokens-scopes; do
	mapfile -t names < <(percall canned | grep "/call=$call/")
	rounds "out/percall-canned-$call.txt" "$ROUNDS" "$BENCHTIME" "${names[@]}"
done
ory

echo
echo "== per call, over loopback (secondary): $LOOP_ROUNDS rounds, -benchtime=$LOOP_BENCHTIME"
for server in inproc child; do
	mapfile -t names < <(percall "$server")
	rounds "out/percall-$server.txt" "$LOOP_ROUNDS" "$LOOP_BENCHTIME" "${names[@]}"
done

conformance

echo
echo "== the facade's own cost over the generated client: profiles of the canned keys and tokens calls"
# A fixed number of calls for both clients, every allocation sampled, so
# that the difference of the two allocation profiles divided by PROFILE_N is
# what the facade allocates per call above the generated client it wraps.
PROFILE_N=${PROFILE_N:-20000}
for call in keys tokens; do
	for client in unified generated; do
		$BIN -test.run '^$' -test.bench "^BenchmarkPerCall\$/^server=canned\$/^call=$call\$/^client=$client\$" -test.benchtime="${PROFILE_N}x" -test.benchmem \
			-test.cpuprofile "out/$call-$client.cpu.prof" -test.memprofile "out/$call-$client.mem.prof" -test.memprofilerate=1 >/dev/null
	done
	$GO tool pprof -top -nodecount=25 -sample_index=alloc_objects -diff_base "out/$call-generated.mem.prof" $BIN "out/$call-unified.mem.prof" \
		2>/dev/null >"out/profile-$call-allocs-over-generated.txt"
	$GO tool pprof -top -nodecount=25 -sample_index=alloc_objects $BIN "out/$call-unified.mem.prof" 2>/dev/null >"out/profile-$call-allocs.txt"
	$GO tool pprof -top -nodecount=30 $BIN "out/$call-unified.cpu.prof" 2>/dev/null >"out/profile-$call-cpu.txt"
	echo "-- $call: allocations of the facade over the generated client, counts for $PROFILE_N calls (out/profile-$call-allocs-over-generated.txt)"
	sed -n '/flat%/,$p' "out/profile-$call-allocs-over-generated.txt" | head -n 16
done

echo
echo "== credkit conformance at scale: peak RSS and interactions/s (GNU time), 500 / 10k / 50k interactions, many files and one file"
(cd .. && $GO build -o bench/out/credkit ./cmd/credkit) # in the main module, with its go.sum
$GO run ./cmd/confscale -credkit out/credkit -cassettes ../cassettes | tee out/confscale.md

echo
echo "== bulk rotation against the rate-limited Okta simulator"
if [ "${BULK:-1}" = 1 ]; then
	$BIN -test.run '^TestBulkRotation$' -bulk -test.count=1 -test.timeout 10m -test.v | tee out/bulk.txt
else
	echo "(skipped: BULK=$BULK)" | tee out/bulk.txt
fi

echo
echo "== benchstat (unpaired, for reference)"
for f in out/percall-*.txt out/conformance-*.txt; do
	$GO run golang.org/x/perf/cmd/benchstat -ignore round -col /client "$f" >"${f%.txt}.benchstat" 2>/dev/null ||
		$GO run golang.org/x/perf/cmd/benchstat -ignore round "$f" >"${f%.txt}.benchstat"
done
echo "(in out/*.benchstat)"

echo
echo "== goals and tables (out/ratios.md)"
$GO run ./cmd/benchratio out/percall-*.txt out/conformance-*.txt out/bulk.txt | tee out/ratios.md

echo
echo "make bench took $(($(date +%s) - start)) s"
