package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const harText = `{
  "log": {
    "version": "1.2",
    "creator": {"name": "a browser", "version": "1"},
    "pages": [{"id": "p1", "title": "x"}],
    "entries": [
      {
        "request": {"method": "POST", "url": "https://h/v1/things", "headers": [{"name": ":authority", "value": "h"}, {"name": "content-type", "value": "application/x-www-form-urlencoded"}],
          "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "a", "value": "1"}]}},
        "response": {"status": 201, "headers": [{"name": "Content-Type", "value": "application/json"}], "content": {"mimeType": "application/json", "text": "{\"id\":\"t\"}"}}
      },
      {
        "request": {"method": "GET", "url": "https://h/v1/things", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"text": "W10=", "encoding": "base64"}}
      }
    ]
  }
}`

func TestReadHAR(t *testing.T) {
	got, err := readAll(t, "x.har", harText)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, Exchange{
		Method: "POST", URL: "https://h/v1/things", RequestHeader: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}},
		RequestBody: "a=1", Status: 201, ResponseHeader: map[string][]string{"Content-Type": {"application/json"}}, ResponseBody: `{"id":"t"}`, Line: 7,
	}, got[0], "pseudo-headers dropped, params encoded")
	require.Equal(t, "[]", got[1].ResponseBody, "base64 content decoded")
	require.Equal(t, 12, got[1].Line)
}

func TestReadHARErrors(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"not json":        {"version: 2", "not a HAR file"},
		"array":           {"[]", "not a HAR file: a HAR file is not a JSON {"},
		"no log":          {`{"x": 1}`, `not a HAR file: no "log"`},
		"no entries":      {`{"log": {"version": "1.2"}}`, `not a HAR file: no "entries"`},
		"entries object":  {`{"log": {"entries": {}}}`, "entries is not a JSON ["},
		"bad entry":       {`{"log": {"entries": [{"response": {"status": "x"}}]}}`, "log.entries[0] (line 1)"},
		"bad base64":      {`{"log": {"entries": [{"response": {"status": 200, "content": {"text": "%%", "encoding": "base64"}}}]}}`, "not valid base64"},
		"truncated entry": {`{"log": {"entries": [{"request": `, "log.entries[0]"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := readAll(t, "x.har", tt.text)
			require.ErrorContains(t, err, tt.want)
		})
	}
}
