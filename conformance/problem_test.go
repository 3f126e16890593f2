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

// TestProblemsQuoteTheValueReceived puts a value wherever a check can
// fail and requires that the problem quote it, cut to a sane length.
func TestProblemsQuoteTheValueReceived(t *testing.T) {
	const value = "s0me-VALUE"
	long := strings.Repeat("x", 500)
	tests := map[string]struct {
		ex   exchange
		want string
	}{
		"query":      {exchange{url: "https://h/v1/things?limit=" + value, code: 200, respHeaders: requestID, respBody: "[]"}, ""},
		"enum":       {exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"` + value + `"}`}, `/response/body/status: value "s0me-VALUE" is not one of the allowed values (ACTIVE, INACTIVE)`},
		"long enum":  {exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"` + long + `"}`}, `/response/body/status: value "` + long[:maxReceived] + `…" is not one of the allowed values (ACTIVE, INACTIVE)`},
		"format":     {exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"ACTIVE","created":"` + value + `"}`}, `/response/body/created: value "s0me-VALUE" does not match the format date-time`},
		"type":       {exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":"t1","status":"ACTIVE","size":"` + value + `"}`}, `/response/body/size: value "s0me-VALUE" must be an integer`},
		"an object":  {exchange{url: "https://h/v1/things/abc/csr", code: 200, respBody: `{"id":{"a":1,"b":2},"status":"ACTIVE"}`}, `/response/body/id: value an object of 2 properties must be a string`},
		"pattern":    {exchange{method: http.MethodPost, url: "https://h/v1/things/abc/csr", reqCT: "application/x-pem-file", body: value, code: 201, respBody: aThing}, `/request/body: value "s0me-VALUE" does not match the pattern /^-----BEGIN CERTIFICATE-----/`},
		"request":    {exchange{method: http.MethodPost, url: "https://h/v1/things", reqCT: "application/json", body: `{"id":"x","status":"` + value + `"}`, code: 201, respBody: aThing}, `/request/body/status: value "s0me-VALUE" is not one of the allowed values (ACTIVE, INACTIVE)`},
		"bad base64": {exchange{url: "https://h/v1/things/abc/csr", code: 200, respCT: "application/pkcs10", respBody: value + "!"}, `/response/body: value "s0me-VALUE!" does not match the format byte`},
	}
	checker := NewChecker([]*Spec{things(t)}, nil)
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			res := checker.Check("f", 0, tt.ex.interaction())
			require.Equal(t, Fail, res.Outcome)
			var lines []string
			for _, p := range res.Problems {
				lines = append(lines, p.String())
				require.NotContains(t, p.Message, long[:maxReceived+1], "cut")
				require.NotContains(t, p.Message, "\n")
			}
			if tt.want != "" {
				require.Contains(t, lines, tt.want)
			}
		})
	}
}

// secretsSpec names its fields like credentials.
const secretsSpec = `
openapi: 3.0.3
info: {title: secrets, version: "1"}
paths:
  /s:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  client_secret: {type: string, enum: [A]}
                  apiToken: {type: string, pattern: '^[a-z]+$'}
                  pin: {type: string, format: password, maxLength: 2}
                  hidden: {type: string, writeOnly: true, maxLength: 2}
                  jwk: {type: object, properties: {d: {type: integer}}}
                  password: {type: object, properties: {value: {type: integer}}}
                  status: {type: string, enum: [A]}
`

func TestProblemsNeverQuoteSecrets(t *testing.T) {
	s, err := LoadSpec("secrets", []byte(secretsSpec))
	require.NoError(t, err)
	const secret = "s3cr3t-VALUE"
	checker := NewChecker([]*Spec{s}, nil)
	for _, field := range []string{`"client_secret":"%s"`, `"apiToken":"%s"`, `"pin":"%s"`, `"hidden":"%s"`, `"jwk":{"d":"%s"}`, `"password":{"value":"%s"}`} {
		body := "{" + strings.Replace(field, "%s", secret, 1) + "}"
		res := checker.CheckExchange("f", 0, Exchange{Method: http.MethodGet, URL: "https://h/s", Status: 200,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: body})
		require.Equal(t, Fail, res.Outcome, body)
		for _, p := range res.Problems {
			require.NotContains(t, p.String(), secret, body)
			require.Equal(t, redacted, p.Received, body)
			require.Contains(t, p.Message, redacted, body)
		}
	}
	res := checker.CheckExchange("f", 0, Exchange{Method: http.MethodGet, URL: "https://h/s", Status: 200,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: `{"status":"` + secret + `"}`})
	require.Equal(t, `"`+secret+`"`, res.Problems[0].Received, "a field not named like a credential is quoted")
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
	require.Equal(t, `value "GONE" is not one of the allowed values (ACTIVE, INACTIVE)`, res.Problems[0].Message)
}

func TestEscapeToken(t *testing.T) {
	require.Equal(t, "a~1b~0c", escapeToken("a/b~c"))
	require.Equal(t, "/x", joinPointer("/x", nil))
	require.Equal(t, "/x/a/b", joinPointer("/x", []string{"a", "b"}))
}
