package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		got, err := ParseFormat(string(f))
		require.NoError(t, err)
		require.Equal(t, f, got)
	}
	_, err := ParseFormat("xml")
	require.EqualError(t, err, `unknown format "xml": want one of table, json, markdown, junit, github, sarif, summary, html`)
	require.Error(t, (&Report{}).Write(&bytes.Buffer{}, "xml"))
}

func render(t *testing.T, r *Report, f Format) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, f))
	return buf.String()
}

func TestWriteTable(t *testing.T) {
	out := render(t, NewReport([]*Spec{things(t)}, thingsResults(t)), Table)
	for _, want := range []string{
		"INTERACTIONS\nFAIL       204  DELETE  deleteThing                       a.yaml#0  https://h/v1/things/abc\n" +
			"    /response/body: status 204 declares no body, but the response has one\n" +
			"unmatched  200  GET     -                                 a.yaml#1  https://h/v2/other\n",
		"\nFAILURES (1)\na.yaml#0  deleteThing 204  /response/body: status 204 declares no body, but the response has one\n",
		"COVERAGE things: 2 of 8 cells covered; 3 pass, 1 fail\n",
		"OPERATION    METHOD  200  201  204  400  4XX\n",
		"listThings   GET     2    .    .    .    1\n",
		"\nTOTAL 5 interactions: 3 pass, 1 fail, 1 unmatched; 2 of 8 cells covered\nFAILED: 1 of 5 interactions fail\n",
	} {
		require.Contains(t, out, want)
	}
	require.True(t, strings.HasPrefix(out, "INTERACTIONS\n"), "the verdicts come first, as they are produced")
	require.True(t, strings.HasSuffix(out, "FAILED: 1 of 5 interactions fail\n"), "the total and the verdict come last")
}

func TestWriteJSON(t *testing.T) {
	out := render(t, NewReport([]*Spec{things(t)}, thingsResults(t)), JSON)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.ElementsMatch(t, []string{"summary", "specs", "interactions", "unmatched", "errors"}, keys(doc))
	require.Equal(t, map[string]any{"files": 0.0, "fileErrors": 0.0, "interactions": 5.0, "pass": 3.0, "fail": 1.0, "unmatched": 1.0, "cells": 8.0, "cellsCovered": 2.0}, doc["summary"])
	first := doc["interactions"].([]any)[0].(map[string]any)
	require.ElementsMatch(t, []string{"file", "index", "method", "url", "spec", "operationId", "path", "status", "response", "outcome", "problems", "excerpts"}, keys(first))
	require.Equal(t, []any{map[string]any{"pointer": "/response/body", "message": "status 204 declares no body, but the response has one"}}, first["problems"])
	op := doc["specs"].([]any)[0].(map[string]any)["operations"].([]any)[0].(map[string]any)
	require.Equal(t, map[string]any{"operationId": "listThings", "method": "GET", "path": "/things", "cells": []any{
		map[string]any{"status": "200", "interactions": 2.0}, map[string]any{"status": "4XX", "interactions": 1.0},
	}}, op)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	r := NewReport([]*Spec{things(t)}, thingsResults(t))
	for _, f := range Formats {
		require.EqualError(t, r.Write(failingWriter{}, f), "disk full", f)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestNewSinkUnknown(t *testing.T) {
	_, err := NewSink(&bytes.Buffer{}, "xml")
	require.ErrorContains(t, err, `unknown format "xml"`)
}

// TestMultiSink: every sink gets the run; a File error stops it, and
// every sink is finished.
func TestMultiSink(t *testing.T) {
	var a, b bytes.Buffer
	sa, err := NewSink(&a, SummaryOnly)
	require.NoError(t, err)
	sb, err := NewSink(&b, GitHub)
	require.NoError(t, err)
	r := goldenRun(t)
	m := MultiSink(sa, sb)
	for _, f := range r.files() {
		require.NoError(t, m.File(f))
	}
	require.NoError(t, m.Finish(r))
	require.Contains(t, a.String(), "COVERAGE things")
	require.Contains(t, b.String(), "::error file=testdata/golden/run/drift.yml,line=3")

	boom := errors.New("boom")
	fin := &cancelAfter{n: 100, cancel: func() {}}
	require.ErrorIs(t, MultiSink(failingSink{boom}, fin).File(FileResults{}), boom)
	require.ErrorIs(t, MultiSink(failingSink{boom}, fin).Finish(r), boom)
	require.True(t, fin.finished, "Finish reaches every sink")
}
