package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The SARIF version written, and the schema it follows.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// sarifRoot is the base of every relative URI: the folder the run was
	// started in, which is the checkout in CI.
	sarifRoot = "%SRCROOT%"
	// sarifFingerprint names the partial fingerprint of a result: the
	// file, the interaction's position and the problem's pointer, not the
	// status or the message, so a result keeps its identity when they
	// change.
	sarifFingerprint = "credkitInteraction/v1"
)

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
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
	driver, err := json.Marshal(map[string]any{
		"name": "credkit conformance", "version": sarifToolVersion(ToolVersion()), "informationUri": "https://github.com/credkit/credkit",
		"rules": sarifRules(),
	})
	if err != nil {
		s.out.err = err
		return
	}
	s.out.printf(`{"$schema":%q,"version":%q,"runs":[{"tool":{"driver":%s},"columnKind":"unicodeCodePoints","results":[`, sarifSchema, sarifVersion, driver)
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
		if res.Outcome != Fail {
			continue
		}
		for _, p := range res.Problems {
			k := p.Kind()
			s.result(sarifResult{
				RuleID: string(k), RuleIndex: kindIndex(k), Level: "error",
				Message:             sarifText{Text: operationLabel(res) + " " + res.Method + " " + res.URL + " -> " + itoa(res.Status) + ": " + p.Pointer + ": " + p.Message + "."},
				Locations:           sarifLocations(res.File, res.Line),
				PartialFingerprints: map[string]string{sarifFingerprint: fingerprint(res.File, itoa(res.Index), p.Pointer)},
				Properties: map[string]any{
					"pointer": p.Pointer, "operationId": res.OperationID, "spec": res.Spec, "index": res.Index, "status": res.Status,
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
		Message: sarifText{Text: strings.TrimSuffix(oneLine(err.Error()), ".") + "."}, Locations: sarifLocations(file, 0),
		PartialFingerprints: map[string]string{sarifFingerprint: fingerprint(file, "read")}})
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
	s.out.printf("\n]")
	if specs := r.specWarnings(); len(specs) > 0 {
		invocations, err := json.Marshal([]sarifInvocation{{ExecutionSuccessful: !r.Interrupted, ToolConfigurationNotifications: sarifSpecWarnings(specs)}})
		if err != nil {
			return err
		}
		s.out.printf(",\"invocations\":%s", invocations)
	}
	s.out.printf(",\"properties\":%s}]}\n", props)
	return s.out.err
}

// sarifInvocation is the run's invocation, which holds the notifications
// about its configuration: the specs' warnings.
type sarifInvocation struct {
	ExecutionSuccessful            bool                `json:"executionSuccessful"`
	ToolConfigurationNotifications []sarifNotification `json:"toolConfigurationNotifications"`
}

type sarifNotification struct {
	Descriptor sarifDescriptor `json:"descriptor"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties"`
}

type sarifDescriptor struct {
	ID string `json:"id"`
}

// sarifSpecWarnings is a warning notification per spec warning, at the
// spec's file when it was loaded from one.
func sarifSpecWarnings(specs []SpecCoverage) []sarifNotification {
	var out []sarifNotification
	for _, spec := range specs {
		var locs []sarifLocation
		if spec.File != "" {
			locs = []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactOf(spec.File)}}}
		}
		for _, w := range spec.Warnings {
			out = append(out, sarifNotification{Descriptor: sarifDescriptor{ID: "spec-warning"}, Level: "warning",
				Message: sarifText{Text: "spec " + spec.Name + ": " + strings.TrimSuffix(w.Path+": "+w.Message, ".") + "."}, Locations: locs,
				Properties: map[string]any{"spec": spec.Name, "path": w.Path}})
		}
		if spec.MoreWarnings > 0 {
			out = append(out, sarifNotification{Descriptor: sarifDescriptor{ID: "spec-warning"}, Level: "warning",
				Message: sarifText{Text: "spec " + spec.Name + ": " + plural(spec.MoreWarnings, "more warning is", "more warnings are") + " not listed."}, Locations: locs,
				Properties: map[string]any{"spec": spec.Name, "more": spec.MoreWarnings}})
		}
	}
	return out
}

// fingerprint is a short stable hash of parts.
func fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// sarifLocations is a file and line as code scanning wants it: a URI
// relative to the folder of the run, under uriBaseId %SRCROOT%, or an
// absolute file: URI for a file outside it.
func sarifLocations(file string, line int) []sarifLocation {
	// Code scanning wants a region: a problem with no known line is
	// shown at the start of its file.
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactOf(file), Region: &sarifRegion{StartLine: max(line, 1)}}}
	return []sarifLocation{loc}
}

func sarifArtifactOf(file string) sarifArtifact {
	if filepath.IsAbs(file) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				file = rel
			}
		}
	}
	if filepath.IsAbs(file) {
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
	}
	rel := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(file)), "./")
	return sarifArtifact{URI: (&url.URL{Path: rel}).EscapedPath(), URIBaseID: sarifRoot}
}

func itoa(n int) string { return strconv.Itoa(n) }
