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
}

func pageLayout(t *testing.T, ctx context.Context, file string, width int) layout {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
		const f = document.querySelector("article.failure");
		return {ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth, InnerHeight: innerHeight,
			FirstFailureTop: f ? f.getBoundingClientRect().top : -1};
	})()`))
	require.NoError(t, err)
	return l
}

// TestHTMLLayoutInBrowser opens the report of the bundled cassettes plus
// a drifted one, and of a hostile cassette, at a desktop and a phone
// width: the page never scrolls sideways, and the first failure is on
// the first screen.
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
	require.Regexp(t, `^[1-9][0-9]* of 698 shown #q=listOrgOAuthApps$`, shown, "typing filters the table and keeps the filter in the URL")

	require.NoError(t, chromedp.Do(ctx, chromedp.Focus("#filter-outcome"), chromedp.KeyEvent(kb.ArrowDown)))
	outcome, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("filter-outcome").value`))
	require.NoError(t, err)
	require.NotEmpty(t, outcome, "the outcome filter answers the arrow keys")
}

// largeReport is the bundled run copied until it has at least n
// interactions, each copy in files of its own, with a failure per copy.
func largeReport(t *testing.T, n int) *Report {
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

// TestHTMLLoadsFastAt10k opens the report of more than 10,000
// interactions: it loads in under a second and its page holds a bounded
// number of elements (the table draws a page at a time), whatever the
// size of the run.
func TestHTMLLoadsFastAt10k(t *testing.T) {
	ctx, _ := browser(t)
	r := largeReport(t, 10000)
	var page bytes.Buffer
	require.NoError(t, r.Write(&page, HTML))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	// The best of three loads: the machine is shared, and a load can
	// only be slowed down by the others, never sped up.
	var best load
	for i := range 3 {
		got := loadPage(t, ctx, file)
		if i == 0 || got.LoadMS < best.LoadMS {
			best = got
		}
	}
	got := best
	t.Logf("%d interactions, %d bytes: loaded in %.0f ms (best of 3), %.0f elements", r.Summary.Interactions, page.Len(), got.LoadMS, got.Elements)
	require.Less(t, got.LoadMS, 1000.0, "the page loads in under a second")
	require.EqualValues(t, htmlPageSize, got.Rows, "one page of the table is drawn")
	require.Less(t, got.Elements, 20000.0, "the page's elements do not grow with the run past its failures")
}

// load is how long a page took to load, and its size in elements.
type load struct{ LoadMS, Elements, Rows float64 }

func loadPage(t *testing.T, ctx context.Context, file string) load {
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
