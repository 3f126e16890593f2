package conformance

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// maxAnnotations is how many error annotations GitHub shows for a step;
// it drops the others.
const maxAnnotations = 10

// githubSink writes GitHub Actions workflow commands once the run ends:
// the totals first, then at most maxAnnotations error annotations, the
// run's verdict and the problems that matter most (annotationPicker), at
// their line in their recording file, then a notice of how many were left
// out. When $GITHUB_STEP_SUMMARY names a file, it appends the Markdown
// report (without the table of every verdict) to it, cut to GitHub's
// limit of a summary.
type githubSink struct {
	w       *errWriter
	pick    *annotationPicker
	summary *markdownSink // nil without $GITHUB_STEP_SUMMARY
	path    string
}

func newGitHubSink(w io.Writer) *githubSink {
	s := &githubSink{w: &errWriter{w: w}, pick: newAnnotationPicker()}
	if s.path = os.Getenv("GITHUB_STEP_SUMMARY"); s.path != "" {
		s.summary = newMarkdownSink(nil)
		s.summary.noRows = true
	}
	return s
}

func (s *githubSink) File(f FileResults) error {
	for _, res := range f.Results {
		if res.Outcome == Fail {
			s.pick.failure(res)
		}
	}
	if f.Err != nil {
		s.pick.fileError(FileError{File: f.File, Err: f.Err})
	}
	if s.summary != nil {
		return s.summary.File(f)
	}
	return nil
}

func (s *githubSink) Finish(r *Report) error {
	for _, e := range r.Errors {
		s.pick.fileError(e)
	}
	s.w.printf("%s\n", r.Summary)
	budget := maxAnnotations
	if reasons := r.Reasons(); len(reasons) > 0 {
		s.w.printf("::error title=credkit conformance::%s\n", githubData("FAILED: "+strings.Join(reasons, "; ")))
		budget--
	}
	chosen, left := s.pick.choose(budget)
	for _, a := range chosen {
		s.w.printf("::error %s::%s\n", githubProperties(a.file, a.line, a.title), githubData(a.text))
	}
	if left > 0 {
		s.w.printf("::notice title=credkit conformance::%s\n", githubData(fmt.Sprintf(
			"%d more problems are not annotated (GitHub shows %d error annotations a step): the job summary and the other reports list them", left, maxAnnotations)))
	}
	s.writeSpecWarnings(r)
	if s.summary != nil {
		if err := s.writeSummary(r); err != nil {
			s.w.printf("::warning title=credkit conformance::%s\n", githubData("the job summary could not be written: "+err.Error()))
		}
	}
	return s.w.err
}

// writeSpecWarnings writes the specs' warnings as warning annotations, at
// most maxAnnotations (GitHub shows no more warnings a step either), at
// the spec's file when it was loaded from one, then a notice of the
// others.
func (s *githubSink) writeSpecWarnings(r *Report) {
	n := 0
	for _, spec := range r.specWarnings() {
		for _, w := range spec.Warnings {
			if n == maxAnnotations {
				break
			}
			n++
			props := "title=" + githubProperty("credkit conformance: spec "+spec.Name+" warning")
			if spec.File != "" {
				props = "file=" + githubProperty(spec.File) + "," + props
			}
			s.w.printf("::warning %s::%s\n", props, githubData(w.Path+": "+w.Message))
		}
	}
	if left := r.Summary.SpecWarnings - n; left > 0 {
		s.w.printf("::notice title=credkit conformance::%s\n", githubData(fmt.Sprintf(
			"%d more spec warnings are not annotated (GitHub shows %d warning annotations a step): the job summary and the other reports list them", left, maxAnnotations)))
	}
}

// writeSummary appends the Markdown report to $GITHUB_STEP_SUMMARY.
func (s *githubSink) writeSummary(r *Report) error {
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		s.summary.closeSpools()
		return err
	}
	var used int64
	if info, err := f.Stat(); err == nil {
		used = info.Size()
	}
	c := &cappedWriter{w: f, left: maxStepSummary - used - summaryCutNote}
	s.summary.w = c
	err = s.summary.Finish(r)
	if err == nil && c.cut {
		_, err = fmt.Fprintf(f, "\n_The summary is cut here, at GitHub's limit of %d KiB a step; the other reports hold everything._\n", maxStepSummary/1024)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func githubProperties(file string, line int, title string) string {
	p := "file=" + githubProperty(file)
	if line > 0 {
		p += fmt.Sprintf(",line=%d", line)
	}
	return p + ",title=" + githubProperty(title)
}

// githubData escapes the message of a workflow command.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a property value of a workflow command.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
