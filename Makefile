# Thin wrappers over the go commands; see README.md.
GO ?= go

.PHONY: all generate check-generated test conformance lint cassettes check-cassettes

all: generate test

## generate: regenerate gen/ from specs/ with the pinned oapi-codegen
generate:
	$(GO) generate ./...

## check-generated: fail if gen/ differs from what the specs generate
check-generated: generate
	@git diff --exit-code -- gen || (echo "gen/ is stale: run 'make generate' and commit the result" >&2; exit 1)
	@test -z "$$(git status --porcelain -- gen)" || (echo "gen/ has files the generator did not write or that are not committed:" >&2; git status --porcelain -- gen >&2; exit 1)

## test: every test, including the conformance suite over cassettes/
test:
	$(GO) test ./...

## conformance: check cassettes/ against the bundled specs and print the coverage matrix
conformance:
	$(GO) run ./cmd/credkit conformance

## lint: vet and formatting
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))" || (gofmt -l $$(git ls-files '*.go' | grep -v '^gen/') >&2; echo "gofmt needed" >&2; exit 1)

## cassettes: record every scenario anew (against the simulators, or a tenant
## whose credentials are in the environment; see README.md)
cassettes:
	CREDKIT_RECORD=1 $(GO) test ./sim/... -run '^TestScenario' -count=1

## check-cassettes: recording again must reproduce the committed cassettes byte for byte
check-cassettes: cassettes
	@git diff --exit-code -- cassettes || (echo "recording changed cassettes/: recordings are not deterministic, or were not committed" >&2; exit 1)
	@test -z "$$(git status --porcelain -- cassettes)" || (echo "cassettes/ has uncommitted files:" >&2; git status --porcelain -- cassettes >&2; exit 1)
