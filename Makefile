# Thin wrappers over the go commands; see README.md.
GO ?= go

.PHONY: all generate check-generated test stress fuzz conformance sim lint cassettes check-cassettes bench report-screenshot hydra specs-drift

all: generate test

## generate: regenerate gen/ from specs/ with the pinned oapi-codegen
generate:
	$(GO) generate ./...

## check-generated: fail if gen/ differs from what the specs generate
check-generated: generate
	@git diff --exit-code -- gen || (echo "gen/ is stale: run 'make generate' and commit the result" >&2; exit 1)
	@test -z "$$(git status --porcelain -- gen)" || (echo "gen/ has files the generator did not write or that are not committed:" >&2; git status --porcelain -- gen >&2; exit 1)

## hydra: build the pinned Ory Hydra (servers/hydra, a module of its own, so
## that go.mod stays free of Hydra's dependencies) into servers/hydra/bin/hydra,
## the real server the tests of unified/ory start; without it they skip (under
## CI they fail). The first build downloads Hydra's modules (1m06s here) and
## compiles them, SQLite's C included: 11m06s wall on this project's 2 shared
## cores under other builds (4m38s of CPU); later builds reuse Go's build
## cache (3.5s)
hydra:
	cd servers/hydra && $(GO) build -tags sqlite -o bin/hydra github.com/ory/hydra/v2

## test: every test, including the conformance suite over cassettes/
test:
	$(GO) test ./...

## stress: the storms of internal/reliability at full size (200 clients per
## vendor for the fault storm and the journaled storm, 16 per hostile
## simulator), the whole destination-failure matrix of cmd/credkit (70
## cells), 20 random kills of a real credkit per vendor row and 40 rounds of
## two credkit processes racing on one client; make test
## runs the same storms smaller (50 and 8), 14 cells and 1 kill per row
stress:
	CREDKIT_STRESS=1 $(GO) test -count=1 -timeout 30m -run '^(TestFaultStorm|TestJournalStorm|TestHostileStorm)$$' ./internal/reliability/
	CREDKIT_STRESS=1 $(GO) test -count=1 -timeout 30m -run '^(TestDestinationFailures|TestRandomKillsRecover|TestTwoProcessesRotateOneClient)$$' ./cmd/credkit/

## fuzz: run every fuzz target of the module (found by name) for FUZZTIME
## each, one after another; make test runs their seed corpora already.
## FUZZMINIMIZETIME bounds the shrinking of each new input, which would
## otherwise take most of a short run
FUZZTIME ?= 30s
FUZZMINIMIZETIME ?= 5s
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' --exclude-dir=gen --exclude-dir=bench '^func Fuzz' . | sort); do \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			pkg=./$$(dirname $${f#./}); \
			echo "== $$name ($$pkg, $(FUZZTIME))"; \
			out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) $$pkg 2>&1) || { echo "$$out"; exit 1; }; \
			echo "$$out" | grep 'execs:' | tail -n 1; \
		done; \
	done

## conformance: check cassettes/ against the bundled specs and print the coverage matrix
conformance:
	$(GO) run ./cmd/credkit conformance

## report-screenshot: the HTML conformance report of cassettes/, screenshot in
## a real browser (chromium) to docs/conformance-report.png for README.md
report-screenshot:
	mkdir -p docs
	CREDKIT_REPORT_SCREENSHOT=$(CURDIR)/docs/conformance-report.png $(GO) test ./conformance -run '^TestHTMLReportInBrowser$$' -count=1

## sim: serve the three vendor simulators on loopback, with demo clients, until Ctrl-C
sim:
	$(GO) run ./cmd/credkit sim

## bench: the benchmarks of BENCHMARKS.md (per call against Okta's SDK, conformance
## throughput, bulk rotation at a rate limit); bench/ is its own module, raw output in bench/out/
bench:
	cd bench && GO=$(GO) bash run.sh

## specs-drift: every difference between specs/ and the vendors' published
## specs pinned in specs/upstream/, each explained by ERRATA.md or a failure
specs-drift:
	$(GO) run ./specs/drift

## lint: vet, formatting, and golangci-lint as .golangci.yml configures it
## (the version pinned in tools/golangci-lint/go.mod, a module of its own so
## that none of its dependencies reach go.mod; the first run builds it,
## about 6 CPU-minutes, then go's build cache keeps it)
GOLANGCI_LINT ?= $(GO) tool -modfile=tools/golangci-lint/go.mod golangci-lint
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))" || (gofmt -l $$(git ls-files '*.go' | grep -v '^gen/') >&2; echo "gofmt needed" >&2; exit 1)
	$(GOLANGCI_LINT) run ./...

## cassettes: record every scenario anew (against the simulators, or a tenant
## whose credentials are in the environment; see README.md), and those of
## drivers tested against a real server (unified/...: Ory Hydra, built by make
## hydra), which keep a cassette whose shape is unchanged and skip without
## the server
cassettes:
	CREDKIT_RECORD=1 $(GO) test ./sim/... -run '^TestScenario' -count=1
	CREDKIT_RECORD=1 $(GO) test ./unified/... -run '^TestScenario' -count=1

## check-cassettes: recording again must reproduce the committed cassettes byte for byte
check-cassettes: cassettes
	@git diff --exit-code -- cassettes || (echo "recording changed cassettes/: recordings are not deterministic, or were not committed" >&2; exit 1)
	@test -z "$$(git status --porcelain -- cassettes)" || (echo "cassettes/ has uncommitted files:" >&2; git status --porcelain -- cassettes >&2; exit 1)
