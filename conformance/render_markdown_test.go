package conformance

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

func TestWriteMarkdown(t *testing.T) {
	results := thingsResults(t)
	results[0].Problems = []Problem{{Pointer: "/x", Message: "a | b\nc"}}
	results[0].Outcome = Fail
	out := render(t, NewReport([]*Spec{things(t)}, results), Markdown)
	for _, want := range []string{
		"# Conformance report: FAILED\n\n**TOTAL 5 interactions: 2 pass, 2 fail, 1 unmatched; 1 of 8 cells covered**\n\n- 2 of 5 interactions fail\n",
		"## Failures (2)\n\n### `a.yaml`\n\n- `a.yaml#0` `deleteThing` `DELETE` `https://h/v1/things/abc` → 204\n",
		"  - `/x`: `a | b\\nc`\n",
		"### `things`: 1 of 8 cells covered; 2 pass, 2 fail\n\n| OPERATION | METHOD | 200 | 201 | 204 | 400 | 4XX |\n| --- | --- | --- | --- | --- | --- | --- |\n| listThings | GET | 2 | . | . | . | 0 |\n",
		"## Unmatched (1)\n",
		"| fail | 404 | `GET` | `listThings` | `https://h/v1/things` | `b.yaml#1` |\n",
	} {
		require.Contains(t, out, want)
	}
	require.Less(t, strings.Index(out, "## Failures"), strings.Index(out, "## Coverage"), "failures come first")
}

func TestMdCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "`plain`"},
		{"", "-"},
		{"a`b", "``a`b``"},
		{"a``b`", "``` a``b` ```"},
		{"`x", "`` `x ``"},
		{" x ", "`  x  `"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, mdCode(tt.in), tt.in)
		html := markdownHTML(t, "x "+mdCode(tt.in)+" y")
		if tt.in != "" {
			require.Contains(t, html, "<code>", tt.in)
		}
	}
}

// markdownHTML renders Markdown as GitHub does (CommonMark with tables,
// autolinks and strikethrough), with raw HTML kept, the worst case.
func markdownHTML(t *testing.T, md string) string {
	t.Helper()
	var buf bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	require.NoError(t, gm.Convert([]byte(md), &buf))
	return buf.String()
}
