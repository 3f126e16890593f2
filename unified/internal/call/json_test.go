package call

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type decoded struct {
	A   int
	S   string
	Raw json.RawMessage
	B   []byte
}

// errReader fails after its text, as a connection cut mid-body does.
type errReader struct{ text string }

func (r *errReader) Read(p []byte) (int, error) {
	if r.text == "" {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, r.text)
	r.text = r.text[n:]
	return n, nil
}

func jsonAnswer(status int, contentType string, body io.Reader) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}}, Body: io.NopCloser(body)}
}

func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		contentType string
		body        io.Reader
		want        decoded
		err         string // "" for none
		notJSON     bool
	}{
		{"decoded", 200, "application/json", strings.NewReader(`{"A":1,"S":"x"}`), decoded{A: 1, S: "x"}, "", false},
		{"with a charset", 200, "application/json; charset=utf-8", strings.NewReader(`{"A":2}`), decoded{A: 2}, "", false},
		{"a vendor's JSON media type", 200, "application/vnd.okta+json", strings.NewReader(`{"A":3}`), decoded{A: 3}, "", false},
		{"HTML", 200, "text/html", strings.NewReader(`<html>login</html>`), decoded{}, `the answer is not JSON (Content-Type "text/html")`, true},
		{"no Content-Type at all", 200, "", strings.NewReader(`{"A":1}`), decoded{}, `the answer is not JSON (Content-Type "")`, true},
		{"a Content-Type echoing anything", 200, "text/html; q=" + strings.Repeat("x", 4096), strings.NewReader(`x`), decoded{}, `the answer is not JSON (Content-Type "text/html")`, true},
		{"JSON of another status", 201, "application/json", strings.NewReader(`{"A":1}`), decoded{}, "the operation documents no JSON answer with status 201", false},
		{"a 204 where a 200 is documented", 204, "application/json", http.NoBody, decoded{}, "the operation documents no JSON answer with status 204", false},
		{"JSON that does not decode", 200, "application/json", strings.NewReader(`{"A":"one"}`), decoded{}, "cannot unmarshal string", false},
		{"a body cut short", 200, "application/json", &errReader{text: `{"A":`}, decoded{}, io.ErrUnexpectedEOF.Error(), false},
		{"larger than a pooled buffer", 200, "application/json", strings.NewReader(`{"S":"` + strings.Repeat("a", maxPooled+1) + `"}`), decoded{S: strings.Repeat("a", maxPooled+1)}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decode[decoded](http.StatusOK)(jsonAnswer(c.status, c.contentType, c.body))
			if c.err == "" {
				require.NoError(t, err)
				require.Equal(t, c.want, got)
				return
			}
			require.ErrorContains(t, err, c.err)
			require.Equal(t, c.notJSON, errors.Is(err, ErrNotJSON))
		})
	}
}

// TestDecodeJSONKeepsNothingOfItsBuffer: what one answer decoded does not
// change when the pooled buffer reads the next one.
func TestDecodeJSONKeepsNothingOfItsBuffer(t *testing.T) {
	first, err := DecodeJSON[decoded](jsonAnswer(200, "application/json", strings.NewReader(`{"S":"first-secret","Raw":{"k":"first"},"B":"Zmlyc3Q="}`)), http.StatusOK)
	require.NoError(t, err)
	for range 100 {
		_, err := DecodeJSON[decoded](jsonAnswer(200, "application/json", strings.NewReader(`{"S":"XXXXXXXXXXXX","Raw":{"k":"XXXXX"},"B":"WFhYWFg="}`)), http.StatusOK)
		require.NoError(t, err)
	}
	require.Equal(t, decoded{S: "first-secret", Raw: json.RawMessage(`{"k":"first"}`), B: []byte("first")}, first)
}

// recorder is a model with its own UnmarshalJSON, as every generated
// one has: it keeps the bytes it was given, and refuses "fail".
type recorder struct{ got string }

var errRecorder = errors.New("recorder refuses")

func (r *recorder) UnmarshalJSON(b []byte) error {
	if string(b) == `"fail"` {
		return errRecorder
	}
	r.got = string(b)
	return nil
}

// bodiesToCompare take every path of unmarshal and DecodeJSONList: spaces
// around and inside, every kind of value and item, strings that hold
// brackets and escaped quotes, null, invalid JSON, trailing text, an item
// that its UnmarshalJSON refuses.
var bodiesToCompare = []string{
	`{"a":1}`, " \n\t{ \"a\" : [ 1 , 2 ] }\r\n ", `null`, `"s"`, `12`, `-1.5e3`, `true`,
	`[]`, ` [ ] `, `[{"a":"]"},{"b":"\"]"}]`, ` [ 1 , 22 ,333 ] `, `[[1,[2]],[],{}]`, `[null,"x",false]`,
	`["ok","fail"]`, `"fail"`, `{"a":`, `[{]`, `[1,]`, `{} x`, `[1] [2]`, ``, ` `,
}

// TestDecodeJSONCallsUnmarshalJSONAsEncodingJSON: a model's UnmarshalJSON
// gets from DecodeJSON what encoding/json would give it, and the same
// error comes back.
func TestDecodeJSONCallsUnmarshalJSONAsEncodingJSON(t *testing.T) {
	for _, body := range bodiesToCompare {
		var want recorder
		wantErr := json.Unmarshal([]byte(body), &want)
		got, err := DecodeJSON[recorder](jsonAnswer(200, "application/json", strings.NewReader(body)), http.StatusOK)
		if wantErr != nil {
			require.Error(t, err, "%q", body)
			require.Equal(t, wantErr.Error(), err.Error(), "%q", body)
			continue
		}
		require.NoError(t, err, "%q", body)
		require.Equal(t, want, got, "%q", body)
	}
}

// TestDecodeJSONListAsEncodingJSON: DecodeJSONList decodes every item as
// encoding/json would, and fails as it does.
func TestDecodeJSONListAsEncodingJSON(t *testing.T) {
	for _, body := range bodiesToCompare {
		var want []recorder
		wantErr := json.Unmarshal([]byte(body), &want)
		got, err := DecodeJSONList[recorder](jsonAnswer(200, "application/json", strings.NewReader(body)), http.StatusOK)
		if wantErr != nil {
			require.Error(t, err, "%q", body)
			require.Equal(t, wantErr.Error(), err.Error(), "%q", body)
			continue
		}
		require.NoError(t, err, "%q", body)
		require.Equal(t, want, got, "%q", body)
	}
	_, err := DecodeJSONList[recorder](jsonAnswer(200, "text/html", strings.NewReader(`[]`)), http.StatusOK)
	require.ErrorIs(t, err, ErrNotJSON)
	_, err = DecodeJSONList[recorder](jsonAnswer(201, "application/json", strings.NewReader(`[]`)), http.StatusOK)
	require.ErrorContains(t, err, "no JSON answer with status 201")
	_, err = DecodeJSONList[recorder](jsonAnswer(200, "application/json", &errReader{text: `[1,`}), http.StatusOK)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestPutBufferZeroesAndBounds(t *testing.T) {
	b := bytes.NewBufferString("a client secret")
	kept := b.Bytes()
	putBuffer(b)
	require.Equal(t, make([]byte, len(kept)), kept, "the bytes are zeroed")
	require.Zero(t, b.Len())
}

// BenchmarkDecodeJSON compares DecodeJSON with what a generated
// ParseXResponse does (io.ReadAll, then encoding/json) on a 5 KB list.
func BenchmarkDecodeJSON(b *testing.B) {
	item := `{"A":1,"S":"` + strings.Repeat("k", 480) + `"}`
	body := "[" + strings.Repeat(item+",", 9) + item + "]"
	b.Run("DecodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeJSON[[]decoded](jsonAnswer(200, "application/json", strings.NewReader(body)), http.StatusOK); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ReadAll", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			data, err := io.ReadAll(strings.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			var out []decoded
			if err := json.Unmarshal(data, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
