package call

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/credkit/credkit/internal/jsonscan"
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
	if err := check(resp, want); err != nil {
		return out, err
	}
	err := unmarshal(buf.Bytes(), &out)
	return out, err
}

// DecodeJSONList is DecodeJSON for an operation whose JSON answer is a
// list of a generated model E (every one has its own UnmarshalJSON): each
// item is decoded with it, as encoding/json would, but without
// encoding/json's decoder state and its growing of the slice item by item
// (the items are counted first). Anything but a list (null, say) is
// json.Unmarshal's.
func DecodeJSONList[E any, P interface {
	*E
	json.Unmarshaler
}](resp *http.Response, want int) ([]E, error) {
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	if err := check(resp, want); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	start := jsonscan.SkipSpace(b, 0)
	if start >= len(b) || b[start] != '[' || !json.Valid(b) {
		var out []E
		err := json.Unmarshal(b, &out)
		return out, err
	}
	n := 0
	for i := start; ; n++ {
		if _, i = jsonscan.NextItem(b, i); i < 0 {
			break
		}
	}
	out := make([]E, n)
	for k, i := 0, start; k < n; k++ {
		var item []byte
		item, i = jsonscan.NextItem(b, i)
		if err := P(&out[k]).UnmarshalJSON(item); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// check refuses an answer that is not JSON, or not of the status want.
func check(resp *http.Response, want int) error {
	ct := resp.Header.Get("Content-Type")
	switch {
	case !strings.Contains(ct, "json"):
		return fmt.Errorf("%w (Content-Type %q)", ErrNotJSON, contentType(ct)) // bounded, as NotJSON's
	case resp.StatusCode != want:
		return fmt.Errorf("the operation documents no JSON answer with status %d", resp.StatusCode)
	}
	return nil
}

// unmarshal is json.Unmarshal(b, v). A v with its own UnmarshalJSON (a
// generated model) gets it called directly, with the value b holds
// (without the spaces around it), as encoding/json would call it, once
// json.Valid (whose scanner is pooled) has accepted b: encoding/json's
// decoder state and scanner stack are not allocated for every answer.
func unmarshal(b []byte, v any) error {
	u, ok := v.(json.Unmarshaler)
	if !ok || !json.Valid(b) {
		return json.Unmarshal(b, v)
	}
	end := len(b)
	for end > 0 && jsonscan.IsSpace(b[end-1]) {
		end--
	}
	return u.UnmarshalJSON(b[jsonscan.SkipSpace(b, 0):end])
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
