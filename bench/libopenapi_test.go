package bench

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/specs"
)

// libopenapiValidators builds a pb33f/libopenapi-validator validator per
// bundled spec, once, from the same bytes the suite loads: the second
// anchor of BENCHMARKS.md, beside bare kin-openapi.
func libopenapiValidators(tb testing.TB) []validator.Validator {
	tb.Helper()
	var out []validator.Validator
	for _, vendor := range specs.Vendors {
		data, err := specs.FS.ReadFile(vendor + ".yaml")
		if err != nil {
			tb.Fatal(err)
		}
		doc, err := libopenapi.NewDocument(data)
		if err != nil {
			tb.Fatal(err)
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			tb.Fatalf("libopenapi-validator refuses the %s spec: %v", vendor, errs)
		}
		out = append(out, v)
	}
	return out
}

// validateLibopenapi checks one interaction's request and response, as
// libopenapi-validator's documentation shows; ok is false when it finds a
// problem (its route lookup included).
func validateLibopenapi(v validator.Validator, in *cassette.Interaction) (bool, int) {
	req, err := http.NewRequest(in.Request.Method, in.Request.URL, strings.NewReader(in.Request.Body))
	if err != nil {
		return false, 1
	}
	req.Header = in.Request.Headers
	resp := &http.Response{
		StatusCode: in.Response.Code,
		Header:     in.Response.Headers,
		Body:       io.NopCloser(strings.NewReader(in.Response.Body)),
		Request:    req,
	}
	ok, errs := v.ValidateHttpRequestResponse(req, resp)
	return ok, len(errs)
}
