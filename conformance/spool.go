package conformance

import (
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

// close removes the spool's file.
func (s *spool) close() {
	if s.f != nil {
		_ = s.f.Close()
		_ = os.Remove(s.f.Name())
		s.f = nil
	}
}
