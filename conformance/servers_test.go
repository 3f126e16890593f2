package conformance

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func TestServerBases(t *testing.T) {
	vars := func(kv ...any) map[string]*openapi3.ServerVariable {
		out := map[string]*openapi3.ServerVariable{}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1].(*openapi3.ServerVariable) //nolint:gosec // kv is name, value pairs: every call below passes an even count
		}
		return out
	}
	tests := []struct {
		name   string
		server *openapi3.Server
		want   []string
	}{
		{"a host variable is dropped", &openapi3.Server{URL: "https://{tenant}.api.identitynow.com/v3/", Variables: vars("tenant", &openapi3.ServerVariable{Default: "sailpoint"})}, []string{"/v3"}},
		{"a host alone is the root", &openapi3.Server{URL: "https://{yourOktaDomain}", Variables: vars("yourOktaDomain", &openapi3.ServerVariable{Default: "x.okta.com"})}, []string{""}},
		{"a path variable with an enum is each value", &openapi3.Server{URL: "/api/{version}", Variables: vars("version", &openapi3.ServerVariable{Default: "v2", Enum: []string{"v1", "v2"}})}, []string{"/api/v1", "/api/v2"}},
		{"a path variable without enum is any segment", &openapi3.Server{URL: "https://example.com/api/{version}/x", Variables: vars("version", &openapi3.ServerVariable{Default: "v2"})}, []string{"/api/{credkitServerVar1}/x"}},
		{"a relative URL", &openapi3.Server{URL: "/v1"}, []string{"/v1"}},
		{"an escaped path", &openapi3.Server{URL: "https://h/a%20b"}, []string{"/a b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, serverBases(tt.server))
		})
	}
}

func TestServerBasesAreBounded(t *testing.T) {
	enum := make([]string, 100)
	for i := range enum {
		enum[i] = string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	s := &openapi3.Server{URL: "/{a}/{b}", Variables: map[string]*openapi3.ServerVariable{"a": {Enum: enum}, "b": {Enum: enum}}}
	require.Len(t, serverBases(s), maxServerBases)
	require.Len(t, baseServers(openapi3.Servers{s, {URL: "/other"}}), maxServerBases)
}

// multiServerSpec has two servers, one with a version variable of two
// values, one with a free path variable.
const multiServerSpec = `
openapi: 3.0.3
info: {title: multi, version: "1"}
servers:
  - url: https://{tenant}.example.com/api/{version}
    variables:
      tenant: {default: acme}
      version: {default: v1, enum: [v1, v2]}
  - url: https://legacy.example.com/{prefix}/old
    variables: {prefix: {default: x}}
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: ok}}
  /other:
    servers: [{url: "https://{region}.example.com/regional"}]
    get:
      operationId: other
      responses: {'204': {description: ok}}
`

func TestEveryServerRoutes(t *testing.T) {
	s, err := LoadSpec("multi", []byte(multiServerSpec))
	require.NoError(t, err)
	c := NewChecker([]*Spec{s}, nil)
	tests := map[string]Outcome{
		"https://acme.example.com/api/v1/ping":       Pass,
		"https://acme.example.com/api/v2/ping":       Pass,
		"https://acme.example.com/api/v3/ping":       Unmatched,
		"https://legacy.example.com/tenant/old/ping": Pass,
		"https://eu.example.com/regional/other":      Pass,
		"https://acme.example.com/api/v1/other":      Unmatched,
		"https://acme.example.com/ping":              Unmatched,
	}
	for url, want := range tests {
		res := c.CheckExchange("t", 0, Exchange{Method: http.MethodGet, URL: url, Status: 204})
		require.Equal(t, want, res.Outcome, "%s: %v", url, res.Problems)
	}
	require.Equal(t, "https://{tenant}.example.com/api/{version}", s.Doc.Servers[0].URL, "the loaded document is not changed")
}
