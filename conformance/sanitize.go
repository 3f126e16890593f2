package conformance

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The most runes of recorded text a report shows in one place: a longer
// URL, method, file name or message is cut, saying how much was left out.
const (
	maxURL     = 2048
	maxMethod  = 32
	maxName    = 512
	maxMessage = 1024
)

// plainText is text a recording controls, made safe to print in any
// report: every control character (C0, C1, DEL), line or paragraph
// separator, bidirectional override and invalid UTF-8 byte is written as a
// visible escape (\n, \x1b, \u202e, \xff), so that nothing can end a line,
// start a terminal escape, a workflow command or reorder what is shown;
// and it is cut to limit runes. Every format then escapes its own markup.
func plainText(s string, limit int) string { return escapedText(s, limit, false) }

// plainBlock is plainText for a block of text shown as preformatted
// (a body excerpt): it keeps its newlines and tabs, and escapes every
// other control character as plainText does.
func plainBlock(s string, limit int) string { return escapedText(s, limit, true) }

func escapedText(s string, limit int, block bool) string {
	if safeText(s, block) && utf8.RuneCountInString(s) <= limit {
		return s
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == limit {
			fmt.Fprintf(&b, "… (%d more bytes)", len(s)-i)
			break
		}
		n++
		switch {
		case r == utf8.RuneError && isInvalidAt(s, i):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r) && !(block && blockSpace(r)):
			b.WriteString(escapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isInvalidAt(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	return r == utf8.RuneError && size <= 1
}

func safeText(s string, block bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unsafeRune(r) && !(block && blockSpace(r)) {
			return false
		}
	}
	return true
}

// blockSpace reports the runes a block of text keeps as they are.
func blockSpace(r rune) bool { return r == '\n' || r == '\t' }

// unsafeRune reports a rune that must not reach a report as it is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == '\u2028', r == '\u2029', r == '\ufeff':
		return true
	case r >= '\u200b' && r <= '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // zero widths, marks, embeddings, overrides, isolates
	}
	return !unicode.IsPrint(r) && r != ' '
}

func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x100 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// sanitized is a Result whose every recorded text is redacted (URL),
// escaped and bounded (plainText); every report shows only these.
func sanitized(res Result) Result {
	res.File = plainText(res.File, maxName)
	res.Method = plainText(res.Method, maxMethod)
	res.URL = plainText(redactURL(res.URL), maxURL)
	res.Spec = plainText(res.Spec, maxName)
	res.OperationID = plainText(res.OperationID, maxName)
	res.Path = plainText(res.Path, maxName)
	res.Response = plainText(res.Response, maxMethod)
	res.Problems = sanitizedProblems(res.Problems)
	res.Notes = sanitizedProblems(res.Notes)
	if res.Excerpts != nil {
		res.Excerpts = &Excerpts{Request: sanitizedExcerpt(res.Excerpts.Request), Response: sanitizedExcerpt(res.Excerpts.Response)}
	}
	return res
}

func sanitizedProblems(ps []Problem) []Problem {
	if ps == nil {
		return nil
	}
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{Pointer: plainText(p.Pointer, maxName), Message: plainText(p.Message, maxMessage), Received: plainText(p.Received, maxMessage), Err: p.Err}
	}
	return out
}

// sanitizedExcerpt is a body excerpt redacted again (a Result built by
// hand was not checked) and escaped as plainBlock escapes it.
func sanitizedExcerpt(s string) string {
	return plainBlock(cutBytes(redactBody(s, nil), maxExcerpt), maxExcerpt)
}

// textError is an error whose message is shown as plainText.
type textError struct {
	msg string
	err error
}

func (e textError) Error() string { return e.msg }
func (e textError) Unwrap() error { return e.err }

func sanitizedError(err error) error {
	if err == nil {
		return nil
	}
	return textError{msg: plainText(err.Error(), maxMessage), err: err}
}

// sanitizingSink passes a run on with everything a recording controls
// made safe (sanitized), so that no format prints it raw.
type sanitizingSink struct{ next Sink }

func (s sanitizingSink) File(f FileResults) error {
	out := FileResults{File: plainText(f.File, maxName), Err: sanitizedError(f.Err), Results: make([]Result, len(f.Results)), More: f.More}
	for i, res := range f.Results {
		out.Results[i] = sanitized(res)
	}
	return s.next.File(out)
}

func (s sanitizingSink) Finish(r *Report) error {
	safe := *r
	safe.Specs = make([]SpecCoverage, len(r.Specs))
	for i, s := range r.Specs {
		s.Name, s.File = plainText(s.Name, maxName), plainText(s.File, maxName)
		if s.Warnings != nil {
			ws := make([]SpecProblem, len(s.Warnings))
			for j, w := range s.Warnings {
				ws[j] = SpecProblem{Path: plainText(w.Path, maxName), Message: plainText(w.Message, maxMessage)}
			}
			s.Warnings = ws
		}
		safe.Specs[i] = s
	}
	safe.Errors = make([]FileError, len(r.Errors))
	for i, e := range r.Errors {
		safe.Errors[i] = FileError{File: plainText(e.File, maxName), Err: sanitizedError(e.Err)}
	}
	return s.next.Finish(&safe)
}
