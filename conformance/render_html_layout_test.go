package conformance

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
)

// layout is what the browser says of a page at one width.
type layout struct {
	ScrollWidth, InnerWidth, InnerHeight int
	FirstFailureTop                      float64
	// OpenScrollWidth is ScrollWidth with every excerpt unfolded.
	OpenScrollWidth, Excerpts int
}

func pageLayout(t *testing.T, ctx context.Context, file string, width int) layout {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
		const f = document.querySelector("article.failure");
		const l = {ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth, InnerHeight: innerHeight,
			FirstFailureTop: f ? f.getBoundingClientRect().top : -1};
		const excerpts = document.querySelectorAll("details.excerpt");
		excerpts.forEach(d => { d.open = true; });
		l.OpenScrollWidth = document.documentElement.scrollWidth;
		l.Excerpts = excerpts.length;
		excerpts.forEach(d => { d.open = false; });
		return l;
	})()`))
	require.NoError(t, err)
	return l
}

// TestHTMLLayoutInBrowser opens the report of the bundled cassettes plus
// a drifted one, and of a hostile cassette, at a desktop and a phone
// width: the page never scrolls sideways, not even with every request
// and response excerpt unfolded, and the first failure is on the first
// screen.
func TestHTMLLayoutInBrowser(t *testing.T) {
	ctx, _ := browser(t)
	drifted := driftedCassette(t)
	r, err := Run(context.Background(), NewChecker(bundled(t), nil), nil, corpusDir, drifted)
	require.NoError(t, err)
	for name, report := range map[string]*Report{"bundled and drifted": r, "hostile": hostileRun(t)} {
		var page bytes.Buffer
		require.NoError(t, report.Write(&page, HTML))
		file := filepath.Join(t.TempDir(), "report.html")
		require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
		for _, width := range []int{1280, 390} {
			t.Run(fmt.Sprintf("%s at %d px", name, width), func(t *testing.T) {
				l := pageLayout(t, ctx, file, width)
				require.LessOrEqual(t, l.ScrollWidth, l.InnerWidth, "the page overflows sideways")
				require.Positive(t, l.Excerpts, "failures show their request and response")
				require.LessOrEqual(t, l.OpenScrollWidth, l.InnerWidth, "an unfolded excerpt overflows sideways")
				require.Positive(t, l.FirstFailureTop)
				require.Less(t, l.FirstFailureTop, float64(l.InnerHeight), "the first failure is on the first screen")
			})
		}
	}
}

// TestHTMLKeyboard: the report is usable from the keyboard: the first Tab
// reaches the link to the failures, and typing in the search filters the
// table.
func TestHTMLKeyboard(t *testing.T) {
	ctx, _ := browser(t)
	r, err := Run(context.Background(), NewChecker(bundled(t), nil), nil, corpusDir)
	require.NoError(t, err)
	var page bytes.Buffer
	require.NoError(t, r.Write(&page, HTML))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	require.NoError(t, err)
	require.Equal(t, "skip", focused, "the first Tab reaches the link to the failures")

	require.NoError(t, chromedp.Do(ctx, chromedp.Focus("#filter-q"), chromedp.KeyEvent("listOrgOAuthApps")))
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("filter-count").textContent + " " + location.hash`))
	require.NoError(t, err)
	require.Regexp(t, `^[1-9][0-9]* of [1-9][0-9]* shown #q=listOrgOAuthApps$`, shown, "typing filters the table and keeps the filter in the URL")

	require.NoError(t, chromedp.Do(ctx, chromedp.Focus("#filter-outcome"), chromedp.KeyEvent(kb.ArrowDown)))
	outcome, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("filter-outcome").value`))
	require.NoError(t, err)
	require.NotEmpty(t, outcome, "the outcome filter answers the arrow keys")
}

// largeReport is the bundled run copied until it has at least n
// interactions, each copy in files of its own, with a failure per copy.
func largeReport(t testing.TB, n int) *Report {
	t.Helper()
	specs := bundled(t)
	r, err := Run(context.Background(), NewChecker(specs, nil), nil, corpusDir)
	require.NoError(t, err)
	base := append(append([]Result(nil), r.Interactions...), r.Unmatched...)
	var all []Result
	for c := 0; len(all) < n; c++ {
		for i, res := range base {
			res.File = fmt.Sprintf("copy%03d/%s", c, res.File)
			if i == 0 {
				res.Outcome, res.Problems = Fail, []Problem{{Pointer: "/response/status", Message: "a failure in every copy"}}
			}
			all = append(all, res)
		}
	}
	return NewReport(specs, all)
}

// writeLarge writes the HTML report of at least n interactions to a file.
func writeLarge(t testing.TB, n int) (string, *Report, int) {
	r := largeReport(t, n)
	var page bytes.Buffer
	require.NoError(t, r.Write(&page, HTML))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	return file, r, page.Len()
}

// TestHTMLAt10k opens the report of more than 10,000 interactions: the
// table draws one page, the page holds a bounded number of elements
// whatever the size of the run, and its data costs less than 200 bytes an
// interaction. How fast it loads is BenchmarkHTMLLoad10k's to show: a
// shared machine makes a timed test flaky.
func TestHTMLAt10k(t *testing.T) {
	ctx, _ := browser(t)
	file, r, size := writeLarge(t, 10000)
	got := loadPage(t, ctx, file)
	t.Logf("%d interactions, %d bytes: loaded in %.0f ms, %.0f elements", r.Summary.Interactions, size, got.LoadMS, got.Elements)
	require.EqualValues(t, htmlPageSize, got.Rows, "one page of the table is drawn")
	require.Less(t, got.Elements, 5000.0, "the page's elements do not grow with the run")
	require.Less(t, size, 200*r.Summary.Interactions, "bytes an interaction")
}

// BenchmarkHTMLLoad10k loads the report of 10,470 interactions in
// chromium and reports the load time (navigation start to the end of the
// load event, in ms, the best of the run's loads: others on the machine
// can only slow a load down). The budget is under 1,000 ms.
//
//	go test ./conformance -run '^$' -bench HTMLLoad10k -benchtime 5x
func BenchmarkHTMLLoad10k(b *testing.B) {
	ctx, _ := browser(b)
	file, _, _ := writeLarge(b, 10000)
	best := 0.0
	for i := 0; b.Loop(); i++ {
		got := loadPage(b, ctx, file)
		if i == 0 || got.LoadMS < best {
			best = got.LoadMS
		}
	}
	b.ReportMetric(best, "best-load-ms")
}

// load is how long a page took to load, and its size in elements.
type load struct{ LoadMS, Elements, Rows float64 }

func loadPage(t testing.TB, ctx context.Context, file string) load {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[load](`new Promise(done => {
		const measure = () => { const n = performance.getEntriesByType("navigation")[0];
			if (!n || n.loadEventEnd === 0) { return setTimeout(measure, 20); }
			done({LoadMS: n.loadEventEnd - n.startTime, Elements: document.getElementsByTagName("*").length,
				Rows: document.querySelectorAll("#rows tbody tr").length}); };
		measure(); })`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	return got
}
