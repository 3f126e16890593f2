package conformance

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
)

// The SARIF version written, and the schema it follows.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
	Region *struct {
		StartLine int `json:"startLine"`
	} `json:"region,omitempty"`
}

// sarifSink writes one SARIF run: the rules (one per problem kind) first,
// then one result per problem as it is produced.
type sarifSink struct {
	out     *errWriter
	started bool
	first   bool
	errored map[string]bool
}

func newSARIFSink(w io.Writer) *sarifSink {
	return &sarifSink{out: &errWriter{w: w}, first: true, errored: map[string]bool{}}
}

func (s *sarifSink) start() {
	if s.started {
		return
	}
	s.started = true
	type rule struct {
		ID               string    `json:"id"`
		Name             string    `json:"name"`
		ShortDescription sarifText `json:"shortDescription"`
	}
	rules := make([]rule, len(problemKinds))
	for i, k := range problemKinds {
		rules[i] = rule{ID: string(k.Kind), Name: string(k.Kind), ShortDescription: sarifText{k.Description}}
	}
	driver, err := json.Marshal(map[string]any{
		"name": "credkit conformance", "informationUri": "https://github.com/credkit/credkit", "rules": rules,
	})
	if err != nil {
		s.out.err = err
		return
	}
	s.out.printf(`{"$schema":%q,"version":%q,"runs":[{"tool":{"driver":%s},"results":[`, sarifSchema, sarifVersion, driver)
}

func (s *sarifSink) result(r sarifResult) {
	data, err := json.Marshal(r)
	if err != nil {
		s.out.err = err
		return
	}
	if !s.first {
		s.out.printf(",")
	}
	s.first = false
	s.out.printf("\n%s", data)
}

func (s *sarifSink) File(f FileResults) error {
	s.start()
	for _, res := range f.Results {
		for _, p := range res.Problems {
			if res.Outcome != Fail {
				break
			}
			k := p.Kind()
			s.result(sarifResult{
				RuleID: string(k), RuleIndex: kindIndex(k), Level: "error",
				Message:   sarifText{operationLabel(res) + " " + res.Method + " " + res.URL + " -> " + itoa(res.Status) + ": " + p.Pointer + ": " + p.Message},
				Locations: sarifLocations(res.File, res.Line),
				Properties: map[string]any{
					"pointer": p.Pointer, "operationId": res.OperationID, "spec": res.Spec, "index": res.Index,
				},
			})
		}
	}
	if f.Err != nil {
		s.errored[f.File] = true
		s.fileError(f.File, f.Err)
	}
	return s.out.err
}

func (s *sarifSink) fileError(file string, err error) {
	k := ProblemKind("unreadable-file")
	s.result(sarifResult{RuleID: string(k), RuleIndex: kindIndex(k), Level: "error",
		Message: sarifText{oneLine(err.Error())}, Locations: sarifLocations(file, 0)})
}

func (s *sarifSink) Finish(r *Report) error {
	s.start()
	for _, e := range r.Errors {
		if !s.errored[e.File] {
			s.fileError(e.File, e.Err)
		}
	}
	props, err := json.Marshal(map[string]any{"summary": r.Summary, "interrupted": r.Interrupted, "failed": r.Failed(), "reasons": r.Reasons()})
	if err != nil {
		return err
	}
	s.out.printf("\n],\"properties\":%s}]}\n", props)
	return s.out.err
}

func sarifLocations(file string, line int) []sarifLocation {
	var loc sarifLocation
	loc.PhysicalLocation.ArtifactLocation.URI = (&url.URL{Path: filepath.ToSlash(file)}).String()
	if line > 0 {
		loc.PhysicalLocation.Region = &struct {
			StartLine int `json:"startLine"`
		}{line}
	}
	return []sarifLocation{loc}
}

func itoa(n int) string { return strconv.Itoa(n) }
