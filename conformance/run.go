package conformance

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoCassettes is returned by Run when its paths hold no cassette file.
var ErrNoCassettes = errors.New("no cassettes found")

// Run checks every interaction of every cassette that paths name (files, or
// directories walked for *.yaml) and reports on them against the checker's
// specs. An error means the run could not be made: a path that does not
// exist, a cassette that does not load, or no cassette at all.
func Run(c *Checker, paths ...string) (*Report, error) {
	files, err := FindCassettes(paths...)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoCassettes, strings.Join(paths, ", "))
	}
	var results []Result
	for _, file := range files {
		cas, err := LoadCassette(file)
		if err != nil {
			return nil, err
		}
		results = append(results, c.CheckCassette(cas)...)
	}
	return NewReport(c.specs, results), nil
}

// CheckCassette checks every interaction of a cassette, in order.
func (c *Checker) CheckCassette(cas *Cassette) []Result {
	out := make([]Result, 0, len(cas.Interactions))
	for i, in := range cas.Interactions {
		out = append(out, c.Check(cas.Path, i, in))
	}
	return out
}
