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
//
// A run passes a file's verdicts on as they are checked, in parts of at
// most ChunkSize verdicts, so that memory does not grow with the size of
// a file: every part but the last has More set, and only the last one
// carries Err. A file that holds no interaction is one FileResults with
// no verdict.
type FileResults struct {
	File    string
	Results []Result
	Err     error
	// More is true when more verdicts of the same file follow.
	More bool
}

// ChunkSize is the most verdicts of one file that a run passes to a Sink
// in one call.
const ChunkSize = 256

// Sink receives a run as it is produced, a part of a file at a time (see
// [FileResults]), so that a report can be written while the run goes on;
// see [NewSink].
type Sink interface {
	// File takes the verdicts of one file, or of a part of it when More
	// is set; the parts of a file come in order, one after the other.
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
		pass := func(f FileResults) error {
			t.file(f)
			return sink.File(f)
		}
		var err error
		stop, err = c.streamFile(ctx, file, opts.maxFileSize(), pass)
		if err != nil {
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

// sinkError is an error of the Sink, which stops the reading of a file.
type sinkError struct{ err error }

func (e sinkError) Error() string { return e.err.Error() }

// streamFile reads and checks one recording file, passing its verdicts
// to pass in parts of at most ChunkSize. It returns ctx's error when ctx
// ended the reading, and pass's error.
func (c *Checker) streamFile(ctx context.Context, file string, limit int64, pass func(FileResults) error) (stop, err error) {
	part := FileResults{File: file}
	index := 0
	rerr := ReadRecording(ctx, file, limit, func(ex Exchange) error {
		if len(part.Results) == ChunkSize {
			part.More = true
			if err := pass(part); err != nil {
				return sinkError{err}
			}
			part = FileResults{File: file}
		}
		if part.Results == nil {
			part.Results = make([]Result, 0, ChunkSize)
		}
		part.Results = append(part.Results, c.check(file, index, ex))
		index++
		return nil
	})
	var se sinkError
	if errors.As(rerr, &se) {
		return nil, se.err
	}
	if rerr != nil && ctx.Err() != nil && errors.Is(rerr, ctx.Err()) {
		rerr, stop = nil, ctx.Err()
	}
	part.Err, part.More = rerr, false
	return stop, pass(part)
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
