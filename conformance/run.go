package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// ErrNoCassettes is the error of a run whose paths hold no recording file;
// it is reported as a FileError of the paths.
var ErrNoCassettes = errors.New("no cassettes found")

// RunOptions tune Run and Stream. A nil *RunOptions means the zero value.
type RunOptions struct {
	// MaxFileSize is the largest recording file read, in bytes; 0 means
	// DefaultMaxFileSize. A larger file is a FileError wrapping ErrTooLarge.
	MaxFileSize int64
}

func (o *RunOptions) maxFileSize() int64 {
	if o == nil || o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

// FileError is a path that could not be read, or a recording file that
// could not be read to its end; the interactions read before the error
// are checked all the same.
type FileError struct {
	File string
	Err  error
}

func (e FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e FileError) Unwrap() error { return e.Err }

// MarshalJSON writes {"file": ..., "error": ...}.
func (e FileError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File  string `json:"file"`
		Error string `json:"error"`
	}{e.File, e.Err.Error()})
}

// FileResults is what one recording file gave: the verdicts on its
// interactions in order, and the error that stopped its reading, if any.
type FileResults struct {
	File    string
	Results []Result
	Err     error
}

// Sink receives a run as it is produced, one file at a time, so that a
// report can be written while the run goes on; see [NewSink].
type Sink interface {
	// File takes the verdicts of one file.
	File(FileResults) error
	// Finish takes the totals: the report without its Interactions and
	// Unmatched lists. It is called once, also when the run was
	// interrupted (Report.Interrupted).
	Finish(*Report) error
}

// Run checks every interaction of every recording that paths name (see
// [FindRecordings]) and returns the whole report. A file that cannot be read
// is a FileError in the report, and the other files are still checked.
// When ctx ends, Run stops at once and returns the report of what was
// checked so far, marked Interrupted, with ctx's error.
func Run(ctx context.Context, c *Checker, opts *RunOptions, paths ...string) (*Report, error) {
	keep := newCollector()
	r, err := Stream(ctx, c, opts, keep, paths...)
	r.Interactions, r.Unmatched = keep.matched, keep.unmatched
	return r, err
}

// collector keeps every verdict, for Run.
type collector struct{ matched, unmatched []Result }

func newCollector() *collector { return &collector{matched: []Result{}, unmatched: []Result{}} }

func (k *collector) File(f FileResults) error {
	for _, res := range f.Results {
		if res.Outcome == Unmatched {
			k.unmatched = append(k.unmatched, res)
		} else {
			k.matched = append(k.matched, res)
		}
	}
	return nil
}

func (k *collector) Finish(*Report) error { return nil }

// Stream is Run that keeps no verdict: each file's verdicts go to sink as
// soon as the file is checked, so its memory does not grow with the
// number of files. The report it returns has the totals, the coverage and
// the file errors, but empty Interactions and Unmatched lists. An error
// of the sink stops the run and is returned.
func Stream(ctx context.Context, c *Checker, opts *RunOptions, sink Sink, paths ...string) (*Report, error) {
	t := newRunTally()
	files, missing := FindRecordings(paths...)
	for _, e := range missing {
		t.fileError(e)
	}
	if len(files) == 0 && len(missing) == 0 {
		where := strings.Join(paths, ", ")
		if where == "" {
			where = "(no path given)"
		}
		t.fileError(FileError{File: where, Err: ErrNoCassettes})
	}
	var stop error
	for _, file := range files {
		if stop = ctx.Err(); stop != nil {
			break
		}
		f := c.checkFile(ctx, file, opts.maxFileSize())
		if f.Err != nil && ctx.Err() != nil && errors.Is(f.Err, ctx.Err()) {
			f.Err, stop = nil, ctx.Err()
		}
		t.file(f)
		if err := sink.File(f); err != nil {
			r := t.report(c.specs, stop)
			_ = sink.Finish(r) // let the sink release what it holds
			return r, fmt.Errorf("writing the report: %w", err)
		}
		if stop != nil {
			break
		}
	}
	r := t.report(c.specs, stop)
	if err := sink.Finish(r); err != nil {
		return r, fmt.Errorf("writing the report: %w", err)
	}
	if stop != nil {
		return r, fmt.Errorf("run interrupted after %d interactions: %w", r.Summary.Interactions, stop)
	}
	return r, nil
}

// checkFile reads and checks one recording file.
func (c *Checker) checkFile(ctx context.Context, file string, limit int64) FileResults {
	out := FileResults{File: file}
	err := ReadRecording(ctx, file, limit, func(ex Exchange) error {
		out.Results = append(out.Results, c.check(file, len(out.Results), ex))
		return nil
	})
	if err != nil {
		out.Err = err
	}
	return out
}

// ReadRecording calls emit for every exchange of one recording file, in
// order, reading one exchange at a time: a HAR file (.har) or a go-vcr
// cassette of any format (anything else). The file must be a regular file
// of at most limit bytes. It stops at the first error of emit, and when
// ctx ends.
func ReadRecording(ctx context.Context, file string, limit int64, emit func(Exchange) error) error {
	open := func() (io.ReadCloser, error) { return openRegular(file, limit) }
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if strings.EqualFold(filepath.Ext(file), ".har") {
		return readHAR(ctx, rc, emit)
	}
	return readCassette(ctx, rc, open, emit)
}

// CheckCassette checks every interaction of a cassette, in order.
func (c *Checker) CheckCassette(cas *Cassette) []Result {
	out := make([]Result, 0, len(cas.Interactions))
	for i, in := range cas.Interactions {
		out = append(out, c.Check(cas.Path, i, in))
	}
	return out
}
