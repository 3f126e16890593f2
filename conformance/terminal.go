package conformance

import (
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// terminal is how the table report is shown: its width in columns (0:
// no limit, as in a log) and whether it may use colour.
type terminal struct {
	width int
	color bool
}

// terminalOf is the terminal w writes to: the width is $COLUMNS when set,
// else the terminal's own; colour only on a terminal, and never with
// $NO_COLOR set (https://no-color.org) or TERM=dumb.
func terminalOf(w io.Writer) terminal {
	var t terminal
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	if tty {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil {
			t.width = width
		}
		t.color = os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		t.width = n
	}
	return t
}

// ANSI SGR sequences of the outcomes.
const (
	sgrFail  = "\x1b[1;31m"
	sgrPass  = "\x1b[32m"
	sgrDim   = "\x1b[2m"
	sgrReset = "\x1b[0m"
)

// paint colours text (already padded) by outcome, on a colour terminal.
func (t terminal) paint(o Outcome, text string) string {
	if !t.color {
		return text
	}
	switch o {
	case Fail:
		return sgrFail + text + sgrReset
	case Pass:
		return sgrPass + text + sgrReset
	}
	return sgrDim + text + sgrReset
}

// escapes is how many runes paint adds to a text of outcome o.
func (t terminal) escapes(o Outcome) int {
	return len(t.paint(o, ""))
}

// cut shortens s to n runes, keeping its start and end around "…".
func cut(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 5 {
		return string([]rune(s)[:n])
	}
	r := []rune(s)
	head := (n - 1) * 2 / 3
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// wrap breaks s into lines of at most n runes, at spaces where it can;
// n <= 0 keeps it whole.
func wrap(s string, n int) []string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return []string{s}
	}
	var lines []string
	r := []rune(s)
	for len(r) > n {
		at := n
		if i := strings.LastIndex(string(r[:n]), " "); i > 0 {
			at = utf8.RuneCountInString(string(r[:n])[:i])
		}
		lines = append(lines, strings.TrimRight(string(r[:at]), " "))
		r = []rune(strings.TrimLeft(string(r[at:]), " "))
	}
	if len(r) > 0 {
		lines = append(lines, string(r))
	}
	return lines
}
