package call

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// ErrNotJSON is the cause of a 2xx answer that is not JSON.
var ErrNotJSON = errors.New("the answer is not JSON")

// Decode returns Do's parse function for an operation whose spec
// documents a JSON answer of type T with status want (200, or 201 for a
// creation): DecodeJSON.
func Decode[T any](want int) func(*http.Response) (T, error) {
	return func(resp *http.Response) (T, error) { return DecodeJSON[T](resp, want) }
}

// DecodeJSON reads a 2xx answer as the generated ParseXResponse function
// of its operation would, with the generated type T and encoding/json:
// only the status the spec documents (want), and only when the
// Content-Type says "json". Any other answer is an error (ErrNotJSON for
// one that is not JSON: a proxy's HTML login page, say), which Do reports
// as Internal, naming the operation and the status and quoting the start
// of the body (secrets redacted). It is every adapter's one way of reading
// a success answer.
//
// It reads the body into a pooled buffer where the generated function
// reads it with io.ReadAll, whose buffer grows from 512 bytes and is
// copied at each step: for Okta's key list (one key, 1.9 KB) that was
// half of the call's garbage and a fifth of its time. encoding/json
// copies what it keeps (strings, []byte, json.RawMessage; an UnmarshalJSON
// method must too), so the buffer is free again once T is decoded.
func DecodeJSON[T any](resp *http.Response, want int) (T, error) {
	var out T
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return out, err
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case !strings.Contains(ct, "json"):
		return out, fmt.Errorf("%w (Content-Type %q)", ErrNotJSON, contentType(ct)) // bounded, as NotJSON's
	case resp.StatusCode != want:
		return out, fmt.Errorf("the operation documents no JSON answer with status %d", resp.StatusCode)
	}
	err := json.Unmarshal(buf.Bytes(), &out)
	return out, err
}

// maxPooled is the largest buffer kept for another answer: a rare large
// body (up to the transport's cap) is not held for good.
const maxPooled = 256 << 10

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer empties b for the next answer, its bytes zeroed first: an
// answer may hold a secret (a new client's, say), and none stays behind in
// memory for longer than its decoding.
func putBuffer(b *bytes.Buffer) {
	clear(b.Bytes())
	b.Reset()
	if b.Cap() <= maxPooled {
		buffers.Put(b)
	}
}
