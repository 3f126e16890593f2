package conformance

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// The benchmarks show what the suite costs: over the whole corpus, per
// interaction against bare kin-openapi calls with a prebuilt router, and
// against the naive use that loads the specs again for every cassette.

// BenchmarkCorpus is `credkit conformance` minus spec loading: find, load
// and check every cassette under cassettes/, and build the report.
func BenchmarkCorpus(b *testing.B) {
	checker := NewChecker(bundled(b), nil)
	var n int
	for b.Loop() {
		report, err := Run(context.Background(), checker, nil, corpusDir)
		require.NoError(b, err)
		n = report.Summary.Interactions
	}
	reportPerInteraction(b, n)
}

// BenchmarkCorpusChecks checks the already loaded corpus: Check alone.
func BenchmarkCorpusChecks(b *testing.B) {
	checker := NewChecker(bundled(b), nil)
	cassettes := loadCorpus(b)
	var n int
	for b.Loop() {
		n = 0
		for _, c := range cassettes {
			n += len(checker.CheckCassette(c))
		}
	}
	reportPerInteraction(b, n)
}

// BenchmarkCorpusNaive loads and validates the specs and builds their
// routers for every cassette, as a test that builds a checker per cassette
// would.
func BenchmarkCorpusNaive(b *testing.B) {
	files, err := FindCassettes(corpusDir)
	require.NoError(b, err)
	var n int
	for b.Loop() {
		n = 0
		for _, file := range files {
			specs, err := BundledSpecs()
			require.NoError(b, err)
			c, err := LoadCassette(file)
			require.NoError(b, err)
			n += len(NewChecker(specs, nil).CheckCassette(c))
		}
	}
	reportPerInteraction(b, n)
}

// benchInteraction is a GET of an Okta key: a JSON body of a dozen fields.
func benchInteraction(b *testing.B) *cassette.Interaction {
	c, err := LoadCassette(filepath.Join(realWorldOkta, "Applications__get_app_keys.yaml"))
	require.NoError(b, err)
	return c.Interactions[1]
}

// BenchmarkInteractionSuite is Check on one interaction.
func BenchmarkInteractionSuite(b *testing.B) {
	checker := NewChecker(bundled(b), nil)
	in := benchInteraction(b)
	require.Equal(b, Pass, checker.Check("bench", 1, in).Outcome)
	for b.Loop() {
		checker.Check("bench", 1, in)
	}
}

// BenchmarkInteractionBare validates the same interaction with bare
// kin-openapi calls: FindRoute on the prebuilt router, ValidateRequest and
// ValidateResponse.
func BenchmarkInteractionBare(b *testing.B) {
	router := bundled(b)[0].router
	in := benchInteraction(b)
	require.NoError(b, validateBare(router, in))
	for b.Loop() {
		_ = validateBare(router, in)
	}
}

func validateBare(router routers.Router, in *cassette.Interaction) error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, in.Request.Method, in.Request.URL, strings.NewReader(in.Request.Body))
	if err != nil {
		return err
	}
	req.Header = in.Request.Headers
	route, params, err := router.FindRoute(req)
	if err != nil {
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

func loadCorpus(b *testing.B) []*Cassette {
	files, err := FindCassettes(corpusDir)
	require.NoError(b, err)
	out := make([]*Cassette, 0, len(files))
	for _, file := range files {
		c, err := LoadCassette(file)
		require.NoError(b, err)
		out = append(out, c)
	}
	return out
}

func reportPerInteraction(b *testing.B, interactions int) {
	if interactions > 0 && b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(interactions), "ns/interaction")
	}
}
