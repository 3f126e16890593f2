package conformance

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
)

type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Skipped   *string       `xml:"skipped"`
	Error     *junitMessage `xml:"error"`
	Failure   *junitMessage `xml:"failure"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitSink writes one testsuite per file as soon as the file is checked.
type junitSink struct {
	out     *errWriter
	started bool
	errored map[string]bool // files whose error is in their own suite
}

func newJUnitSink(w io.Writer) *junitSink {
	return &junitSink{out: &errWriter{w: w}, errored: map[string]bool{}}
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
	for _, res := range f.Results {
		suite.Cases = append(suite.Cases, junitCaseOf(res))
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
		suite.Cases = append(suite.Cases, junitErrorCase(f.File, f.Err))
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
			s.writeSuite(junitSuite{Name: e.File, Tests: 1, Errors: 1, Cases: []junitCase{junitErrorCase(e.File, e.Err)}})
		}
	}
	if reasons := r.Reasons(); r.Summary.Pass+r.Summary.Fail == 0 || r.Interrupted {
		s.writeSuite(junitSuite{Name: "credkit conformance run", Tests: 1, Failures: 1, Cases: []junitCase{{
			Name: "the run checks something and completes", Classname: "credkit.conformance.run",
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
		Name:      fmt.Sprintf("%s %d #%d", label, res.Status, res.Index),
		Classname: "credkit.conformance." + specLabel(res),
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

func junitErrorCase(file string, err error) junitCase {
	return junitCase{Name: "read " + file, Classname: "credkit.conformance.files",
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
