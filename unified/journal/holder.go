package journal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// anotherProcess names a holder the kernel does not name.
const anotherProcess = "another process"

// maxName bounds the characters of a process name a message quotes.
const maxName = 32

// processName is a process name fit for a one-line message: invalid
// UTF-8, control and other unprintable characters become '?', and it is
// cut to maxName characters. "" when nothing is left.
func processName(raw string) string {
	raw = strings.TrimSuffix(raw, "\n")
	var b strings.Builder
	n := 0
	for len(raw) > 0 && n < maxName {
		r, size := utf8.DecodeRuneInString(raw)
		raw = raw[size:]
		if r == utf8.RuneError && size <= 1 || !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
