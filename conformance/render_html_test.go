package conformance

import (
	"bytes"
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
// and its inline style and script are the ones its policy names.
func TestHTMLSelfContained(t *testing.T) {
	doc, page := parseHTML(t, goldenRun(t))
	var styles, scripts int
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "link", "img", "iframe", "object", "embed", "base", "form", "audio", "video", "source":
			t.Errorf("element <%s> would load something", n.Data)
		case "style":
			styles++
			require.Equal(t, reportCSS, text(n))
		case "script":
			scripts++
			require.Empty(t, attr(n, "src"))
			require.Equal(t, reportJS, text(n))
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
	require.Contains(t, HTMLContentSecurityPolicy, "default-src 'none'")
	require.Contains(t, HTMLContentSecurityPolicy, cspHash(reportCSS))
	require.Contains(t, HTMLContentSecurityPolicy, cspHash(reportJS))
	require.NotContains(t, page, "golden-canary-secret")
	require.Contains(t, reportCSS, "@media print", "a print stylesheet")
}

// TestHTMLStructure: the grid has a cell per documented status, failing
// cells link to a failing row, rows are failures first, and everything is
// in the markup (readable without JavaScript).
func TestHTMLStructure(t *testing.T) {
	r := goldenRun(t)
	doc, _ := parseHTML(t, r)
	cells := map[string]*html.Node{}
	rows := map[string]*html.Node{}
	var rowOrder []string
	var filters *html.Node
	walk(doc, func(n *html.Node) {
		switch {
		case n.Data == "td" && hasClass(n, "cell"):
			cells[attr(n, "id")] = n
		case n.Data == "tr" && strings.HasPrefix(attr(n, "id"), "i-"):
			rows[attr(n, "id")] = n
			rowOrder = append(rowOrder, attr(n, "data-outcome"))
		case attr(n, "id") == "filters":
			filters = n
		}
	})
	require.Len(t, cells, r.Summary.Cells, "one cell per operation × documented status")
	require.Len(t, rows, r.Summary.Interactions, "one row per interaction")
	require.Equal(t, []string{"fail", "fail"}, rowOrder[:2], "failures first")
	require.NotNil(t, filters)
	require.NotEqual(t, -1, indexAttr(filters, "hidden"), "the filters show only where JavaScript runs")

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
	target := rows[link]
	require.NotNil(t, target, "the failing cell links to a row")
	require.Equal(t, "fail", attr(target, "data-outcome"))
	require.Contains(t, text(target), "/response/body/0/status")
	require.Contains(t, text(target), "client_secret=REDACTED")

	covered := cells[cellID("things", "POST", "/things", "201")]
	require.True(t, hasClass(covered, "pass"))
	notCovered := cells[cellID("things", "PATCH", "/things/{id}", "200")]
	require.True(t, hasClass(notCovered, "none"))
}

func indexAttr(n *html.Node, name string) int {
	for i, a := range n.Attr {
		if a.Key == name {
			return i
		}
	}
	return -1
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
