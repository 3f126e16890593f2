package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// parseHTML renders r as HTML and parses it as a browser would.
func parseHTML(t *testing.T, r *Report) (*html.Node, string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, HTML))
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	return doc, buf.String()
}

// walk calls fn for every element of the tree.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// TestHTMLSelfContained: nothing in the page is loaded from elsewhere,
// and its inline style and script are the ones its policy names; the
// table's data is a JSON block, which no policy runs.
func TestHTMLSelfContained(t *testing.T) {
	doc, page := parseHTML(t, goldenRun(t))
	var styles, scripts, data int
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "link", "img", "iframe", "object", "embed", "base", "form", "audio", "video", "source":
			t.Errorf("element <%s> would load something", n.Data)
		case "style":
			styles++
			require.Equal(t, reportCSS, text(n))
		case "script":
			require.Empty(t, attr(n, "src"))
			if attr(n, "type") == "application/json" {
				data++
			} else {
				scripts++
				require.Equal(t, reportJS, text(n))
			}
		case "meta":
			if attr(n, "http-equiv") == "Content-Security-Policy" {
				require.Equal(t, HTMLContentSecurityPolicy, attr(n, "content"))
			}
		}
		for _, a := range n.Attr {
			require.False(t, strings.HasPrefix(a.Key, "on"), "inline handler %s (a strict CSP blocks it)", a.Key)
			require.NotEqual(t, "style", a.Key, "inline style attribute (a strict CSP blocks it)")
			if a.Key == "href" {
				require.True(t, strings.HasPrefix(a.Val, "#"), "link %q leaves the page", a.Val)
			}
		}
	})
	require.Equal(t, 1, styles)
	require.Equal(t, 1, scripts)
	require.Equal(t, 1, data)
	require.Contains(t, HTMLContentSecurityPolicy, "default-src 'none'")
	require.Contains(t, HTMLContentSecurityPolicy, cspHash(reportCSS))
	require.Contains(t, HTMLContentSecurityPolicy, cspHash(reportJS))
	require.NotContains(t, page, "golden-canary-secret")
	require.Contains(t, reportCSS, "@media print", "a print stylesheet")
	require.Contains(t, reportCSS, "prefers-color-scheme:dark", "a dark mode")
}

// TestHTMLStructure: the failures come first, grouped by file, each with
// file:line, its problems and a command; the grid has a cell per
// documented status, failing cells link to their failure, and a failure
// on an undocumented status is marked in its operation's row; the table's
// data holds every interaction.
func TestHTMLStructure(t *testing.T) {
	r := goldenRun(t)
	doc, page := parseHTML(t, r)
	cells := map[string]*html.Node{}
	failures := map[string]*html.Node{}
	var sections, groups []string
	var undocumented []*html.Node
	var data string
	walk(doc, func(n *html.Node) {
		switch {
		case n.Data == "section" && attr(n, "id") != "":
			sections = append(sections, attr(n, "id"))
		case n.Data == "section" && hasClass(n, "file"):
			groups = append(groups, text(n.FirstChild))
		case n.Data == "td" && hasClass(n, "cell"):
			cells[attr(n, "id")] = n
		case n.Data == "td" && hasClass(n, "undocumented"):
			undocumented = append(undocumented, n)
		case n.Data == "article" && hasClass(n, "failure"):
			failures[attr(n, "id")] = n
		case attr(n, "id") == "rows-data":
			data = text(n)
		}
	})
	require.Equal(t, []string{"failures", "errors", "kinds", "coverage", "interactions"}, sections, "failures first")
	require.Equal(t, []string{"testdata/golden/run/drift.yml"}, groups, "failures grouped by file")
	require.Len(t, failures, r.Summary.Fail)
	require.Len(t, cells, r.Summary.Cells, "one cell per operation × documented status")
	require.Len(t, undocumented, 1, "the 418 of deleteThing, which no documented cell shows")
	require.Equal(t, "1", attr(undocumented[0], "data-failures"))

	failing := cells[cellID("things", "GET", "/things", "200")]
	require.True(t, hasClass(failing, "fail"))
	require.Equal(t, "1", attr(failing, "data-count"))
	require.Equal(t, "1", attr(failing, "data-failures"))
	var link string
	walk(failing, func(n *html.Node) {
		if n.Data == "a" {
			link = strings.TrimPrefix(attr(n, "href"), "#")
		}
	})
	target := failures[link]
	require.NotNil(t, target, "the failing cell links to its failure")
	for _, want := range []string{"testdata/golden/run/drift.yml:3", "listThings", "/response/body/0/status", "client_secret=REDACTED", "credkit conformance --strict testdata/golden/run/drift.yml"} {
		require.Contains(t, text(target), want)
	}
	require.True(t, hasClass(cells[cellID("things", "POST", "/things", "201")], "pass"))
	require.True(t, hasClass(cells[cellID("things", "PATCH", "/things/{id}", "200")], "none"))

	var table struct {
		Rows    [][]any  `json:"rows"`
		Strings []string `json:"strings"`
	}
	require.NoError(t, json.Unmarshal([]byte(data), &table))
	require.Len(t, table.Rows, r.Summary.Interactions+1, "every interaction, then null")
	require.Contains(t, table.Strings, "testdata/golden/run/drift.yml")
	require.Contains(t, page, "<dt>credkit</dt>", "run metadata")
}

// TestHTMLEscapes: what a recording controls is text, never markup.
func TestHTMLEscapes(t *testing.T) {
	res := Result{File: `<script>x</script>.yaml`, Method: "GET", URL: `https://h/"><img src=x>`, Status: 200, Outcome: Fail,
		Problems: []Problem{{Pointer: "/response/body", Message: "<b>bold</b>"}}}
	_, page := parseHTML(t, NewReport([]*Spec{things(t)}, []Result{res}))
	require.NotContains(t, page, "<img src=x>")
	require.NotContains(t, page, "<b>bold</b>")
	require.NotContains(t, page, "<script>x</script>")
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"cassettes/okta/a.yaml": "cassettes/okta/a.yaml",
		"a b.yaml":              "'a b.yaml'",
		"it's.yaml":             `'it'\''s.yaml'`,
		"$(rm -rf).yaml":        "'$(rm -rf).yaml'",
		"":                      "''",
	} {
		require.Equal(t, want, shellQuote(in), in)
	}
}

// TestHTMLRunMetadata: the page says which credkit wrote it, when, with
// which specs; the command only when it is credkit's own.
func TestHTMLRunMetadata(t *testing.T) {
	_, page := parseHTML(t, goldenRun(t))
	require.Contains(t, page, "<dt>credkit</dt><dd>"+ToolVersion()+"</dd>")
	require.Contains(t, page, "<dt>written</dt><dd>2026-01-02T03:04:05Z</dd>")
	require.Contains(t, page, "<dt>specs</dt><dd>things</dd>")
	require.NotContains(t, page, "<dt>command</dt>", "a test binary is not credkit")
	defer func(old []string) { os.Args = old }(os.Args)
	os.Args = []string{"/usr/local/bin/credkit", "conformance", "--strict", "-o", "html", "x\x1b[2J"}
	require.Equal(t, `credkit conformance --strict -o html x\x1b[2J`, commandLine())
}

func TestStringTable(t *testing.T) {
	st := newStringTable()
	require.Equal(t, 0, st.ref("a"))
	require.Equal(t, 1, st.ref("b"))
	require.Equal(t, 0, st.ref("a"))
	for i := range maxStrings {
		st.ref(fmt.Sprint(i))
	}
	require.Len(t, st.list, maxStrings, "bounded")
	require.Equal(t, "new", st.ref("new"), "a full table writes the string itself")
	require.Equal(t, 1, st.ref("b"))
}
