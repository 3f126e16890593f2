package conformance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// EnvScreenshot names where TestHTMLReportInBrowser also writes a
// screenshot of the report of cassettes/ alone (make report-screenshot).
const EnvScreenshot = "CREDKIT_REPORT_SCREENSHOT"

// findBrowser is Debian's chromium (which .ci/run installs), or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless browser for the test and records every
// network request the page makes.
func browser(t testing.TB) (context.Context, *requestLog) {
	t.Helper()
	path := findBrowser()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no browser: .ci/run installs Debian's chromium")
		}
		t.Skip("SKIPPED: no browser on this machine (apt-get install chromium); CI always has one")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1280, 1600))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	log := &requestLog{}
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithListener(log.add))
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx, log
}

// requestLog keeps the URL of every request a page sends.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) add(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

// textMatrix reads the coverage matrices of a table (or summary) report:
// spec -> operation -> status -> count.
func textMatrix(t *testing.T, report string) map[string]map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]map[string]string{}
	heading := regexp.MustCompile(`^COVERAGE (\S+):`)
	sc := bufio.NewScanner(strings.NewReader(report))
	var spec string
	var columns []string
	for sc.Scan() {
		line := sc.Text()
		if m := heading.FindStringSubmatch(line); m != nil {
			spec, columns = m[1], nil
			out[spec] = map[string]map[string]string{}
			continue
		}
		fields := strings.Fields(line)
		switch {
		case spec == "" || len(fields) < 2:
			spec = ""
		case fields[0] == "OPERATION":
			columns = fields[2:]
		default:
			row := map[string]string{}
			for i, c := range fields[2:] {
				if c != notDocumented {
					row[columns[i]] = c
				}
			}
			out[spec][fields[0]+" "+fields[1]] = row
		}
	}
	return out
}

// TestHTMLReportInBrowser loads the report of cassettes/ (and one drifted
// cassette) in a real browser from disk, under the page's own CSP, and
// checks it from the DOM: a cell per operation × documented status with
// the counts of the text report, the drifted cassette's cell failing and
// linking to its problem, the filters working, and no network request.
func TestHTMLReportInBrowser(t *testing.T) {
	ctx, requests := browser(t)
	start := time.Now()
	drifted := driftedCassette(t)
	r, err := Run(context.Background(), NewChecker(bundled(t), nil), nil, corpusDir, drifted)
	require.NoError(t, err)
	require.Equal(t, 1, r.Summary.Fail)
	var page, table bytes.Buffer
	require.NoError(t, r.Write(&page, HTML))
	require.NoError(t, r.Write(&table, SummaryOnly))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))

	type cell struct{ Spec, Op, Status, Count, Failures, Class, Href string }
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]cell](`Array.from(document.querySelectorAll("table.grid td.cell")).map(td => ({
		Spec: td.closest("table").dataset.spec,
		Op: td.parentNode.dataset.operation + " " + td.parentNode.children[1].textContent,
		Status: td.dataset.status, Count: td.dataset.count, Failures: td.dataset.failures,
		Class: td.className, Href: td.querySelector("a") ? td.querySelector("a").getAttribute("href") : ""}))`))
	require.NoError(t, err)
	require.Len(t, cells, r.Summary.Cells, "one cell per operation × documented status")
	t.Logf("the bundled specs document %d cells (258 when this test was written)", r.Summary.Cells)

	matrix := textMatrix(t, table.String())
	var failing []cell
	for _, c := range cells {
		require.Equal(t, matrix[c.Spec][c.Op][c.Status], c.Count, "%s %s %s: the count of the text report", c.Spec, c.Op, c.Status)
		if strings.Contains(c.Class, "fail") {
			failing = append(failing, c)
		}
	}
	require.Len(t, failing, 1, "the drifted cassette's cell, and only it, is marked failing")
	require.Equal(t, "1", failing[0].Failures)

	failure, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const a = document.getElementById(`+quoteJS(strings.TrimPrefix(failing[0].Href, "#"))+`);
		return a ? {where: a.querySelector(".loc").textContent, text: a.textContent} : {};
	})()`))
	require.NoError(t, err)
	require.Contains(t, failure["where"], filepath.Base(drifted)+":", "the failing cell links to its failure, at file:line")
	require.Contains(t, failure["text"], "/response/body/0")

	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const s = document.getElementById("filter-outcome"); s.value = "fail"; s.dispatchEvent(new Event("change"));
		return document.getElementById("filter-count").textContent + " " + location.hash;
	})()`))
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("1 of %d shown #outcome=fail", r.Summary.Interactions), shown, "the filters ran (the page's script passed its CSP) and are kept in the URL")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file+"#outcome=pass&q=getApplicationKey"), chromedp.WaitReady("#rows")))
	shown, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("filter-outcome").value + " " + document.getElementById("filter-count").textContent`))
	require.NoError(t, err)
	require.Regexp(t, `^pass [1-9][0-9]* of [0-9]+ shown$`, shown, "a URL's filters are applied when the page opens")

	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(t.ArtifactDir(), "conformance-report.png"), png, 0o644))

	background, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("td.cell.fail")).backgroundColor`))
	require.NoError(t, err)
	require.Equal(t, "rgb(251, 211, 208)", background, "the page's style passed its CSP")

	require.NotEmpty(t, requests.all(), "the listener sees the page's own load")
	for _, u := range requests.all() {
		require.True(t, strings.HasPrefix(u, "file://"+file), "the page made a network request: %s", u)
	}
	t.Logf("browser test: %d cells checked in %v (screenshot in %s)", len(cells), time.Since(start), t.ArtifactDir())

	if out := os.Getenv(EnvScreenshot); out != "" {
		writeReadmeScreenshot(t, ctx, out)
	}
}

// writeReadmeScreenshot writes a screenshot of the first screen of the
// report of a failing corpus, cassettes/ and a drifted cassette, at
// 1280 px, to out, for README.md.
func writeReadmeScreenshot(t *testing.T, ctx context.Context, out string) {
	r, err := Run(context.Background(), NewChecker(bundled(t), &Options{Strict: true}), nil, corpusDir, driftedCassette(t))
	require.NoError(t, err)
	var page bytes.Buffer
	require.NoError(t, r.Write(&page, HTML))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate("file://"+file), chromedp.WaitReady("#rows")))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out, png, 0o644))
}

func quoteJS(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// driftedCassette is a copy of a real Okta cassette whose first response
// body breaks its schema (a date that is not one) under a documented
// status, so that its cell fails.
func driftedCassette(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realWorldOkta, "Applications__get_app_keys.yaml"))
	require.NoError(t, err)
	text := strings.Replace(string(data), `"created":"2020-08-27T18:14:27.000Z"`, `"created":"not a date"`, 1)
	require.NotEqual(t, string(data), text)
	path := filepath.Join(t.TempDir(), "drifted_get_app_keys.yaml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}
