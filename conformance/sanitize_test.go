package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"plain", "GET https://h/x", 100, "GET https://h/x"},
		{"newline and CR", "a\nb\rc", 100, `a\nb\rc`},
		{"ANSI colour", "\x1b[31mred", 100, `\x1b[31mred`},
		{"OSC hyperlink", "\x1b]8;;https://evil\x07x", 100, `\x1b]8;;https://evil\x07x`},
		{"C1 CSI", "\u009b31m", 100, `\x9b31m`},
		{"DEL", "a\x7f", 100, `a\x7f`},
		{"bidi override", "abc\u202edcba", 100, `abc\u202edcba`},
		{"isolate and zero width", "\u2066x\u200b", 100, `\u2066x\u200b`},
		{"line separator", "a\u2028b", 100, `a\u2028b`},
		{"invalid UTF-8", "a\xffb", 100, `a\xffb`},
		{"unicode kept", "é → ✓", 100, "é → ✓"},
		{"cut", "abcdef", 3, "abc… (3 more bytes)"},
		{"cut after escapes", "\n\n\nabc", 2, `\n\n… (4 more bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, plainText(tt.in, tt.limit))
		})
	}
}

func TestSanitizedErrorUnwraps(t *testing.T) {
	err := sanitizedError(&os.PathError{Op: "open", Path: "a\nb", Err: os.ErrNotExist})
	require.Equal(t, `open a\nb: file does not exist`, err.Error())
	require.ErrorIs(t, err, os.ErrNotExist)
	require.NoError(t, sanitizedError(nil))
}

// hostileFile is a recording whose name, URLs, methods, headers and
// bodies try to break out of every report: terminal escapes, workflow
// commands, Markdown, HTML, XML, and credentials in the URL.
const hostileName = "evil\n::error::owned\x1b[2J<img src=x onerror=alert(1)>`@admin ![i](https:%2F%2Fevil.test%2Fi.png).yaml"

const hostileCassette = `version: 1
interactions:
- request:
    method: GET
    url: "https://alice:canary-pass-1@acme.example.com/v1/things;jsessionid=canary-sess-2?limit=zz&apiKey=canary-key-3&q=%0A::stop-commands::x\n::add-mask::y\u001b]8;;https://evil.test\u0007link\u202e#access_token=canary-tok-4"
    headers:
      Authorization: ["SSWS canary-body-9"]
      X-Evil: ["\n::error::header\u001b[31m"]
    body: "<script>alert(1)</script>\n# heading\u001b[31m\u202e\nclient_secret=canary-body-6&next=https://u:canary-body-7@h/?token=canary-body-8"
  response:
    status: 200 OK
    headers:
      Content-Type: ["application/json"]
      X-Request-Id: ["</failure>]]><script>alert(2)</script>\u001b[0m"]
    body: '[{"id":"</td><img src=x onerror=alert(3)>","status":"\n::error::body` + "`" + `x","echo":"SSWS canary-body-9","password":"canary-body-10"}]'
- request:
    method: "DELETE\n::warning::method<b>\u001b[5m"
    url: "https://acme.example.com/v1/things/abc?code=canary-code-5"
  response:
    status: 204 No Content
- request:
    method: GET
    url: "https://acme.example.com/nothing/\n::error::unmatched<i>x</i>"
  response:
    status: 200 OK
`

// hostileCanaries are the credentials of hostileCassette: no report may
// hold one.
var hostileCanaries = []string{"canary-pass-1", "canary-sess-2", "canary-key-3", "canary-tok-4", "canary-code-5",
	"canary-body-6", "canary-body-7", "canary-body-8", "canary-body-9", "canary-body-10"}

func hostileRun(t *testing.T) *Report {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, hostileName), []byte(hostileCassette), 0o644))
	r, err := Run(context.Background(), NewChecker([]*Spec{things(t)}, nil), nil, dir)
	require.NoError(t, err)
	require.Equal(t, 3, r.Summary.Interactions, "every hostile interaction is read")
	require.Positive(t, r.Summary.Fail)
	return r
}

// TestHostileCassetteInEveryFormat feeds hostile names, URLs, methods,
// headers and bodies through every format, and reads each report as its
// consumer would: a terminal or CI log, GitHub's workflow command parser,
// a Markdown renderer, an HTML parser, an XML parser, a JSON parser.
func TestHostileCassetteInEveryFormat(t *testing.T) {
	r := hostileRun(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			out := render(t, r, f)
			for _, c := range hostileCanaries {
				require.NotContains(t, out, c, "a credential of the URL is redacted")
			}
			for _, raw := range []string{"\x1b", "\x07", "\r", "\u202e", "\u009b"} {
				require.NotContains(t, out, raw, "no raw control character")
			}
			checkHostileConsumer(t, f, out)
			if f == HTML {
				require.Contains(t, out, "<pre>GET https://REDACTED@acme.example.com/", "the failure shows its request")
				require.Contains(t, out, "&lt;script&gt;alert(1)&lt;/script&gt;\n# heading\\x1b[31m\\u202e\n", "its body as text, its newlines kept, other controls escaped")
				require.Contains(t, out, "&lt;/td&gt;&lt;img src=x onerror=alert(3)&gt;", "the response body as text")
			}
		})
	}
}

func checkHostileConsumer(t *testing.T, f Format, out string) {
	switch f {
	case Table, SummaryOnly, GitHub:
		for _, line := range strings.Split(out, "\n") {
			if f == GitHub && strings.HasPrefix(line, "::") {
				require.Regexp(t, `^::(error|notice)( [^:]*)?::`, line, "only credkit's own workflow commands")
				continue
			}
			require.False(t, strings.HasPrefix(line, "::"), "a recording starts no workflow command: %q", line)
		}
	case Markdown:
		page := markdownHTML(t, out)
		require.NotContains(t, page, "<img")
		require.NotContains(t, page, "<script")
		require.NotContains(t, page, `href="https://evil`)
		require.Equal(t, 1, strings.Count(page, "<h1"), "no heading from a recording")
	case HTML:
		checkHostileHTML(t, out)
	case JUnit:
		dec := xml.NewDecoder(strings.NewReader(out))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err, "the JUnit report is well-formed XML")
		}
	case SARIF, JSON:
		require.True(t, json.Valid([]byte(out)))
	}
}

// checkHostileHTML parses the page as a browser does: one script (its
// own) and one JSON block that parses, no element or attribute from a
// recording.
func checkHostileHTML(t *testing.T, page string) {
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	scripts, data := 0, 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			require.NotContains(t, []string{"img", "b", "i"}, n.Data, "an element from a recording")
			if n.Data == "script" && htmlAttr(n, "type") == "application/json" {
				data++
				require.True(t, json.Valid([]byte(n.FirstChild.Data)), "the table's data stays whole")
			} else if n.Data == "script" {
				scripts++
			}
			for _, a := range n.Attr {
				require.False(t, strings.HasPrefix(a.Key, "on"), "an event handler from a recording: %s", a.Key)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	require.Equal(t, 1, scripts)
	require.Equal(t, 1, data)
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestHostileResultsInEveryFormat: results built by hand (NewReport, as a
// Transport does) are sanitized the same way.
func TestHostileResultsInEveryFormat(t *testing.T) {
	res := Result{File: hostileName, Index: 0, Line: 3, Method: "GET\n::error::m", URL: "https://u:canary-pass-1@h/x?token=canary-tok-4\x1b[0m",
		Spec: "things", Status: 500, Outcome: Fail, Problems: []Problem{{Pointer: "/response/\nbody", Message: "bad \x1b]0;title\x07 value\n::error::p", Received: "\x1b[0m<img src=x>"}},
		Excerpts: &Excerpts{Request: "client_secret=canary-body-6&x=\x1b]0;t\x07", Response: `{"password":"canary-body-10","x":"</pre><img src=x onerror=alert(1)>\u202e"}`}}
	r := NewReport([]*Spec{things(t)}, []Result{res})
	for _, f := range Formats {
		var buf bytes.Buffer
		require.NoError(t, r.Write(&buf, f))
		out := buf.String()
		require.NotContains(t, out, "canary", f)
		require.NotContains(t, out, "\x1b", f)
		checkHostileConsumer(t, f, out)
	}
}
