// Command confscale measures `credkit conformance` on corpora of about 500,
// 10,000 and 50,000 interactions, spread over many files (copies of
// cassettes/) and in one file: its peak RSS and its CPU time, beside a bare
// kin-openapi loop over the same files.
//
//	go run ./cmd/confscale -credkit /path/to/credkit [-baseline /path/to/old/credkit] [-rounds 5]
//
// Both sides are measured the same way, end to end: each is a child
// process (the bare loop is confscale itself, run with the hidden flag
// -bare-run PATH) that loads and validates the four bundled specs, builds
// their routers, then reads and checks every file; its CPU time is
// user+sys from the rusage of the child, which a machine shared with other
// jobs disturbs far less than wall time. The sides run alternately, rounds
// times, and the table has the median of each and the median and range of
// the per-round ratio credkit CPU / bare CPU.
//
// It prints a Markdown table. The corpora are made in a temporary folder
// and removed afterwards.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/specs"
)

func main() {
	credkit := flag.String("credkit", "", "the credkit binary to measure")
	baseline := flag.String("baseline", "", "an older credkit binary to measure beside it (optional)")
	source := flag.String("cassettes", "../cassettes", "the corpus to replicate")
	sizes := flag.String("copies", "1,14,72", "copies of the corpus per size (698 interactions each today: about 500, 10,000 and 50,000)")
	rounds := flag.Int("rounds", 5, "rounds per corpus; each round runs the bare loop and every binary once, alternately")
	bareRun := flag.String("bare-run", "", "") // hidden: be the bare loop over this path, as a child process
	big := flag.Int("big", 0, "instead: one cassette of this many interactions (the corpus's, repeated), checked by each binary, -rounds times, with the table and with every report")
	bigOut := flag.String("big-out", "", "with -big: only write the cassette to this path")
	flag.Parse()
	if *bigOut != "" && *big > 0 {
		files, _ := corpusFiles(*source)
		scratch, err := os.MkdirTemp("", "confscale-items-")
		if err != nil {
			log.Fatal(err)
		}
		writeBig(*bigOut, corpusItems(files, filepath.Join(scratch, "corpus.yaml")), *big)
		_ = os.RemoveAll(scratch)
		return
	}
	if *bareRun != "" {
		fmt.Println(runBare(*bareRun))
		return
	}
	if *credkit == "" {
		log.Fatal("confscale: -credkit is required")
	}
	if *big > 0 {
		bigFile(*source, *big, *rounds, *baseline, *credkit)
		return
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "confscale-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	files, perCopy := corpusFiles(*source)
	bins := []struct{ name, path string }{{"before", *baseline}, {"after", *credkit}}
	fmt.Printf("CPU time is user+sys of each child process (rusage), the median of %d alternating rounds; ratio is credkit CPU / bare CPU in the same round, median [min-max].\n\n", *rounds)
	fmt.Println("| corpus | interactions | size | binary | CPU s | interactions/CPU s | wall s | peak RSS MiB | bare CPU s | bare peak RSS MiB | ratio credkit/bare | range |")
	fmt.Println("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, s := range strings.Split(*sizes, ",") {
		var copies int
		if _, err := fmt.Sscan(s, &copies); err != nil {
			log.Fatalf("confscale: -copies: %v", err)
		}
		many := filepath.Join(tmp, fmt.Sprintf("many-%d", copies))
		replicate(files, *source, many, copies)
		one := filepath.Join(tmp, fmt.Sprintf("one-%d.yaml", copies))
		combine(files, one, copies)
		n := perCopy * copies
		for _, corpus := range []struct{ name, path string }{{"many files", many}, {"one file", one}} {
			var bare []sample
			got := map[string][]sample{}
			for range *rounds {
				bare = append(bare, measure(self, "-bare-run", corpus.path))
				for _, bin := range bins {
					if bin.path != "" {
						// Both versions know --format table, the default report.
						got[bin.name] = append(got[bin.name], measure(bin.path, "conformance", "--format", "table", corpus.path))
					}
				}
			}
			for _, bin := range bins {
				if bin.path == "" {
					continue
				}
				ss := got[bin.name]
				ratios := make([]float64, len(ss))
				for i := range ss {
					ratios[i] = ss[i].cpu.Seconds() / bare[i].cpu.Seconds()
				}
				cpu := medianOf(ss, func(s sample) float64 { return s.cpu.Seconds() })
				fmt.Printf("| %s | %d | %s | %s | %.2f | %.0f | %.2f | %.1f | %.2f | %.1f | %.2f | %.2f-%.2f |\n",
					corpus.name, n, sizeOf(corpus.path), bin.name, cpu, float64(n)/cpu,
					medianOf(ss, func(s sample) float64 { return s.wall.Seconds() }),
					medianOf(ss, func(s sample) float64 { return float64(s.rss) / 1024 }),
					medianOf(bare, func(s sample) float64 { return s.cpu.Seconds() }),
					medianOf(bare, func(s sample) float64 { return float64(s.rss) / 1024 }),
					median(ratios), slices.Min(ratios), slices.Max(ratios))
			}
		}
		_ = os.RemoveAll(many)
		_ = os.Remove(one)
	}
}

// sample is one run of a child process.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

func medianOf(ss []sample, f func(sample) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	return median(v)
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// corpusFiles lists the cassettes of source and counts their interactions.
func corpusFiles(source string) ([]string, int) {
	files, err := conformance.FindCassettes(source)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, f := range files {
		c, err := conformance.LoadCassette(f)
		if err != nil {
			log.Fatal(err)
		}
		n += len(c.Interactions)
	}
	return files, n
}

// replicate copies every file into dir, copies times.
func replicate(files []string, source, dir string, copies int) {
	for i := range copies {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				log.Fatal(err)
			}
			rel, err := filepath.Rel(source, f)
			if err != nil {
				log.Fatal(err)
			}
			out := filepath.Join(dir, fmt.Sprintf("copy%03d", i), rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(out, data, 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
}

// combine writes every interaction of files, copies times, into one
// go-vcr cassette.
func combine(files []string, out string, copies int) {
	c := cassette.New(strings.TrimSuffix(out, ".yaml"))
	for range copies {
		for _, f := range files {
			in, err := conformance.LoadCassette(f)
			if err != nil {
				log.Fatal(err)
			}
			for _, i := range in.Interactions {
				c.AddInteraction(i)
			}
		}
	}
	if err := c.Save(); err != nil {
		log.Fatal(err)
	}
}

func sizeOf(path string) string {
	var total int64
	_ = filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return fmt.Sprintf("%.1f MB", float64(total)/1e6)
}

// measure runs a command under GNU time and returns its wall time, its CPU
// time (user+sys from the rusage of wait4, which counts the command, a
// child of GNU time, and GNU time itself, a few hundred microseconds) and its
// peak RSS in KiB. (The peak RSS in the rusage of a child forked from this
// process would count this process's own pages, copied by fork: GNU time
// is a small process to fork from, and reports its child's alone.)
func measure(name string, args ...string) sample {
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "maxrss=%M", name}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr // standard output goes to /dev/null
	start := time.Now()
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			log.Fatal(err)
		}
	}
	s := sample{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "maxrss="); ok {
			if _, err := fmt.Sscan(v, &s.rss); err != nil {
				log.Fatalf("confscale: GNU time said %q", line)
			}
		}
	}
	if s.rss == 0 {
		log.Fatalf("confscale: no peak RSS from GNU time: %s", stderr.String())
	}
	return s
}

// bare is the floor: what any program that checks recordings against the
// specs with kin-openapi must do, and nothing more: parse and validate the
// four bundled specs and build their routers, load each cassette with
// go-vcr's loader, route and validate each request and response.
type bare struct{ routers []routers.Router }

// runBare is the bare loop over every cassette under path, end to end, as
// a process of its own (confscale -bare-run PATH); it returns the number of
// interactions seen.
func runBare(path string) int {
	b := newBare()
	files, err := conformance.FindCassettes(path)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, f := range files {
		c, err := cassette.Load(strings.TrimSuffix(f, ".yaml"))
		if err != nil {
			log.Fatal(err)
		}
		for _, in := range c.Interactions {
			n++
			b.validate(in)
		}
	}
	return n
}

func newBare() *bare {
	b := &bare{}
	for _, vendor := range specs.Vendors {
		data, err := specs.FS.ReadFile(vendor + ".yaml")
		if err != nil {
			log.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			log.Fatal(err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			log.Fatal(err)
		}
		clone := *doc
		clone.Servers = openapi3.Servers{{URL: "/"}}
		for _, srv := range doc.Servers {
			if base, err := srv.BasePath(); err == nil && base != "/" {
				clone.Servers = openapi3.Servers{{URL: base}}
			}
		}
		r, err := gorillamux.NewRouter(&clone)
		if err != nil {
			log.Fatal(err)
		}
		b.routers = append(b.routers, r)
	}
	return b
}

func (b *bare) validate(in *cassette.Interaction) {
	req, err := http.NewRequestWithContext(context.Background(), in.Request.Method, in.Request.URL, strings.NewReader(in.Request.Body))
	if err != nil {
		return
	}
	req.Header = in.Request.Headers
	for _, r := range b.routers {
		route, params, err := r.FindRoute(req)
		if err != nil {
			continue
		}
		opts := &openapi3filter.Options{MultiError: true, SkipSettingDefaults: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
		reqIn := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		_ = openapi3filter.ValidateRequest(context.Background(), reqIn)
		_ = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: reqIn, Status: in.Response.Code, Header: in.Response.Headers,
			Body: io.NopCloser(strings.NewReader(in.Response.Body)), Options: opts,
		})
		return
	}
}

// bigFile measures each binary on one cassette of n interactions: the
// interactions of the corpus, repeated in order, written as go-vcr v3
// writes a cassette. The bare loop is left out: go-vcr's loader holds the
// whole file's YAML tree (1.4 GB of RSS at 50,000 interactions).
func bigFile(source string, n, rounds int, binaries ...string) {
	tmp, err := os.MkdirTemp("", "confscale-big-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	files, _ := corpusFiles(source)
	items := corpusItems(files, filepath.Join(tmp, "corpus.yaml"))
	path := filepath.Join(tmp, fmt.Sprintf("big-%d.yaml", n))
	writeBig(path, items, n)
	reports := filepath.Join(tmp, "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		log.Fatal(err)
	}
	every := []string{"--junit-file", filepath.Join(reports, "r.xml"), "--sarif-file", filepath.Join(reports, "r.sarif"),
		"--html-file", filepath.Join(reports, "r.html"), "--json-file", filepath.Join(reports, "r.json"),
		"--markdown-file", filepath.Join(reports, "r.md"), "--github-file", filepath.Join(reports, "r.github"),
		"--summary-file", filepath.Join(reports, "r.summary")}
	size := int64(1) << 40
	fmt.Printf("One cassette of %d interactions, %s; median of %d rounds (min-max).\n\n", n, sizeOf(path), rounds)
	fmt.Println("| binary | reports | CPU s | interactions/CPU s | wall s | peak RSS MiB |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | --- |")
	for i, bin := range binaries {
		if bin == "" {
			continue
		}
		name := []string{"before", "after"}[i]
		for _, r := range []struct {
			name string
			args []string
		}{{"table", nil}, {"every format", every}} {
			var ss []sample
			for range rounds {
				args := append([]string{"conformance", "--max-file-size", fmt.Sprint(size), "--format", "table"}, r.args...)
				ss = append(ss, measure(bin, append(args, path)...))
			}
			rss := func(s sample) float64 { return float64(s.rss) / 1024 }
			cpu := medianOf(ss, func(s sample) float64 { return s.cpu.Seconds() })
			lo, hi := rss(ss[0]), rss(ss[0])
			for _, s := range ss {
				lo, hi = min(lo, rss(s)), max(hi, rss(s))
			}
			fmt.Printf("| %s | %s | %.1f | %.0f | %.1f | %.1f (%.1f-%.1f) |\n", name, r.name, cpu, float64(n)/cpu,
				medianOf(ss, func(s sample) float64 { return s.wall.Seconds() }), medianOf(ss, rss), lo, hi)
		}
	}
}

// corpusItems is every interaction of files as the text of an item of a
// go-vcr v3 cassette: the files are combined once into scratch, as go-vcr
// saves a cassette, and its interactions block cut at each item.
func corpusItems(files []string, scratch string) []string {
	combine(files, scratch, 1)
	data, err := os.ReadFile(scratch)
	if err != nil {
		log.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "\ninteractions:\n")
	if !ok {
		log.Fatal("confscale: go-vcr wrote no interactions block")
	}
	var items []string
	for _, line := range strings.SplitAfter(block, "\n") {
		switch {
		case strings.HasPrefix(line, "    - "):
			items = append(items, line)
		case strings.HasPrefix(line, "     ") || strings.TrimSpace(line) == "":
			if len(items) > 0 {
				items[len(items)-1] += line
			}
		default:
			log.Fatalf("confscale: a line outside the interactions block: %q", line)
		}
	}
	return items
}

// writeBig writes a cassette of n interactions, items repeated in order.
func writeBig(path string, items []string, n int) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, _ = io.WriteString(w, "version: 2\ninteractions:\n")
	for i := range n {
		_, _ = io.WriteString(w, items[i%len(items)])
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
