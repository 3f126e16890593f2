package conformance

import (
	"bytes"
	"io"
)

// GitHub's limit of a step's job summary, and the room kept for the note
// that says where the summary was cut.
const (
	maxStepSummary = 1 << 20
	summaryCutNote = 512
)

// cappedWriter writes at most left bytes, cut after the last whole line
// that fits; then it drops the rest, and says so in cut.
type cappedWriter struct {
	w    io.Writer
	left int64
	cut  bool
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if c.cut {
		return len(p), nil
	}
	keep := p
	if int64(len(p)) > c.left {
		keep = p[:max(c.left, 0)]
		if i := bytes.LastIndexByte(keep, '\n'); i >= 0 {
			keep = keep[:i+1]
		} else {
			keep = nil
		}
		c.cut = true
	}
	n, err := c.w.Write(keep)
	c.left -= int64(n)
	if err != nil {
		return n, err
	}
	return len(p), nil
}
