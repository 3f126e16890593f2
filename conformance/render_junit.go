package conformance

import (
	"bytes"
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
	XMLName   xml.Name      `xml:"testcase"`
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Skipped   *string       `xml:"skipped"`
	Error     *junitMessage `xml:"error"`
	Failure   *junitMessage `xml:"failure"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitNow is the clock of the JUnit report; tests replace it.
var junitNow = time.Now

// junitSink writes one testsuite per file once the file is checked. A
// suite's time is the time since the previous file was written (the
// reading and checking of this one); its cases share it evenly. The
// cases of a file wait, as XML, until its last part, since the suite's
// counts come first: in memory up to junitHeld bytes, then in a spool,
// so that its memory does not grow with the size of a file.
type junitSink struct {
	out     *errWriter
	started bool
	errored map[string]bool // files whose error is in their own suite
	last    time.Time
	suite   junitSuite   // the counts of the file being read
	held    bytes.Buffer // its cases, with no time yet
	spilled *spool       // and those past junitHeld
}

// junitHeld is how many bytes of a file's cases a JUnit report keeps in
// memory before it moves them to disk; tests lower it.
var junitHeld = 256 << 10

// junitTimeMark stands for a case's time until its file's time is known
// (every case of a suite shares it). Quotes in a value are escaped, so
// only the attribute itself reads so.
const (
	junitTimeMark = "credkit-time"
	junitTimeAttr = ` time="` + junitTimeMark + `"`
)

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
	s.suite.Name = f.File
	for _, res := range f.Results {
		s.hold(junitCaseOf(res))
		s.suite.Tests++
		switch res.Outcome {
		case Fail:
			s.suite.Failures++
		case Unmatched:
			s.suite.Skipped++
		}
	}
	if f.More {
		return s.out.err
	}
	if f.Err != nil {
		s.errored[f.File] = true
		s.hold(junitErrorCase(f.File, f.Err))
		s.suite.Tests++
		s.suite.Errors++
	}
	s.writeHeld()
	return s.out.err
}

// hold keeps one case of the file being read.
func (s *junitSink) hold(c junitCase) {
	c.Time = junitTimeMark
	data, err := xml.MarshalIndent(c, "    ", "  ")
	if err != nil {
		s.out.err = err
		return
	}
	s.held.WriteByte('\n')
	s.held.Write(data)
	if s.held.Len() < junitHeld {
		return
	}
	if s.spilled == nil {
		s.spilled = newSpool()
	}
	s.spilled.WriteString(s.held.String())
	s.held.Reset()
}

// writeHeld writes the suite of the file read, its cases with their time.
func (s *junitSink) writeHeld() {
	var each string
	s.suite.Time, each = s.elapsed(s.suite.Tests)
	suite := s.suite
	s.suite = junitSuite{}
	data, err := xml.MarshalIndent(suite, "  ", "  ")
	if err != nil {
		s.out.err = err
		return
	}
	if suite.Tests == 0 {
		s.out.printf("%s\n", data)
		return
	}
	open := strings.TrimSuffix(string(data), "</testsuite>")
	s.out.printf("%s", open)
	timed := func(text string) string { return strings.ReplaceAll(text, junitTimeAttr, ` time="`+each+`"`) }
	if s.spilled != nil && s.spilled.n > 0 && s.out.err == nil {
		s.out.err = s.spilled.copyLines(s.out.w, timed)
		s.spilled.reset()
	}
	s.out.printf("%s\n  </testsuite>\n", timed(s.held.String()))
	s.held.Reset()
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
	if s.spilled != nil {
		defer s.spilled.close()
	}
	s.start()
	// Paths that held no file (missing, empty) have no suite of their own.
	for _, e := range r.Errors {
		if !s.errored[e.File] {
			s.writeSuite(junitSuite{Name: e.File, Tests: 1, Errors: 1, Time: "0.000", Cases: []junitCase{junitErrorCase(e.File, e.Err)}})
		}
	}
	s.writeSpecWarnings(r)
	if reasons := r.Reasons(); r.Summary.Pass+r.Summary.Fail == 0 || r.Interrupted {
		s.writeSuite(junitSuite{Name: "credkit conformance run", Tests: 1, Failures: 1, Time: "0.000", Cases: []junitCase{{
			Name: "the run checks something and completes", Classname: "credkit.conformance.run", Time: "0.000",
			Failure: &junitMessage{Message: strings.Join(reasons, "; "), Type: "run", Text: r.Summary.String()},
		}}})
	}
	s.out.printf("</testsuites>\n")
	return s.out.err
}

// writeSpecWarnings writes a suite of the specs that have warnings: a
// passing case per spec (warnings do not fail the run), its warnings in
// its system-out, one a line.
func (s *junitSink) writeSpecWarnings(r *Report) {
	specs := r.specWarnings()
	if len(specs) == 0 {
		return
	}
	suite := junitSuite{Name: "credkit conformance spec warnings", Time: "0.000"}
	for _, spec := range specs {
		lines := make([]string, 0, len(spec.Warnings)+1)
		for _, w := range spec.Warnings {
			lines = append(lines, w.String())
		}
		if spec.MoreWarnings > 0 {
			lines = append(lines, fmt.Sprintf("... and %d more", spec.MoreWarnings))
		}
		suite.Cases = append(suite.Cases, junitCase{Name: specWarningsTitle(spec), Classname: "credkit.conformance.specs", File: spec.File,
			Time: "0.000", SystemOut: strings.Join(lines, "\n")})
		suite.Tests++
	}
	s.writeSuite(suite)
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
