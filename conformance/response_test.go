package conformance

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func TestHeaderValue(t *testing.T) {
	integers := openapi3.NewArraySchema().WithItems(openapi3.NewIntegerSchema())
	tests := []struct {
		name    string
		schema  *openapi3.Schema
		raw     string
		want    any
		wantErr error
	}{
		{"integer", openapi3.NewIntegerSchema(), " 42 ", 42.0, nil},
		{"number", openapi3.NewFloat64Schema(), "1.5", 1.5, nil},
		{"not a number", openapi3.NewIntegerSchema(), "many", nil, errNotNumber},
		{"boolean", openapi3.NewBoolSchema(), "true", true, nil},
		{"not a boolean", openapi3.NewBoolSchema(), "yes please", nil, errNotBoolean},
		{"array", integers, "1, 2,3", []any{1.0, 2.0, 3.0}, nil},
		{"array with a bad item", integers, "1,x", nil, errNotNumber},
		{"string", openapi3.NewStringSchema(), `<https://h/x>; rel="next"`, `<https://h/x>; rel="next"`, nil},
		{"untyped", &openapi3.Schema{}, "v", "v", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := headerValue(tt.schema, tt.raw)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCheckHeaders(t *testing.T) {
	limit := &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Schema: openapi3.NewIntegerSchema().WithMin(0).NewRef()}}}
	required := &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Required: true, Schema: openapi3.NewStringSchema().NewRef()}}}
	ignored := &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Required: true}}}
	documented := openapi3.Headers{"X-Limit": limit, "X-Id": required, "Content-Type": ignored}
	tests := []struct {
		name string
		got  http.Header
		want []string
	}{
		{"all good", http.Header{"X-Limit": {"3"}, "X-Id": {"a"}}, []string{}},
		{"optional absent", http.Header{"X-Id": {"a"}}, []string{}},
		{"required absent", http.Header{}, []string{"/response/header/X-Id"}},
		{"below minimum and required absent", http.Header{"X-Limit": {"-1"}}, []string{"/response/header/X-Id", "/response/header/X-Limit"}},
		{"a scalar sent twice", http.Header{"X-Limit": {"1", "2"}, "X-Id": {"a"}}, []string{"/response/header/X-Limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, pointers(checkHeaders(documented, tt.got, nil)))
		})
	}
}

func TestResponseFor(t *testing.T) {
	op := openapi3.NewOperation()
	op.OperationID = "op"
	op.AddResponse(200, openapi3.NewResponse().WithDescription("ok"))
	resp, problems := responseFor(op, 200)
	require.NotNil(t, resp)
	require.Empty(t, problems)

	resp, problems = responseFor(op, 500)
	require.Nil(t, resp)
	require.Equal(t, []Problem{{Pointer: "/response/status", Message: "status 500 is not documented for op"}}, problems)

	op.AddResponse(0, openapi3.NewResponse().WithDescription("default"))
	resp, problems = responseFor(op, 500)
	require.Equal(t, "default", *resp.Description)
	require.Empty(t, problems, "default covers every status not listed")

	require.Equal(t, "status 500 is not documented for this operation", func() string {
		_, p := responseFor(&openapi3.Operation{Responses: openapi3.NewResponses()}, 500)
		return p[0].Message
	}())
}

func TestResponseKey(t *testing.T) {
	op := openapi3.NewOperation()
	op.AddResponse(200, openapi3.NewResponse().WithDescription("ok"))
	op.Responses.Set("4XX", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("client")})
	op.AddResponse(0, openapi3.NewResponse().WithDescription("default"))
	for status, want := range map[int]string{200: "200", 404: "4XX", 500: "default", 201: "default", 42: "default"} {
		require.Equal(t, want, responseKey(op, status), status)
	}
	op.Responses.Delete("default")
	require.Empty(t, responseKey(op, 500))
}

// mediaSpec declares the media types of the JSON family, and a key with
// parameters.
const mediaSpec = `
openapi: 3.0.3
info: {title: media, version: "1"}
paths:
  /text:
    get:
      responses: {'200': {description: ok, content: {text/json: {schema: {$ref: '#/components/schemas/O'}}}}}
  /vendor:
    get:
      responses: {'200': {description: ok, content: {application/vnd.acme.thing+json: {schema: {$ref: '#/components/schemas/O'}}}}}
  /params:
    get:
      responses: {'200': {description: ok, content: {"application/json; charset=utf-8": {schema: {$ref: '#/components/schemas/O'}}}}}
  /range:
    get:
      responses: {'200': {description: ok, content: {"application/*": {schema: {$ref: '#/components/schemas/O'}}}}}
components:
  schemas:
    O: {type: object, required: [n], properties: {n: {type: integer}}}
`

func TestMediaTypeFamilies(t *testing.T) {
	s, err := LoadSpec("media", []byte(mediaSpec))
	require.NoError(t, err)
	c := NewChecker([]*Spec{s}, nil)
	tests := []struct {
		path, ct, body string
		want           []string
	}{
		{"/text", "text/json", `{"n":1}`, nil},
		{"/text", "text/json; charset=utf-8", `{"n":"x"}`, []string{"/response/body/n"}},
		{"/vendor", "application/vnd.acme.thing+json", `{"n":1}`, nil},
		{"/vendor", "application/vnd.acme.thing+json", `{}`, []string{"/response/body/n"}},
		{"/params", "application/json", `{"n":1}`, nil},
		{"/params", "application/json;charset=UTF-8", `{"n":"x"}`, []string{"/response/body/n"}},
		{"/params", "text/plain", `{"n":1}`, []string{"/response/header/Content-Type"}},
		{"/range", "application/problem+json", `{"n":1}`, nil},
		{"/range", "application/json", `{"n":"x"}`, []string{"/response/body/n"}},
	}
	for _, tt := range tests {
		res := c.CheckExchange("f", 0, Exchange{Method: "GET", URL: "https://h" + tt.path, Status: 200,
			ResponseHeader: http.Header{"Content-Type": {tt.ct}}, ResponseBody: tt.body})
		require.Equal(t, sorted(tt.want), pointers(res.Problems), "%s %s: %v", tt.path, tt.ct, res.Problems)
	}
}
