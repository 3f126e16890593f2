package conformance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/joshdk/go-junit"
	"github.com/stretchr/testify/require"
)

// bigItems are the interactions a big cassette repeats, as go-vcr v3
// writes them (%d is the id): a passing list whose headers carry an
// anchor (in the first interaction only) that every later one aliases, a passing delete, a failing list
// (a thing without its status, with a body excerpt to keep), and one that
// matches no path.
var bigItems = []string{
	`    - id: %d
      request:
        method: GET
        url: https://acme.example.com/v1/things?limit=2
        headers: &auth
            Authorization:
                - SSWS REDACTED
      response:
        code: 200
        headers:
            Content-Type:
                - application/json
            X-Request-Id:
                - r1
        body: '[{"id":"t1","status":"ACTIVE"},{"id":"t2","status":"INACTIVE","size":3}]'
`,
	`    - id: %d
      request:
        method: DELETE
        url: https://acme.example.com/v1/things/abc
        headers: *auth
      response:
        code: 204
`,
	`    - id: %d
      request:
        method: GET
        url: https://acme.example.com/v1/things
        headers: *auth
      response:
        code: 200
        headers:
            Content-Type:
                - application/json
            X-Request-Id:
                - r2
        body: '[{"id":"t1","size":"big","tags":["a","b","c","d","e","f","g","h"]}]'
`,
	`    - id: %d
      request:
        method: GET
        url: https://acme.example.com/v2/elsewhere
        headers: *auth
      response:
        code: 200
`,
}

// bigMix is the order of bigItems in a big cassette, 50 interactions a
// round: mostly passing, 2 failures and 1 unmatched.
var bigMix = func() []int {
	mix := make([]int, 50)
	for i := range mix {
		mix[i] = i % 2
	}
	mix[17], mix[41], mix[29] = 2, 2, 3
	return mix
}()

// writeBigCassette writes a go-vcr v3 cassette of n interactions of the
// things spec to w, an interaction at a time.
func writeBigCassette(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	if _, err := io.WriteString(bw, "version: 2\ninteractions:\n"); err != nil {
		return err
	}
	for i := range n {
		item := bigItems[bigMix[i%len(bigMix)]]
		if i > 0 && item == bigItems[0] {
			// Only the first defines the anchor; the others alias it.
			item = strings.Replace(item, "headers: &auth\n            Authorization:\n                - SSWS REDACTED\n", "headers: *auth\n", 1)
		}
		if _, err := fmt.Fprintf(bw, item, i); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// bigCassette writes a cassette of n interactions in a temporary folder.
func bigCassette(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("big-%d.yaml", n))
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, writeBigCassette(f, n))
	require.NoError(t, f.Close())
	return path
}

// bigSummary is the summary of a run over a big cassette of n
// interactions.
func bigSummary(n int) Summary {
	s := Summary{Files: 1, Interactions: n, Cells: 8, CellsCovered: 2}
	for i := range n {
		switch bigMix[i%len(bigMix)] {
		case 2:
			s.Fail++
		case 3:
			s.Unmatched++
		default:
			s.Pass++
		}
	}
	return s
}

// heapSampler is a Sink that passes a run on and, at every part of a
// file it receives, reads two measures of the heap: the bytes of heap
// objects (live and not yet collected), and the live heap as the last
// garbage collection marked it; it keeps the peak of each, and the size
// of the parts.
type heapSampler struct {
	next             Sink
	sample           []metrics.Sample
	peak, base       [2]uint64
	parts, mostParts int
}

func newHeapSampler(next Sink) *heapSampler {
	h := &heapSampler{next: next, sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}}
	runtime.GC()
	h.base = h.read()
	return h
}

func (h *heapSampler) read() [2]uint64 {
	metrics.Read(h.sample)
	return [2]uint64{h.sample[0].Value.Uint64(), h.sample[1].Value.Uint64()}
}

func (h *heapSampler) note() {
	now := h.read()
	h.peak = [2]uint64{max(h.peak[0], now[0]), max(h.peak[1], now[1])}
}

func (h *heapSampler) File(f FileResults) error {
	h.parts++
	h.mostParts = max(h.mostParts, len(f.Results))
	h.note()
	return h.next.File(f)
}

func (h *heapSampler) Finish(r *Report) error {
	h.note()
	return h.next.Finish(r)
}

// grown is how far the heap objects and the live heap went above where
// they were at the start, in MiB.
func (h *heapSampler) grown() (objects, live float64) {
	mib := func(i int) float64 {
		if h.peak[i] < h.base[i] {
			return 0
		}
		return float64(h.peak[i]-h.base[i]) / (1 << 20)
	}
	return mib(0), mib(1)
}

// everyFormat is a sink of every format, each writing to io.Discard.
func everyFormat(t testing.TB) Sink {
	t.Helper()
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	sinks := make([]Sink, len(Formats))
	for i, f := range Formats {
		s, err := NewSink(io.Discard, f)
		require.NoError(t, err)
		sinks[i] = s
	}
	return MultiSink(sinks...)
}

// TestOneBigFileMemoryBounded: a cassette of 10,000 interactions (aliases
// to an anchor of its first, failures and unmatched among them) is
// checked and written in every format with the heap bounded: the sinks
// receive it in parts of at most ChunkSize verdicts, and the live heap
// grows no more over it than over a cassette of 2,000. Keeping the
// verdicts of the file, as the run did before, took about 1.2 KiB of live
// heap an interaction (23 MiB at 20,000). Each size runs in a process of
// its own (this test binary again), so that nothing else lives in the
// heap it measures; the child's peak RSS is logged.
// CREDKIT_STRESS=N checks a cassette of N interactions instead of 10,000.
func TestOneBigFileMemoryBounded(t *testing.T) {
	if spec := os.Getenv("CREDKIT_BIGFILE_CHILD"); spec != "" {
		bigFileChild(t, spec)
		return
	}
	n := 10000
	if v := os.Getenv("CREDKIT_STRESS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err, "CREDKIT_STRESS is a number of interactions")
	}
	const (
		small     = 2000
		liveBound = 8 // MiB, fixed costs included: buffers, spools' writers, the string table
		// growBound is in MiB, from small to n interactions. The live
		// heap is as of the last collection, whose timing moves it by
		// about 2 MiB from run to run (0.2 and 2.0 seen at 10,000);
		// keeping the file's verdicts grew it by about 9.4 MiB over the
		// same 8,000 interactions, which the bound still refuses.
		growBound = 4
	)
	var live [2]float64
	for i, size := range []int{small, n} {
		path := bigCassette(t, size)
		cmd := exec.Command(os.Args[0], "-test.run", "^TestOneBigFileMemoryBounded$", "-test.v")
		cmd.Env = append(os.Environ(), "CREDKIT_BIGFILE_CHILD="+path+":"+strconv.Itoa(size))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		var objects float64
		m := regexp.MustCompile(`bigfile: objects=([0-9.]+) live=([0-9.]+)`).FindSubmatch(out)
		require.NotNil(t, m, "%s", out)
		objects, _ = strconv.ParseFloat(string(m[1]), 64)
		live[i], _ = strconv.ParseFloat(string(m[2]), 64)
		var rss int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss / 1024 // KiB on Linux
		}
		t.Logf("%d interactions: heap objects grew by %.1f MiB at most, the live heap by %.1f MiB; peak RSS of the process %d MiB", size, objects, live[i], rss)
		require.NoError(t, os.Remove(path))
	}
	require.Less(t, live[1], float64(liveBound), "the live heap")
	require.Less(t, live[1]-live[0], float64(growBound), "the live heap grows with the file")
}

// bigFileChild is the measuring side of TestOneBigFileMemoryBounded:
// spec is PATH:N.
func bigFileChild(t *testing.T, spec string) {
	i := strings.LastIndexByte(spec, ':')
	path := spec[:i]
	size, err := strconv.Atoi(spec[i+1:])
	require.NoError(t, err)
	checker := NewChecker([]*Spec{things(t)}, nil)
	sampler := newHeapSampler(everyFormat(t))
	r, err := Stream(context.Background(), checker, &RunOptions{MaxFileSize: 1 << 40}, sampler, path)
	require.NoError(t, err)
	require.Equal(t, bigSummary(size), r.Summary)
	require.Empty(t, r.Errors)
	require.Equal(t, (size+ChunkSize-1)/ChunkSize, sampler.parts, "one part per ChunkSize verdicts")
	require.Equal(t, ChunkSize, sampler.mostParts)
	objects, live := sampler.grown()
	fmt.Printf("bigfile: objects=%.2f live=%.2f\n", objects, live)
}

// partsSink notes the parts a run passes on.
type partsSink struct {
	sizes []int
	more  []bool
	errs  []error
}

func (p *partsSink) File(f FileResults) error {
	p.sizes, p.more, p.errs = append(p.sizes, len(f.Results)), append(p.more, f.More), append(p.errs, f.Err)
	return nil
}

func (p *partsSink) Finish(*Report) error { return nil }

// TestStreamInParts: a file of 600 interactions that breaks off after
// them reaches a Sink in parts of ChunkSize, the last with the error; the
// JUnit report still has one suite for it, whose cases wait on disk past
// junitHeld; and every format written as the run goes is the one its
// Report writes afterwards.
func TestStreamInParts(t *testing.T) {
	path := bigCassette(t, 600)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = io.WriteString(f, "    - id: 600\n      request: [\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	checker := NewChecker([]*Spec{things(t)}, nil)

	parts := &partsSink{}
	r, err := Stream(context.Background(), checker, nil, parts, path)
	require.NoError(t, err)
	require.Equal(t, []int{256, 256, 88}, parts.sizes)
	require.Equal(t, []bool{true, true, false}, parts.more)
	require.Nil(t, parts.errs[0])
	require.Nil(t, parts.errs[1])
	require.ErrorContains(t, parts.errs[2], "interaction 600 (line")
	require.Equal(t, 1, r.Summary.Files)
	require.Equal(t, 600, r.Summary.Interactions)

	defer func(held int) { junitHeld = held }(junitHeld)
	junitHeld = 4 << 10
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	whole, err := Run(context.Background(), checker, nil, path)
	require.NoError(t, err)
	require.True(t, whole.Failed(), "the file error fails the run")
	for _, format := range Formats {
		var streamed bytes.Buffer
		sink, err := NewSink(&streamed, format)
		require.NoError(t, err)
		_, err = Stream(context.Background(), checker, nil, sink, path)
		require.NoError(t, err)
		require.Equal(t, render(t, whole, format), streamed.String(), format)
		if format != JUnit {
			continue
		}
		require.NotContains(t, streamed.String(), junitTimeMark)
		if xmllint, err := exec.LookPath("xmllint"); err == nil {
			doc := filepath.Join(t.TempDir(), "report.xml")
			require.NoError(t, os.WriteFile(doc, streamed.Bytes(), 0o644))
			out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "schemas", "junit-file-line.xsd"), doc).CombinedOutput()
			require.NoError(t, err, "%s", out)
		}
		suites, err := junit.Ingest(streamed.Bytes())
		require.NoError(t, err)
		require.Len(t, suites, 1)
		totals := suites[0].Totals
		require.Equal(t, 601, totals.Tests)
		require.Equal(t, 24, totals.Failed)
		require.Equal(t, 12, totals.Skipped)
		require.Equal(t, 1, totals.Error)
	}
}
