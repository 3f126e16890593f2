package bench

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/specs"
)

// The conformance benchmarks mirror conformance/bench_test.go from outside
// the package: the whole corpus (cassettes/) through conformance.Run, the
// checks alone over the loaded corpus, the naive use that loads the specs
// for every cassette, and one interaction through the suite against bare
// kin-openapi calls on a prebuilt router (the floor). Each reports
// ns/interaction and interactions/s.

var bundledSpecs = sync.OnceValues(conformance.BundledSpecs)

func specsOrFail(tb testing.TB) []*conformance.Spec {
	tb.Helper()
	s, err := bundledSpecs()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// reportThroughput reports the wall time and the CPU time (since cpu
// started, see cputime_test.go) per interaction, and interactions/s.
func reportThroughput(b *testing.B, interactions int, cpu cpuClock) {
	if interactions == 0 || b.N == 0 {
		return
	}
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(interactions)
	b.ReportMetric(per, "ns/interaction")
	b.ReportMetric(1e9/per, "interactions/s")
	cpu.report(b, interactions, "cpu-ns/interaction")
}

// BenchmarkConformance: corpus is `credkit conformance` minus loading the
// specs once (find, load and check every cassette, build the report);
// checks is Check alone over the loaded corpus; naive loads and validates
// the specs and builds their routers for every cassette; interaction/suite
// and interaction/bare are one interaction through the suite and through
// bare kin-openapi calls; corpus-bare is those bare calls over every loaded
// interaction, and corpus-load-bare loads the cassettes first, as corpus
// does. interaction/libopenapi and corpus-libopenapi are the same through
// pb33f/libopenapi-validator, the second anchor (libopenapi_test.go).
func BenchmarkConformance(b *testing.B) {
	files, err := conformance.FindCassettes(corpus)
	if err != nil {
		b.Fatal(err)
	}
	checker := conformance.NewChecker(specsOrFail(b), nil)
	loaded := make([]*conformance.Cassette, 0, len(files))
	total := 0
	for _, f := range files {
		c, err := conformance.LoadCassette(f)
		if err != nil {
			b.Fatal(err)
		}
		loaded = append(loaded, c)
		total += len(c.Interactions)
	}

	b.Run("corpus", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		n := 0
		for b.Loop() {
			report, err := conformance.Run(context.Background(), checker, nil, corpus)
			if err != nil {
				b.Fatal(err)
			}
			if report.Failed() {
				b.Fatal("the corpus does not conform")
			}
			n = report.Summary.Interactions
		}
		reportThroughput(b, n, cpu)
	})
	b.Run("checks", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			for _, c := range loaded {
				checker.CheckCassette(c)
			}
		}
		reportThroughput(b, total, cpu)
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			for _, f := range files {
				s, err := conformance.BundledSpecs()
				if err != nil {
					b.Fatal(err)
				}
				c, err := conformance.LoadCassette(f)
				if err != nil {
					b.Fatal(err)
				}
				conformance.NewChecker(s, nil).CheckCassette(c)
			}
		}
		reportThroughput(b, total, cpu)
	})

	bare := bareRouters(b)
	var router routers.Router
	for i, s := range specsOrFail(b) {
		if s.Name == "okta" { // the bench interaction's spec, wherever it is in the list
			router = bare[i]
		}
	}
	in := benchInteraction(b)
	if res := checker.Check("bench", 1, in); res.Outcome != conformance.Pass {
		b.Fatalf("the bench interaction does not pass: %+v", res.Problems)
	}
	if err := validateBare(router, in); err != nil {
		b.Fatalf("the bench interaction does not pass bare kin-openapi: %v", err)
	}
	b.Run("interaction/suite", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			checker.Check("bench", 1, in)
		}
		reportThroughput(b, 1, cpu)
	})
	b.Run("interaction/bare", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			_ = validateBare(router, in)
		}
		reportThroughput(b, 1, cpu)
	})
	libs := libopenapiValidators(b)
	lib := libs[slices.Index(specs.Vendors, "okta")] // the bench interaction's spec
	if ok, n := validateLibopenapi(lib, in); !ok {
		b.Logf("libopenapi-validator finds %d problems in the bench interaction (it is timed all the same)", n)
	}
	b.Run("interaction/libopenapi", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			validateLibopenapi(lib, in)
		}
		reportThroughput(b, 1, cpu)
	})
	b.Run("corpus-libopenapi", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			for _, c := range loaded {
				for _, in := range c.Interactions {
					for _, v := range libs {
						if ok, _ := validateLibopenapi(v, in); ok {
							break
						}
					}
				}
			}
		}
		reportThroughput(b, total, cpu)
	})
	b.Run("corpus-bare", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			for _, c := range loaded {
				for _, in := range c.Interactions {
					for _, r := range bare {
						if validateBare(r, in) != errNoRoute {
							break
						}
					}
				}
			}
		}
		reportThroughput(b, total, cpu)
	})
	b.Run("corpus-load-bare", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			for _, f := range files {
				c, err := conformance.LoadCassette(f)
				if err != nil {
					b.Fatal(err)
				}
				for _, in := range c.Interactions {
					for _, r := range bare {
						if validateBare(r, in) != errNoRoute {
							break
						}
					}
				}
			}
		}
		reportThroughput(b, total, cpu)
	})
}

// benchInteraction is the one conformance/bench_test.go uses: a GET of an
// Okta key, a JSON body of a dozen fields.
func benchInteraction(tb testing.TB) *cassette.Interaction {
	tb.Helper()
	c, err := conformance.LoadCassette(filepath.Join(corpus, "okta", "realworld", "Applications__get_app_keys.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	return c.Interactions[1]
}

// bareRouters builds a gorillamux router per bundled spec, host-free as
// the suite's are.
func bareRouters(tb testing.TB) []routers.Router {
	tb.Helper()
	var out []routers.Router
	for _, s := range specsOrFail(tb) {
		out = append(out, routerOf(tb, s.Doc))
	}
	return out
}

// routerOf matches on method and path alone: the servers keep only their
// base path, as the suite does for recorded placeholder hosts.
func routerOf(tb testing.TB, doc *openapi3.T) routers.Router {
	tb.Helper()
	clone := *doc
	clone.Servers = nil
	if len(doc.Servers) > 0 {
		u := doc.Servers[0].URL
		for name, v := range doc.Servers[0].Variables {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
		if i := strings.Index(u, "://"); i >= 0 {
			u = u[i+3:]
		}
		if i := strings.Index(u, "/"); i >= 0 && strings.TrimSuffix(u[i:], "/") != "" {
			clone.Servers = openapi3.Servers{{URL: strings.TrimSuffix(u[i:], "/")}}
		}
	}
	r, err := gorillamux.NewRouter(&clone)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

var errNoRoute = routers.ErrPathNotFound

// validateBare is the floor: FindRoute on a prebuilt router, then
// ValidateRequest and ValidateResponse, as kin-openapi's documentation
// shows them.
func validateBare(router routers.Router, in *cassette.Interaction) error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, in.Request.Method, in.Request.URL, strings.NewReader(in.Request.Body))
	if err != nil {
		return err
	}
	req.Header = in.Request.Headers
	route, params, err := router.FindRoute(req)
	if err != nil {
		if err == routers.ErrPathNotFound {
			return errNoRoute
		}
		return err
	}
	reqInput := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if err := openapi3filter.ValidateRequest(ctx, reqInput); err != nil {
		return err
	}
	return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 in.Response.Code,
		Header:                 in.Response.Headers,
		Body:                   io.NopCloser(strings.NewReader(in.Response.Body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	})
}
