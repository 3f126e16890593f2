package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/credkit/credkit/conformance"
)

// outputs is every report a run writes: standard output and the files
// asked for, each buffered and flushed after every recording file, so that
// an interrupted run leaves what it checked.
type outputs struct {
	sinks   []conformance.Sink
	buffers []*bufio.Writer
	files   []*os.File
}

func openOutputs(stdout io.Writer, format conformance.Format, files map[conformance.Format]*string) (*outputs, error) {
	o := &outputs{}
	if err := o.add(stdout, format); err != nil {
		return nil, err
	}
	for _, f := range fileFormats {
		path := *files[f]
		if path == "" {
			continue
		}
		file, err := os.Create(path)
		if err != nil {
			_ = o.close()
			return nil, fmt.Errorf("--%s-file: %w", f, err)
		}
		o.files = append(o.files, file)
		if err := o.add(file, f); err != nil {
			_ = o.close()
			return nil, err
		}
	}
	return o, nil
}

func (o *outputs) add(w io.Writer, f conformance.Format) error {
	buf := bufio.NewWriterSize(w, 64<<10)
	sink, err := conformance.NewSink(buf, f)
	if err != nil {
		return err
	}
	o.sinks = append(o.sinks, sink)
	o.buffers = append(o.buffers, buf)
	return nil
}

func (o *outputs) File(f conformance.FileResults) error {
	if err := conformance.MultiSink(o.sinks...).File(f); err != nil {
		return err
	}
	return o.flush()
}

func (o *outputs) Finish(r *conformance.Report) error {
	if err := conformance.MultiSink(o.sinks...).Finish(r); err != nil {
		return err
	}
	return o.flush()
}

func (o *outputs) flush() error {
	var errs []error
	for _, b := range o.buffers {
		errs = append(errs, b.Flush())
	}
	return errors.Join(errs...)
}

func (o *outputs) close() error {
	var errs []error
	for _, f := range o.files {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}
