package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progressWidth is the width of the bar itself, in cells.
const progressWidth = 30

// progress draws a bar on stderr for work over many clients, only when
// stderr is a terminal: redirected output and CI logs stay clean.
type progress struct {
	w     io.Writer // nil: disabled
	label string
	drawn bool
}

// newProgress returns a bar on w for total items, or a disabled one when w
// is not a terminal (tty) or there is only one item.
func newProgress(w io.Writer, tty bool, label string, total int) *progress {
	if total < 2 || !tty {
		return &progress{}
	}
	return &progress{w: w, label: label}
}

// isTerminal reports whether w is a character device, such as a terminal.
// (golang.org/x/term is not a dependency of the module; a character device
// is what it comes down to for deciding whether to draw.)
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// update redraws the bar; it matches unified.BulkOptions.Progress.
func (p *progress) update(done, total int) {
	if p.w == nil || total <= 0 {
		return
	}
	filled := progressWidth * done / total
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", progressWidth-filled)
	fmt.Fprintf(p.w, "\r%s [%s] %d/%d", p.label, bar, done, total)
	p.drawn = true
}

// finish erases the bar so that what follows starts on a clean line.
func (p *progress) finish() {
	if p.w == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\033[K")
	p.drawn = false
}
