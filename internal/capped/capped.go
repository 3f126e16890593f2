// Package capped reads a stream up to a limit and fails, rather than
// stop quietly, when more arrives: for response bodies and cassette files
// whose size was checked (or announced) before reading and may lie.
package capped

import "io"

// ReadCloser reads at most max bytes of its stream. Once they are read,
// a further byte fails the read with tooLarge(max); the end of the stream
// is io.EOF as usual. Its zero value is not usable: see Make. It is a value
// so that a caller can keep one inside a larger state, without an
// allocation.
type ReadCloser struct {
	rc        io.ReadCloser
	left, max int64
	tooLarge  func(max int64) error
}

// Make caps rc at max bytes; tooLarge makes the error of a stream longer
// than that.
func Make(rc io.ReadCloser, max int64, tooLarge func(max int64) error) ReadCloser {
	return ReadCloser{rc: rc, left: max, max: max, tooLarge: tooLarge}
}

func (c *ReadCloser) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.rc.Read(one[:]); n > 0 {
			return 0, c.tooLarge(c.max)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

// Close closes the stream.
func (c *ReadCloser) Close() error { return c.rc.Close() }
