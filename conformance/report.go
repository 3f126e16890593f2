package conformance

import (
	"fmt"
	"sort"
	"strings"
)

// Report is the outcome of a run: every verdict, and for each spec how many
// passing interactions cover each of its operations × documented statuses.
type Report struct {
	Summary Summary `json:"summary"`
	// Specs holds the coverage of every loaded spec, sorted by name, including
	// the specs that no interaction reached.
	Specs []SpecCoverage `json:"specs"`
	// Interactions holds the verdicts of the interactions that reached a
	// spec (and, when strict, those that did not), sorted by file and index.
	Interactions []Result `json:"interactions"`
	// Unmatched holds the interactions that reached no spec, kept apart: they
	// are not failures unless the checker is strict.
	Unmatched []Result `json:"unmatched"`
	// Errors holds the paths and files that could not be read (to their
	// end); each fails the run, and the other files are checked.
	Errors []FileError `json:"errors"`
	// Interrupted is true when the run was stopped before its end.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Summary counts interactions and coverage cells over all specs.
type Summary struct {
	// Files counts the recording files read, FileErrors those (and the
	// paths) that could not be read to their end.
	Files        int `json:"files"`
	FileErrors   int `json:"fileErrors"`
	Interactions int `json:"interactions"`
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Unmatched    int `json:"unmatched"`
	Cells        int `json:"cells"`
	CellsCovered int `json:"cellsCovered"`
	// SpecWarnings counts the warnings of every spec (see
	// SpecCoverage.Warnings); they do not fail the run.
	SpecWarnings int `json:"specWarnings,omitempty"`
}

// SpecCoverage is the coverage matrix of one spec.
type SpecCoverage struct {
	Name string `json:"name"`
	// File is the file the spec was loaded from, if any.
	File string `json:"file,omitempty"`
	// Warnings are the first MaxSpecWarnings of the spec's warnings: what
	// is wrong with it but did not stop checking, each with its path in
	// the spec. MoreWarnings counts the others.
	Warnings     []SpecProblem       `json:"warnings,omitempty"`
	MoreWarnings int                 `json:"moreWarnings,omitempty"`
	Pass         int                 `json:"pass"`
	Fail         int                 `json:"fail"`
	Cells        int                 `json:"cells"`
	CellsCovered int                 `json:"cellsCovered"`
	Operations   []OperationCoverage `json:"operations"`
}

// OperationCoverage is one row of a coverage matrix: an operation and its
// documented responses.
type OperationCoverage struct {
	OperationID string `json:"operationId"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Cells       []Cell `json:"cells"`
}

// Cell counts the passing interactions that hit one documented response,
// and the failing ones that reached it (a documented status whose headers
// or body are wrong). A "default" response has no cell: a status only it
// absorbs is a failure.
type Cell struct {
	Status       string `json:"status"`
	Interactions int    `json:"interactions"`
	Failures     int    `json:"failures,omitempty"`
}

// Failed reports whether the run fails: an interaction failed, a file
// could not be read, the run was interrupted, or no interaction matched
// any spec (a run that checked nothing proves nothing).
func (r *Report) Failed() bool { return len(r.Reasons()) > 0 }

// Reasons says why the run fails, one reason a line; none when it passes.
func (r *Report) Reasons() []string {
	var out []string
	s := r.Summary
	if s.Fail > 0 {
		out = append(out, fmt.Sprintf("%d of %d interactions fail", s.Fail, s.Interactions))
	}
	if s.FileErrors > 0 {
		out = append(out, plural(s.FileErrors, "path", "paths")+" could not be read")
	}
	if r.Interrupted {
		out = append(out, "the run was interrupted")
	}
	if s.Pass+s.Fail == 0 {
		out = append(out, fmt.Sprintf("no interaction matched a spec (%d unmatched): nothing was checked", s.Unmatched))
	}
	return out
}

// NewReport sorts results and builds the coverage matrix of every spec.
func NewReport(specs []*Spec, results []Result) *Report {
	sorted := append([]Result(nil), results...)
	sortResults(sorted)
	t := newRunTally()
	k := newCollector()
	for _, res := range sorted {
		t.result(res)
		_ = k.File(FileResults{Results: []Result{res}})
	}
	r := t.report(specs, nil)
	r.Interactions, r.Unmatched = k.matched, k.unmatched
	return r
}

func sortResults(rs []Result) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].File != rs[j].File {
			return rs[i].File < rs[j].File
		}
		return rs[i].Index < rs[j].Index
	})
}

// runTally counts a run as it goes: its memory is the coverage cells and the
// file errors, not the verdicts.
type runTally struct {
	summary Summary
	specs   map[string]*[2]int // pass, fail per spec
	hits    map[cellKey]*[2]int
	errors  []FileError
}

func newRunTally() *runTally {
	return &runTally{specs: map[string]*[2]int{}, hits: map[cellKey]*[2]int{}}
}

func (t *runTally) fileError(e FileError) {
	t.summary.FileErrors++
	t.errors = append(t.errors, e)
}

// file counts a part of a file's verdicts; the file itself, with its
// last part.
func (t *runTally) file(f FileResults) {
	if !f.More {
		t.summary.Files++
	}
	for _, res := range f.Results {
		t.result(res)
	}
	if f.Err != nil {
		t.fileError(FileError{File: f.File, Err: f.Err})
	}
}

func (t *runTally) result(res Result) {
	t.summary.Interactions++
	if res.Outcome == Unmatched {
		t.summary.Unmatched++
		return
	}
	i := 0
	if res.Outcome == Pass {
		t.summary.Pass++
	} else {
		t.summary.Fail++
		i = 1
	}
	if res.Spec != "" {
		counter(t.specs, res.Spec)[i]++
	}
	if res.Response != "" {
		counter(t.hits, cellOf(res))[i]++
	}
}

func counter[K comparable](m map[K]*[2]int, k K) *[2]int {
	c := m[k]
	if c == nil {
		c = &[2]int{}
		m[k] = c
	}
	return c
}

// report is the totals so far; stop is the reason the run stopped early.
func (t *runTally) report(specs []*Spec, stop error) *Report {
	r := &Report{Summary: t.summary, Interactions: []Result{}, Unmatched: []Result{}, Errors: append([]FileError{}, t.errors...), Interrupted: stop != nil}
	for _, s := range specs {
		r.Specs = append(r.Specs, t.specCoverage(s))
	}
	sort.SliceStable(r.Specs, func(i, j int) bool { return r.Specs[i].Name < r.Specs[j].Name })
	for _, s := range r.Specs {
		r.Summary.Cells += s.Cells
		r.Summary.CellsCovered += s.CellsCovered
		r.Summary.SpecWarnings += len(s.Warnings) + s.MoreWarnings
	}
	return r
}

// MaxSpecWarnings is how many warnings of one spec a report lists; it
// counts the others.
const MaxSpecWarnings = 100

// specWarnings is every spec of r that has warnings.
func (r *Report) specWarnings() []SpecCoverage {
	var out []SpecCoverage
	for _, s := range r.Specs {
		if len(s.Warnings) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// cellKey names one cell: spec, method, path template, response key.
type cellKey struct{ spec, method, path, response string }

func cellOf(res Result) cellKey {
	return cellKey{res.Spec, strings.ToUpper(res.Method), res.Path, res.Response}
}

func (t *runTally) specCoverage(s *Spec) SpecCoverage {
	cov := SpecCoverage{Name: s.Name, File: s.File, Operations: []OperationCoverage{}}
	if len(s.Warnings) > 0 {
		cov.Warnings = append([]SpecProblem(nil), s.Warnings[:min(len(s.Warnings), MaxSpecWarnings)]...)
		cov.MoreWarnings = len(s.Warnings) - len(cov.Warnings)
	}
	if c := t.specs[s.Name]; c != nil {
		cov.Pass, cov.Fail = c[0], c[1]
	}
	for _, path := range sortedPaths(s) {
		for _, method := range sortedMethods(s, path) {
			op := s.Doc.Paths.Value(path).GetOperation(method)
			row := OperationCoverage{OperationID: op.OperationID, Method: method, Path: path, Cells: []Cell{}}
			for _, key := range documentedStatuses(op.Responses.Map()) {
				cell := Cell{Status: key}
				if c := t.hits[cellKey{s.Name, method, path, key}]; c != nil {
					cell.Interactions, cell.Failures = c[0], c[1]
				}
				row.Cells = append(row.Cells, cell)
				cov.Cells++
				if cell.Interactions > 0 {
					cov.CellsCovered++
				}
			}
			cov.Operations = append(cov.Operations, row)
		}
	}
	return cov
}

func sortedPaths(s *Spec) []string {
	paths := make([]string, 0, s.Doc.Paths.Len())
	for path := range s.Doc.Paths.Map() {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	return paths
}

func sortedMethods(s *Spec, path string) []string {
	var methods []string
	for method := range s.Doc.Paths.Value(path).Operations() {
		methods = append(methods, method)
	}
	sort.Strings(methods)
	return methods
}

// documentedStatuses is the sorted response keys but "default".
func documentedStatuses[V any](responses map[string]V) []string {
	var out []string
	for key := range responses {
		if key != "default" {
			out = append(out, key)
		}
	}
	sort.Strings(out)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
