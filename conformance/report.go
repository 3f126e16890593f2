package conformance

import (
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
}

// Summary counts interactions and coverage cells over all specs.
type Summary struct {
	Interactions int `json:"interactions"`
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Unmatched    int `json:"unmatched"`
	Cells        int `json:"cells"`
	CellsCovered int `json:"cellsCovered"`
}

// SpecCoverage is the coverage matrix of one spec.
type SpecCoverage struct {
	Name         string              `json:"name"`
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

// Cell counts the passing interactions that hit one documented response.
// A "default" response has no cell: a status only it absorbs is a failure.
type Cell struct {
	Status       string `json:"status"`
	Interactions int    `json:"interactions"`
}

// Failed reports whether any interaction failed.
func (r *Report) Failed() bool { return r.Summary.Fail > 0 }

// NewReport sorts results and builds the coverage matrix of every spec.
func NewReport(specs []*Spec, results []Result) *Report {
	r := &Report{Interactions: []Result{}, Unmatched: []Result{}}
	sorted := append([]Result(nil), results...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].File != sorted[j].File {
			return sorted[i].File < sorted[j].File
		}
		return sorted[i].Index < sorted[j].Index
	})
	for _, res := range sorted {
		r.count(res)
	}
	hits := cellHits(sorted)
	for _, s := range specs {
		r.Specs = append(r.Specs, specCoverage(s, sorted, hits))
	}
	sort.SliceStable(r.Specs, func(i, j int) bool { return r.Specs[i].Name < r.Specs[j].Name })
	for _, s := range r.Specs {
		r.Summary.Cells += s.Cells
		r.Summary.CellsCovered += s.CellsCovered
	}
	return r
}

func (r *Report) count(res Result) {
	r.Summary.Interactions++
	switch res.Outcome {
	case Unmatched:
		r.Summary.Unmatched++
		r.Unmatched = append(r.Unmatched, res)
		return
	case Pass:
		r.Summary.Pass++
	default:
		r.Summary.Fail++
	}
	r.Interactions = append(r.Interactions, res)
}

// cellKey names one cell: spec, method, path template, response key.
type cellKey struct{ spec, method, path, response string }

func cellHits(results []Result) map[cellKey]int {
	hits := map[cellKey]int{}
	for _, res := range results {
		if res.Outcome == Pass && res.Response != "" {
			hits[cellKey{res.Spec, strings.ToUpper(res.Method), res.Path, res.Response}]++
		}
	}
	return hits
}

func specCoverage(s *Spec, results []Result, hits map[cellKey]int) SpecCoverage {
	cov := SpecCoverage{Name: s.Name, Operations: []OperationCoverage{}}
	for _, res := range results {
		switch {
		case res.Spec != s.Name:
		case res.Outcome == Pass:
			cov.Pass++
		case res.Outcome == Fail:
			cov.Fail++
		}
	}
	for _, path := range sortedPaths(s) {
		for _, method := range sortedMethods(s, path) {
			op := s.Doc.Paths.Value(path).GetOperation(method)
			row := OperationCoverage{OperationID: op.OperationID, Method: method, Path: path, Cells: []Cell{}}
			for _, key := range documentedStatuses(op.Responses.Map()) {
				n := hits[cellKey{s.Name, method, path, key}]
				row.Cells = append(row.Cells, Cell{Status: key, Interactions: n})
				cov.Cells++
				if n > 0 {
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
