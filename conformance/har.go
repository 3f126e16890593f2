package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// harEntry is the part of a HAR 1.2 entry (log.entries[]) that a check
// needs.
type harEntry struct {
	Request struct {
		Method   string      `json:"method"`
		URL      string      `json:"url"`
		Headers  []harHeader `json:"headers"`
		PostData *struct {
			Text   string      `json:"text"`
			Params []harHeader `json:"params"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status  int         `json:"status"`
		Headers []harHeader `json:"headers"`
		Content struct {
			Text     string `json:"text"`
			Encoding string `json:"encoding"`
		} `json:"content"`
	} `json:"response"`
}

type harHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func harHeaders(hs []harHeader) http.Header {
	out := http.Header{}
	for _, h := range hs {
		if !strings.HasPrefix(h.Name, ":") { // HTTP/2 pseudo-headers
			out.Add(h.Name, h.Value)
		}
	}
	return out
}

func (e *harEntry) exchange(line int) (Exchange, error) {
	var reqBody string
	if pd := e.Request.PostData; pd != nil {
		reqBody = pd.Text
		if reqBody == "" && len(pd.Params) > 0 {
			form := url.Values{}
			for _, p := range pd.Params {
				form.Add(p.Name, p.Value)
			}
			reqBody = form.Encode()
		}
	}
	body := e.Response.Content.Text
	if e.Response.Content.Encoding == "base64" {
		raw, err := base64.StdEncoding.DecodeString(body)
		if err != nil {
			return Exchange{}, fmt.Errorf("response content is not valid base64")
		}
		body = string(raw)
	}
	return Exchange{
		Method: e.Request.Method, URL: e.Request.URL, RequestHeader: harHeaders(e.Request.Headers), RequestBody: reqBody,
		Status: e.Response.Status, ResponseHeader: harHeaders(e.Response.Headers), ResponseBody: body, Line: line,
	}, nil
}

// readHAR calls emit for every entry of a HAR 1.2 file, in order, decoding
// one entry at a time: the file is walked token by token down to
// log.entries, so its memory is one entry, not one file.
func readHAR(ctx context.Context, r io.Reader, emit func(Exchange) error) error {
	lines := &lineCounter{r: r}
	dec := json.NewDecoder(lines)
	if err := enterObject(dec, "log"); err != nil {
		return err
	}
	if err := enterArray(dec, "entries"); err != nil {
		return err
	}
	for i := 0; dec.More(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := lines.lineAt(dec.InputOffset())
		var e harEntry
		if err := dec.Decode(&e); err != nil {
			return fmt.Errorf("log.entries[%d] (line %d): %w", i, line, err)
		}
		ex, err := e.exchange(line)
		if err != nil {
			return fmt.Errorf("log.entries[%d] (line %d): %w", i, line, err)
		}
		if err := emit(ex); err != nil {
			return err
		}
	}
	return nil
}

// enterObject reads the opening of an object and skips its members up to
// the value of key, which must be an object too.
func enterObject(dec *json.Decoder, key string) error {
	if err := expectDelim(dec, '{', "a HAR file"); err != nil {
		return err
	}
	if err := seekKey(dec, key); err != nil {
		return err
	}
	return expectDelim(dec, '{', key)
}

// enterArray skips the members of the current object up to key, whose
// value must be an array, and reads its opening.
func enterArray(dec *json.Decoder, key string) error {
	if err := seekKey(dec, key); err != nil {
		return err
	}
	return expectDelim(dec, '[', key)
}

func seekKey(dec *json.Decoder, key string) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("not a HAR file: %w", err)
		}
		if tok == key {
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fmt.Errorf("not a HAR file: %w", err)
		}
	}
	return fmt.Errorf("not a HAR file: no %q", key)
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("not a HAR file: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("not a HAR file: %s is not a JSON %c", what, want)
	}
	return nil
}

// lineCounter passes bytes through and answers which line a byte offset
// falls on, for offsets asked in increasing order. It keeps the bytes read
// ahead of the last offset asked (what the JSON decoder buffers anyway).
type lineCounter struct {
	r      io.Reader
	base   int64  // offset of pend[0]
	pend   []byte // bytes read but not yet passed
	passed int    // newlines before base
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.pend = append(l.pend, p[:n]...)
	return n, err
}

// lineAt is the 1-based line of the first byte at or after offset that is
// not white space: where the value that follows offset starts.
func (l *lineCounter) lineAt(offset int64) int {
	skip := int(offset - l.base)
	if skip > len(l.pend) {
		skip = len(l.pend)
	}
	l.passed += bytes.Count(l.pend[:skip], []byte{'\n'})
	l.pend = append(l.pend[:0], l.pend[skip:]...)
	l.base += int64(skip)
	line := l.passed + 1
	for _, b := range l.pend {
		if b == '\n' {
			line++
		} else if b != ' ' && b != '\t' && b != '\r' && b != ',' {
			break
		}
	}
	return line
}
