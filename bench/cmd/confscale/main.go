// Command confscale measures `credkit conformance` on corpora of about 500,
// 10,000 and 50,000 interactions, spread over many files (copies of
// cassettes/) and in one file: its peak RSS and its interactions per
// second, beside a bare kin-openapi loop (load each cassette with go-vcr,
// route and validate each interaction, no report) over the same files.
//
//	go run ./cmd/confscale -credkit /path/to/credkit [-baseline /path/to/old/credkit]
//
// It prints a Markdown table. The corpora are made in a temporary folder
// and removed afterwards.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
)

func main() {
	credkit := flag.String("credkit", "", "the credkit binary to measure")
	baseline := flag.String("baseline", "", "an older credkit binary to measure beside it (optional)")
	source := flag.String("cassettes", "../cassettes", "the corpus to replicate")
	sizes := flag.String("copies", "1,21,104", "copies of the corpus per size (483 interactions each today)")
	flag.Parse()
	if *credkit == "" {
		log.Fatal("confscale: -credkit is required")
	}
	tmp, err := os.MkdirTemp("", "confscale-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	files, perCopy := corpusFiles(*source)
	bare := newBare()
	fmt.Println("| corpus | interactions | size | binary | wall s | interactions/s | peak RSS MiB | bare kin-openapi interactions/s | ratio bare/credkit |")
	fmt.Println("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
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
			bareRate := bare.rate(corpus.path)
			for _, bin := range []struct{ name, path string }{{"before", *baseline}, {"after", *credkit}} {
				if bin.path == "" {
					continue
				}
				wall, rss := measure(bin.path, corpus.path)
				rate := float64(n) / wall.Seconds()
				fmt.Printf("| %s | %d | %s | %s | %.1f | %.0f | %.1f | %.0f | %.2f |\n",
					corpus.name, n, sizeOf(corpus.path), bin.name, wall.Seconds(), rate, float64(rss)/1024, bareRate, bareRate/rate)
			}
		}
		_ = os.RemoveAll(many)
		_ = os.Remove(one)
	}
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

// measure runs credkit conformance on path under GNU time and returns its
// wall time and peak RSS in KiB. (The rusage of a child forked from this
// process would count this process's own pages, copied by fork, in its
// peak: GNU time is a small process to fork from.)
func measure(bin, path string) (time.Duration, int64) {
	// Both versions know --format table, the default report.
	cmd := exec.Command("/usr/bin/time", "-f", "maxrss=%M", bin, "conformance", "--format", "table", path)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			log.Fatal(err)
		}
	}
	wall := time.Since(start)
	var rss int64
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "maxrss="); ok {
			if _, err := fmt.Sscan(v, &rss); err != nil {
				log.Fatalf("confscale: GNU time said %q", line)
			}
		}
	}
	if rss == 0 {
		log.Fatalf("confscale: no peak RSS from GNU time: %s", stderr.String())
	}
	return wall, rss
}

// bare is the floor: go-vcr's loader, kin-openapi's router and its request
// and response validation, nothing else.
type bare struct{ routers []routers.Router }

func newBare() *bare {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		log.Fatal(err)
	}
	b := &bare{}
	for _, s := range specs {
		clone := *s.Doc
		clone.Servers = openapi3.Servers{{URL: "/"}}
		for _, srv := range s.Doc.Servers {
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

// rate checks every interaction under path and returns interactions per
// second.
func (b *bare) rate(path string) float64 {
	files, err := conformance.FindCassettes(path)
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
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
	return float64(n) / time.Since(start).Seconds()
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
