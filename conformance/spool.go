package conformance

import (
	"bufio"
	"errors"
	"io"
	"os"
)

// spool keeps a part of a report on disk until the report is written, so
// that a sink's memory does not grow with the run. The first error sticks.
type spool struct {
	f   *os.File
	n   int64
	err error
}

func newSpool() *spool {
	f, err := os.CreateTemp("", "credkit-report-*")
	return &spool{f: f, err: err}
}

func (s *spool) WriteString(text string) {
	if s.err != nil {
		return
	}
	var n int
	n, s.err = io.WriteString(s.f, text)
	s.n += int64(n)
}

// copyTo writes what the spool holds to w.
func (s *spool) copyTo(w io.Writer) error {
	if s.err != nil {
		return s.err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// copyLines writes what the spool holds to w a line at a time, each
// through edit.
func (s *spool) copyLines(w io.Writer, edit func(string) string) error {
	if s.err != nil {
		return s.err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(s.f, 64<<10)
	for {
		line, err := r.ReadString('\n')
		if _, werr := io.WriteString(w, edit(line)); werr != nil {
			return werr
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// reset empties the spool for reuse.
func (s *spool) reset() {
	if s.err != nil {
		return
	}
	if s.err = s.f.Truncate(0); s.err == nil {
		_, s.err = s.f.Seek(0, io.SeekStart)
	}
	s.n = 0
}

// close removes the spool's file.
func (s *spool) close() {
	if s.f != nil {
		_ = s.f.Close()
		_ = os.Remove(s.f.Name())
		s.f = nil
	}
}
