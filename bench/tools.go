//go:build tools

package bench

// The pinned tools of the benchmarks: "go run golang.org/x/perf/cmd/benchstat"
// uses the version in go.mod, never a newer one fetched at run time.
import _ "golang.org/x/perf/cmd/benchstat"
