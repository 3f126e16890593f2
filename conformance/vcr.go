package conformance

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

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

// vcrStream reads a go-vcr cassette a few interactions at a time, without
// building the YAML tree of the whole file: the interactions are the items
// of the top-level block sequence under "interactions:", each found by its
// indentation. Items are decoded in batches of about batchBytes (a small
// cassette in one), so that the YAML parser is set up once per batch
// rather than once per interaction; its memory is one batch, not one
// file.
type vcrStream struct {
	r       *bufio.Reader
	emit    func(Exchange) error
	line    int
	long    []byte // a line longer than r's buffer
	header  []byte
	batch   []byte // the lines of the items read and not yet decoded
	starts  []int  // where each of them starts in batch
	lines   []int  // and its line in the file
	indent  int
	index   int // of the first item in batch
	checked bool
	// anchors holds the items already decoded that define a YAML anchor,
	// up to maxAnchorBytes, and anchorItems counts them: they go before
	// every later batch, so that an alias to an anchor of an earlier
	// interaction resolves, and are not emitted again.
	anchors     []byte
	anchorItems int
}

// maxAnchorBytes bounds the anchored items kept for later batches: each
// batch decodes them again, so they bound that cost too. yaml.v3 refuses
// excessive aliasing (an alias bomb) within each decode.
const maxAnchorBytes = 64 << 10

// anchorDef finds a YAML anchor definition ("&name") where a node starts.
var anchorDef = regexp.MustCompile(`(?:^|[\s\[{,:-])&[^\s,\[\]{}]+`)

// batchBytes is the size past which the items read so far are decoded.
const batchBytes = 64 << 10

// readers keeps the read buffers of finished files for the next ones: a
// run over many small files would otherwise allocate and clear one per
// file.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

// readCassette calls emit for every interaction of a go-vcr cassette, in
// order. A cassette not laid out in blocks is decoded whole by reopen.
func readCassette(ctx context.Context, r io.Reader, reopen func() (io.ReadCloser, error), emit func(Exchange) error) error {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	s := &vcrStream{r: br, emit: emit, indent: -1}
	err := s.run(ctx)
	br.Reset(nil)
	readers.Put(br)
	if !errors.Is(err, errNotBlock) {
		return err
	}
	rc, err := reopen()
	if err != nil {
		return err
	}
	defer rc.Close()
	return readCassetteWhole(rc, emit)
}

// readLine returns the next line with its end of line; it is valid until
// the next call.
func (s *vcrStream) readLine() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		return line, err
	}
	s.long = append(s.long[:0], line...)
	for errors.Is(err, bufio.ErrBufferFull) {
		line, err = s.r.ReadSlice('\n')
		s.long = append(s.long, line...)
	}
	return s.long, err
}

var interactionsKey = []byte("interactions:")

func (s *vcrStream) run(ctx context.Context) error {
	const (
		header = iota
		list
		tail
	)
	state := header
	for {
		raw, err := s.readLine()
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if len(raw) == 0 && errors.Is(err, io.EOF) {
			break
		}
		s.line++
		switch state {
		case header:
			rest, ok := bytes.CutPrefix(raw, interactionsKey)
			if !ok {
				s.header = append(s.header, raw...)
				break
			}
			rest = bytes.TrimSpace(rest)
			switch {
			case len(rest) == 0 || rest[0] == '#':
				state = list
			case string(rest) == "[]":
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
		if errors.Is(err, io.EOF) {
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
func (s *vcrStream) listLine(ctx context.Context, raw []byte) (done bool, err error) {
	trimmed := bytes.TrimLeft(raw, " ")
	if len(bytes.TrimSpace(trimmed)) == 0 || trimmed[0] == '#' {
		if s.inItem() {
			s.batch = append(s.batch, raw...)
		}
		return false, nil
	}
	indent := len(raw) - len(trimmed)
	isItem := trimmed[0] == '-' && (len(trimmed) == 1 || trimmed[1] == ' ' || trimmed[1] == '\n' || trimmed[1] == '\r')
	if s.indent < 0 {
		if !isItem {
			return false, errNotBlock
		}
		s.indent = indent
	}
	switch {
	case indent == s.indent && isItem:
		if len(s.batch) >= batchBytes {
			if err := s.flush(ctx); err != nil {
				return false, err
			}
		}
		s.starts, s.lines = append(s.starts, len(s.batch)), append(s.lines, s.line)
		s.batch = append(s.batch, raw...)
	case indent > s.indent:
		s.batch = append(s.batch, raw...)
	default:
		return true, s.flush(ctx)
	}
	return false, nil
}

// inItem reports whether an item has been read and not yet decoded.
func (s *vcrStream) inItem() bool { return len(s.starts) > 0 }

// flush decodes and emits the items read so far. They are decoded as one
// sequence; if that fails, one by one, so that the error names the
// interaction at fault and those before it are still emitted.
func (s *vcrStream) flush(ctx context.Context) error {
	if !s.inItem() {
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
	if err := yaml.Unmarshal(s.withAnchors(s.batch), &items); err != nil || len(items) != s.anchorItems+len(s.starts) || slices.Contains(items, nil) {
		return s.flushEach(ctx)
	}
	items = items[s.anchorItems:]
	s.keepAnchors()
	for i, in := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.emit(in.exchange(s.lines[i])); err != nil {
			return err
		}
		s.index++
	}
	s.batch, s.starts, s.lines = s.batch[:0], s.starts[:0], s.lines[:0]
	return nil
}

// withAnchors is items after the anchored items of earlier batches.
func (s *vcrStream) withAnchors(items []byte) []byte {
	if s.anchorItems == 0 {
		return items
	}
	out := make([]byte, 0, len(s.anchors)+len(items))
	return append(append(out, s.anchors...), items...)
}

// keepAnchors keeps the items of the batch that define an anchor, while
// they fit maxAnchorBytes.
func (s *vcrStream) keepAnchors() {
	for i, start := range s.starts {
		end := len(s.batch)
		if i+1 < len(s.starts) {
			end = s.starts[i+1]
		}
		s.keepAnchor(s.batch[start:end])
	}
}

// keepAnchor keeps one item if it defines an anchor and fits.
func (s *vcrStream) keepAnchor(item []byte) {
	if !bytes.Contains(item, []byte("&")) || !anchorDef.Match(item) || len(s.anchors)+len(item) > maxAnchorBytes {
		return
	}
	s.anchors = append(s.anchors, item...)
	s.anchorItems++
}

// flushEach decodes and emits the items read so far one at a time, up to
// the first that fails; it stops when ctx ends.
func (s *vcrStream) flushEach(ctx context.Context) error {
	for i, start := range s.starts {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := len(s.batch)
		if i+1 < len(s.starts) {
			end = s.starts[i+1]
		}
		var items []*vcrInteraction
		if err := yaml.Unmarshal(s.withAnchors(s.batch[start:end]), &items); err != nil {
			return fmt.Errorf("interaction %d (line %d): %w", s.index, s.lines[i], quiet(err))
		}
		items = items[min(s.anchorItems, len(items)):]
		if len(items) != 1 || items[0] == nil {
			return fmt.Errorf("interaction %d (line %d) is null: every entry of interactions needs a request and a response", s.index, s.lines[i])
		}
		if err := s.emit(items[0].exchange(s.lines[i])); err != nil {
			return err
		}
		s.keepAnchor(s.batch[start:end])
		s.index++
	}
	s.batch, s.starts, s.lines = s.batch[:0], s.starts[:0], s.lines[:0]
	return nil
}

// version checks the format version in the lines around the interactions.
// The header go-vcr writes, a version line alone, is read without a YAML
// parser.
func (s *vcrStream) version() error {
	if s.checked {
		return nil
	}
	var h vcrHeader
	switch string(bytes.TrimSpace(s.header)) {
	case "version: 1":
		h.Version = &formatVersions[0]
	case "version: 2":
		h.Version = &formatVersions[1]
	default:
		if err := yaml.Unmarshal(s.header, &h); err != nil {
			return quiet(err)
		}
	}
	if h.Version == nil && s.index == 0 && s.inItem() {
		// version may follow the interactions; look again at the end.
		return nil
	}
	s.checked = true
	return checkVersion(h.Version)
}

// formatVersions are the cassette format versions read.
var formatVersions = [...]int{1, 2}

// readCassetteWhole decodes a cassette in one piece: for the layouts that
// the streaming reader does not follow (flow sequences, odd indentation).
func readCassetteWhole(r io.Reader, emit func(Exchange) error) error {
	var doc struct {
		Version      *int        `yaml:"version"`
		Interactions []yaml.Node `yaml:"interactions"`
	}
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
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
