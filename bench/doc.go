// Package bench holds credkit's benchmarks against what users would
// otherwise pick. It is a module of its own so that the main module never
// depends on a competitor; see BENCHMARKS.md at the repository root.
package bench
