package conformance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// vcrInteraction is one interaction in any go-vcr cassette format: format
// 1 (written by go-vcr v1 and v2) and format 2 (go-vcr v3 and v4) share
// these fields; format 1 has no "code" in older files, only "status".
type vcrInteraction struct {
	Request struct {
		Method  string      `yaml:"method"`
		URL     string      `yaml:"url"`
		Headers http.Header `yaml:"headers"`
		Body    string      `yaml:"body"`
		Form    url.Values  `yaml:"form"`
	} `yaml:"request"`
	Response struct {
		Code    int         `yaml:"code"`
		Status  string      `yaml:"status"`
		Headers http.Header `yaml:"headers"`
		Body    string      `yaml:"body"`
	} `yaml:"response"`
}

func (in *vcrInteraction) exchange(line int) Exchange {
	body := in.Request.Body
	if body == "" && len(in.Request.Form) > 0 {
		body = in.Request.Form.Encode()
	}
	code := in.Response.Code
	if code == 0 {
		code, _ = strconv.Atoi(strings.SplitN(strings.TrimSpace(in.Response.Status), " ", 2)[0])
	}
	return Exchange{
		Method: in.Request.Method, URL: in.Request.URL, RequestHeader: in.Request.Headers, RequestBody: body,
		Status: code, ResponseHeader: in.Response.Headers, ResponseBody: in.Response.Body, Line: line,
	}
}

// vcrHeader is the top level of a cassette but its interactions.
type vcrHeader struct {
	Version *int `yaml:"version"`
}

// checkVersion accepts the cassette formats of go-vcr v1 to v4.
func checkVersion(v *int) error {
	switch {
	case v == nil:
		return fmt.Errorf("no version: not a go-vcr cassette")
	case *v == 1 || *v == 2:
		return nil
	}
	return fmt.Errorf("unsupported cassette format version %d: credkit reads formats 1 (go-vcr v1, v2) and 2 (go-vcr v3, v4)", *v)
}

// errNotBlock means the cassette is not laid out as go-vcr writes it (a
// block sequence of interactions), so it is decoded whole instead.
var errNotBlock = fmt.Errorf("not a block-style cassette")

// vcrStream reads a go-vcr cassette one interaction at a time, without
// building the YAML tree of the whole file: the interactions are the items
// of the top-level block sequence under "interactions:", each found by its
// indentation and decoded on its own. Its memory is one interaction, not
// one file.
type vcrStream struct {
	r        *bufio.Reader
	emit     func(Exchange) error
	line     int
	header   []byte
	item     []byte
	itemLine int
	indent   int
	index    int
	checked  bool
}

// readCassette calls emit for every interaction of a go-vcr cassette, in
// order. A cassette not laid out in blocks is decoded whole by reopen.
func readCassette(ctx context.Context, r io.Reader, reopen func() (io.ReadCloser, error), emit func(Exchange) error) error {
	s := &vcrStream{r: bufio.NewReaderSize(r, 64<<10), emit: emit, indent: -1}
	err := s.run(ctx)
	if err != errNotBlock {
		return err
	}
	rc, err := reopen()
	if err != nil {
		return err
	}
	defer rc.Close()
	return readCassetteWhole(rc, emit)
}

func (s *vcrStream) run(ctx context.Context) error {
	const (
		header = iota
		list
		tail
	)
	state := header
	for {
		raw, err := s.r.ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		if raw == "" && err == io.EOF {
			break
		}
		s.line++
		switch state {
		case header:
			rest, ok := strings.CutPrefix(raw, "interactions:")
			if !ok {
				s.header = append(s.header, raw...)
				break
			}
			rest = strings.TrimSpace(rest)
			switch {
			case rest == "" || strings.HasPrefix(rest, "#"):
				state = list
			case rest == "[]":
				state = tail
			default:
				return errNotBlock
			}
		case list:
			done, ferr := s.listLine(ctx, raw)
			if ferr != nil {
				return ferr
			}
			if done {
				state = tail
				s.header = append(s.header, raw...)
			}
		case tail:
			s.header = append(s.header, raw...)
		}
		if err == io.EOF {
			break
		}
	}
	if state == header {
		return errNotBlock
	}
	if err := s.flush(ctx); err != nil {
		return err
	}
	return s.version()
}

// listLine takes one line inside the interactions sequence; done is true
// at the first line past its end.
func (s *vcrStream) listLine(ctx context.Context, raw string) (done bool, err error) {
	trimmed := strings.TrimLeft(raw, " ")
	if strings.TrimSpace(trimmed) == "" || strings.HasPrefix(trimmed, "#") {
		if s.item != nil {
			s.item = append(s.item, raw...)
		}
		return false, nil
	}
	indent := len(raw) - len(trimmed)
	isItem := trimmed == "-" || strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "-\n") || strings.HasPrefix(trimmed, "-\r")
	if s.indent < 0 {
		if !isItem {
			return false, errNotBlock
		}
		s.indent = indent
	}
	switch {
	case indent == s.indent && isItem:
		if err := s.flush(ctx); err != nil {
			return false, err
		}
		s.item, s.itemLine = append(s.item[:0], raw...), s.line
	case indent > s.indent:
		s.item = append(s.item, raw...)
	default:
		return true, s.flush(ctx)
	}
	return false, nil
}

// flush decodes and emits the item read so far.
func (s *vcrStream) flush(ctx context.Context) error {
	if s.item == nil {
		return nil
	}
	if !s.checked {
		if err := s.version(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var items []*vcrInteraction
	if err := yaml.Unmarshal(s.item, &items); err != nil {
		return fmt.Errorf("interaction %d (line %d): %w", s.index, s.itemLine, quiet(err))
	}
	if len(items) != 1 || items[0] == nil {
		return fmt.Errorf("interaction %d (line %d) is null: every entry of interactions needs a request and a response", s.index, s.itemLine)
	}
	s.item = s.item[:0]
	s.item = nil
	s.index++
	return s.emit(items[0].exchange(s.itemLine))
}

// version checks the format version in the lines around the interactions.
func (s *vcrStream) version() error {
	if s.checked {
		return nil
	}
	var h vcrHeader
	if err := yaml.Unmarshal(s.header, &h); err != nil {
		return quiet(err)
	}
	if h.Version == nil && s.index == 0 && s.item != nil {
		// version may follow the interactions; look again at the end.
		return nil
	}
	s.checked = true
	return checkVersion(h.Version)
}

// readCassetteWhole decodes a cassette in one piece: for the layouts that
// the streaming reader does not follow (flow sequences, odd indentation).
func readCassetteWhole(r io.Reader, emit func(Exchange) error) error {
	var doc struct {
		Version      *int        `yaml:"version"`
		Interactions []yaml.Node `yaml:"interactions"`
	}
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		if err == io.EOF {
			return fmt.Errorf("empty file: not a go-vcr cassette")
		}
		return quiet(err)
	}
	if err := checkVersion(doc.Version); err != nil {
		return err
	}
	for i := range doc.Interactions {
		node := &doc.Interactions[i]
		var in *vcrInteraction
		if err := node.Decode(&in); err != nil {
			return fmt.Errorf("interaction %d (line %d): %w", i, node.Line, quiet(err))
		}
		if in == nil {
			return fmt.Errorf("interaction %d (line %d) is null: every entry of interactions needs a request and a response", i, node.Line)
		}
		if err := emit(in.exchange(node.Line)); err != nil {
			return err
		}
	}
	return nil
}

// quotedValue is how yaml.v3 quotes a value in its errors.
var quotedValue = regexp.MustCompile("`[^`]*`")

// quiet drops the values a YAML error quotes ("cannot unmarshal !!str
// `SSWS 00ab...` into int"): a cassette may hold a secret, and the error
// is printed in every report.
func quiet(err error) error {
	msg := err.Error()
	if !quotedValue.MatchString(msg) {
		return err
	}
	return errors.New(quotedValue.ReplaceAllString(msg, "a value"))
}
