package conformance

import (
	"fmt"
	"strings"
)

// githubSink writes GitHub Actions workflow commands: an ::error
// annotation at the line of each failing interaction in its recording
// file, and one for each unreadable file; then the totals.
type githubSink struct {
	w       *errWriter
	errored map[string]bool // files whose error is annotated already
}

func (s *githubSink) File(f FileResults) error {
	for _, res := range f.Results {
		if res.Outcome != Fail {
			continue
		}
		title := fmt.Sprintf("%s %d: %s", operationLabel(res), res.Status, res.Problems[0].Kind())
		s.w.printf("::error %s::%s\n", githubProperties(res.File, res.Line, title), githubData(problemsText(res)))
	}
	if f.Err != nil {
		s.errored[f.File] = true
		s.w.printf("::error %s::%s\n", githubProperties(f.File, 0, "unreadable recording"), githubData(f.Err.Error()))
	}
	return s.w.err
}

func (s *githubSink) Finish(r *Report) error {
	for _, e := range r.Errors {
		if !s.errored[e.File] {
			s.w.printf("::error %s::%s\n", githubProperties(e.File, 0, "unreadable path"), githubData(e.Err.Error()))
		}
	}
	s.w.printf("%s\n", r.Summary)
	for _, reason := range r.Reasons() {
		s.w.printf("::error title=credkit conformance::%s\n", githubData(reason))
	}
	return s.w.err
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
