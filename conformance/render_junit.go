package conformance

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"
)

type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

// junitCase is one interaction. Its identity (classname, name) is its file
// and position, never its status or outcome, so that CI history follows
// a test across a regression; file and line say where it is recorded.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Skipped   *string       `xml:"skipped"`
	Error     *junitMessage `xml:"error"`
	Failure   *junitMessage `xml:"failure"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitNow is the clock of the JUnit report; tests replace it.
var junitNow = time.Now

// junitSink writes one testsuite per file as soon as the file is checked.
// A suite's time is the time since the previous file was written (the
// reading and checking of this one); its cases share it evenly.
type junitSink struct {
	out     *errWriter
	started bool
	errored map[string]bool // files whose error is in their own suite
	last    time.Time
}

func newJUnitSink(w io.Writer) *junitSink {
	return &junitSink{out: &errWriter{w: w}, errored: map[string]bool{}, last: junitNow()}
}

// elapsed is the time since the previous call, in seconds, and the share
// of each of n cases.
func (s *junitSink) elapsed(n int) (suite, each string) {
	now := junitNow()
	d := now.Sub(s.last).Seconds()
	s.last = now
	return fmt.Sprintf("%.3f", d), fmt.Sprintf("%.3f", d/float64(max(n, 1)))
}

func (s *junitSink) start() {
	if !s.started {
		s.started = true
		s.out.printf("%s<testsuites name=\"credkit conformance\">\n", xml.Header)
	}
}

func (s *junitSink) File(f FileResults) error {
	s.start()
	suite := junitSuite{Name: f.File}
	n := len(f.Results)
	if f.Err != nil {
		n++
	}
	var each string
	suite.Time, each = s.elapsed(n)
	for _, res := range f.Results {
		c := junitCaseOf(res)
		c.Time = each
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		switch res.Outcome {
		case Fail:
			suite.Failures++
		case Unmatched:
			suite.Skipped++
		}
	}
	if f.Err != nil {
		s.errored[f.File] = true
		c := junitErrorCase(f.File, f.Err)
		c.Time = each
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		suite.Errors++
	}
	s.writeSuite(suite)
	return s.out.err
}

func (s *junitSink) writeSuite(suite junitSuite) {
	data, err := xml.MarshalIndent(suite, "  ", "  ")
	if err != nil {
		s.out.err = err
		return
	}
	s.out.printf("%s\n", data)
}

func (s *junitSink) Finish(r *Report) error {
	s.start()
	// Paths that held no file (missing, empty) have no suite of their own.
	for _, e := range r.Errors {
		if !s.errored[e.File] {
			s.writeSuite(junitSuite{Name: e.File, Tests: 1, Errors: 1, Time: "0.000", Cases: []junitCase{junitErrorCase(e.File, e.Err)}})
		}
	}
	if reasons := r.Reasons(); r.Summary.Pass+r.Summary.Fail == 0 || r.Interrupted {
		s.writeSuite(junitSuite{Name: "credkit conformance run", Tests: 1, Failures: 1, Time: "0.000", Cases: []junitCase{{
			Name: "the run checks something and completes", Classname: "credkit.conformance.run", Time: "0.000",
			Failure: &junitMessage{Message: strings.Join(reasons, "; "), Type: "run", Text: r.Summary.String()},
		}}})
	}
	s.out.printf("</testsuites>\n")
	return s.out.err
}

func junitCaseOf(res Result) junitCase {
	label := operationLabel(res)
	if label == "-" {
		label = res.Method + " " + urlPath(res.URL)
	}
	c := junitCase{
		Name:      fmt.Sprintf("#%d %s", res.Index, label),
		Classname: junitClassname(res.File),
		File:      res.File,
		Line:      res.Line,
	}
	switch res.Outcome {
	case Fail:
		first := res.Problems[0]
		c.Failure = &junitMessage{Message: first.Pointer + ": " + first.Message, Type: string(first.Kind()), Text: problemsText(res)}
	case Unmatched:
		why := "no loaded spec has this path: " + res.Method + " " + res.URL
		c.Skipped = &why
	}
	return c
}

// junitClassname is a file as a class: its path without the extension,
// folders joined by dots, so that a test reporter's tree follows the
// folders (cassettes/okta/apps.yaml is cassettes.okta.apps).
func junitClassname(file string) string {
	file = filepath.ToSlash(filepath.Clean(file))
	file = strings.TrimSuffix(file, path.Ext(file))
	return strings.ReplaceAll(strings.TrimLeft(file, "./"), "/", ".")
}

func junitErrorCase(file string, err error) junitCase {
	return junitCase{Name: "read " + file, Classname: junitClassname(file), File: file,
		Error: &junitMessage{Message: oneLine(err.Error()), Type: string(ProblemKind("unreadable-file"))}}
}

func specLabel(res Result) string {
	if res.Spec == "" {
		return "unmatched"
	}
	return res.Spec
}

// problemsText is a failing verdict in a few lines: the exchange, then
// each problem.
func problemsText(res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s -> %d (%s) at %s", res.Method, res.URL, res.Status, operationLabel(res), location(res))
	if res.Line > 0 {
		fmt.Fprintf(&b, ", line %d", res.Line)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "\n%s: %s", p.Pointer, p.Message)
	}
	return b.String()
}

// urlPath is the path of a URL, or the URL when it does not parse.
func urlPath(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Path != "" {
		return u.Path
	}
	return raw
}
