package conformance

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/require"
)

// TestProblemsNeverQuoteValues puts a secret-looking value wherever a check
// can fail and requires that no problem message repeats it.
func TestProblemsNeverQuoteValues(t *testing.T) {
	const secret = "s3cr3t-VALUE"
	tests := map[string]exchange{
		"query":          {url: "https://h/v1/things?limit=" + secret, code: 200, respHeaders: requestID, respBody: "[]"},
		"header":         {url: "https://h/v1/things", code: 200, respHeaders: map[string]string{"X-Request-Id": "r", "X-Rate-Limit-Remaining": secret}, respBody: "[]"},
		"enum":           {url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"` + secret + `"}`},
		"format":         {url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"ACTIVE","created":"` + secret + `"}`},
		"type":           {url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"ACTIVE","size":"` + secret + `"}`},
		"pattern":        {method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/x-pem-file", body: secret, code: 201, respBody: aThing},
		"malformed JSON": {method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: `{"id": ` + secret, code: 201, respBody: aThing},
		"request enum":   {method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: `{"id":"x","status":"` + secret + `"}`, code: 201, respBody: aThing},
		"pkcs10 not b64": {url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/pkcs10", respBody: secret + "!"},
	}
	checker := NewChecker([]*Spec{things(t)}, nil)
	for name, ex := range tests {
		t.Run(name, func(t *testing.T) {
			res := checker.Check("f", 0, ex.interaction())
			require.Equal(t, Fail, res.Outcome)
			for _, p := range res.Problems {
				require.NotContains(t, p.Message, secret, p.Pointer)
				require.NotContains(t, p.String(), secret)
			}
		})
	}
}

func TestFlattenPointers(t *testing.T) {
	schemaErr := func(path ...string) error {
		var err error = &openapi3.SchemaError{Reason: "bad", SchemaField: "type"}
		// SchemaError keeps its path in reverse; build it by visiting.
		schema := openapi3.NewObjectSchema()
		cur := schema
		for i, p := range path {
			next := openapi3.NewObjectSchema()
			if i == len(path)-1 {
				next = openapi3.NewIntegerSchema()
			}
			cur.WithProperty(p, next)
			cur = next
		}
		value := any("x")
		for i := len(path) - 1; i >= 0; i-- {
			value = map[string]any{path[i]: value}
		}
		if verr := schema.VisitJSON(value); verr != nil {
			err = verr
		}
		return err
	}
	tests := []struct {
		name string
		err  error
		want []Problem
	}{
		{"nil", nil, nil},
		{"schema error", schemaErr("keys", "n/m~"), []Problem{{Pointer: "/response/body/keys/n~1m~0"}}},
		{"multi error", openapi3.MultiError{schemaErr("a"), schemaErr("b")}, []Problem{{Pointer: "/response/body/a"}, {Pointer: "/response/body/b"}}},
		{"plain error", errors.New("boom"), []Problem{{Pointer: "/response/body", Message: "boom"}}},
		{"parse error", &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat}, []Problem{{Pointer: "/response/body", Message: "cannot decode: invalid format"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flatten("/response/body", tt.err)
			require.Len(t, got, len(tt.want))
			for i, w := range tt.want {
				require.Equal(t, w.Pointer, got[i].Pointer)
				if w.Message != "" {
					require.Equal(t, w.Message, got[i].Message)
				}
				require.NotNil(t, got[i].Err, "the source error is kept for errors.As")
			}
		})
	}
}

func TestFlattenResponseError(t *testing.T) {
	got := flatten("/response", &openapi3filter.ResponseError{Reason: "r", Err: openapi3.MultiError{&openapi3.SchemaError{Reason: "bad"}}})
	require.Equal(t, []string{"/response/body"}, pointers(got))
	got = flatten("/response", &openapi3filter.ResponseError{Reason: "status is not supported"})
	require.Equal(t, []Problem{{Pointer: "/response", Message: "status is not supported", Err: got[0].Err}}, got)
}

func TestProblemErrReachesSchemaError(t *testing.T) {
	res := NewChecker([]*Spec{things(t)}, nil).Check("f", 0, exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"GONE"}`}.interaction())
	require.Len(t, res.Problems, 1)
	var schemaErr *openapi3.SchemaError
	require.True(t, errors.As(res.Problems[0].Err, &schemaErr))
	require.Equal(t, "enum", schemaErr.SchemaField)
	require.True(t, strings.HasPrefix(res.Problems[0].Message, "value is not one of the allowed values"))
}

func TestEscapeToken(t *testing.T) {
	require.Equal(t, "a~1b~0c", escapeToken("a/b~c"))
	require.Equal(t, "/x", joinPointer("/x", nil))
	require.Equal(t, "/x/a/b", joinPointer("/x", []string{"a", "b"}))
}
