// Package conformancetest holds an SDK's test traffic to the bundled
// specs: a conformance.Transport over a checker loaded once per test
// binary, which fails the test at its end on every exchange that broke
// its spec.
//
// credkit's simulator and adapter tests use it in place of each loading
// the specs and walking the results themselves; an SDK's own tests can
// use it the same way.
package conformancetest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/credkit/credkit/conformance"
)

var bundled struct {
	once    sync.Once
	checker *conformance.Checker
	err     error
}

// Checker is a checker over conformance.BundledSpecs, loaded once per test
// binary; a spec that does not load fails the test.
func Checker(t testing.TB) *conformance.Checker {
	t.Helper()
	bundled.once.Do(func() {
		specs, err := conformance.BundledSpecs()
		bundled.checker, bundled.err = conformance.NewChecker(specs, nil), err
	})
	if bundled.err != nil {
		t.Fatalf("loading the bundled specs: %v", bundled.err)
	}
	return bundled.checker
}

// Options tune Transport; nil holds every exchange to a spec, except that
// one that no spec describes (Unmatched) passes.
type Options struct {
	// Checker replaces the bundled specs' checker.
	Checker *conformance.Checker
	// Unmatched, if set, decides which exchanges that no spec describes
	// are failures too (e.g. all but those of a token endpoint outside
	// the specs); nil lets them all pass.
	Unmatched func(conformance.Result) bool
}

// Transport sends requests through base (nil: http.DefaultTransport),
// checks every exchange, and when the test ends fails it, naming each
// exchange that broke its spec (and each unmatched one o refuses).
func Transport(t testing.TB, base http.RoundTripper, o *Options) *conformance.Transport {
	t.Helper()
	var opts Options
	if o != nil {
		opts = *o
	}
	if opts.Checker == nil {
		opts.Checker = Checker(t)
	}
	tr := &conformance.Transport{Base: base, Checker: opts.Checker}
	t.Cleanup(func() {
		if bad := Failures(tr, &opts); len(bad) > 0 {
			t.Errorf("%d exchanges do not match their spec:\n  %s", len(bad), strings.Join(bad, "\n  "))
		}
	})
	return tr
}

// Failures are the exchanges of tr that broke their spec, and the
// unmatched ones o refuses, one line each.
func Failures(tr *conformance.Transport, o *Options) []string {
	out := tr.Failures()
	for _, r := range tr.Results() {
		if r.Outcome == conformance.Unmatched && o != nil && o.Unmatched != nil && o.Unmatched(r) {
			out = append(out, fmt.Sprintf("%s %s -> %d: no spec has it", r.Method, r.URL, r.Status))
		}
	}
	return out
}
