package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/require"
)

func TestCheckCredentials(t *testing.T) {
	apiKey := func(in, name string) *openapi3.SecurityScheme {
		return &openapi3.SecurityScheme{Type: "apiKey", In: in, Name: name}
	}
	tests := []struct {
		name   string
		scheme *openapi3.SecurityScheme
		url    string
		header http.Header
		ok     bool
		// pointer is where the scheme wants its credential; removed that
		// there is none, or only a redaction marker.
		pointer string
		removed bool
	}{
		{"api key in header", apiKey("header", "Authorization"), "/", http.Header{"Authorization": {"SSWS x"}}, true, "", false},
		{"api key header missing", apiKey("header", "Authorization"), "/", nil, false, "/request/header/Authorization", true},
		{"api key in its own header", apiKey("header", "x-api-key"), "/", http.Header{"X-Api-Key": {"k"}}, true, "", false},
		{"api key in its own header, missing", apiKey("header", "x-api-key"), "/", http.Header{"Authorization": {"Bearer x"}}, false, "/request/header/X-Api-Key", true},
		{"api key redacted by the recorder", apiKey("header", "x-api-key"), "/", http.Header{"X-Api-Key": {"[REDACTED]"}}, false, "/request/header/X-Api-Key", true},
		{"api key in query", apiKey("query", "key"), "/?key=x", nil, true, "", false},
		{"api key in query, missing", apiKey("query", "api_key"), "/?key=x", nil, false, "/request/query/api_key", true},
		{"api key in cookie", apiKey("cookie", "sid"), "/", http.Header{"Cookie": {"sid=x"}}, true, "", false},
		{"api key cookie missing", apiKey("cookie", "sid"), "/", nil, false, "/request/cookie/sid", true},
		{"bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Bearer x"}}, true, "", false},
		{"basic is not bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Basic x"}}, false, "/request/header/Authorization", false},
		{"empty bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Bearer "}}, false, "/request/header/Authorization", false},
		{"a redaction marker for the whole header", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"REDACTED"}}, false, "/request/header/Authorization", true},
		{"oauth2", &openapi3.SecurityScheme{Type: "oauth2"}, "/", http.Header{"Authorization": {"bearer x"}}, true, "", false},
		{"openIdConnect without token", &openapi3.SecurityScheme{Type: "openIdConnect"}, "/", nil, false, "/request/header/Authorization", true},
		{"unknown type", &openapi3.SecurityScheme{Type: "mutualTLS"}, "/", nil, false, "/request/header/Authorization", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, "https://h"+tt.url, nil)
			require.NoError(t, err)
			if tt.header != nil {
				req.Header = tt.header
			}
			err = checkCredentials(context.Background(), &openapi3filter.AuthenticationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req},
				SecurityScheme:         tt.scheme,
			})
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var c *credentialError
			require.ErrorAs(t, err, &c)
			require.Equal(t, tt.pointer, c.pointer)
			require.Equal(t, tt.removed, c.removed)
		})
	}
}

func TestRedactionMarker(t *testing.T) {
	for v, want := range map[string]bool{
		"REDACTED": true, "[REDACTED]": true, "<redacted>": true, "***": true, "xxxx": true, "FILTERED": true,
		"Bearer REDACTED": true, "REDACTED-api-token": true, "": true,
		"SSWS 00abc": false, "Bearer eyJ": false, "x1": false,
	} {
		require.Equal(t, want, redactionMarker(v), v)
	}
}

// securedSpec has an API key header scheme.
const securedSpec = `
openapi: 3.0.3
info: {title: secured, version: "1"}
security: [{key: []}]
paths:
  /s:
    get:
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: x-api-key}
`

func TestRemovedCredentialsArePolicy(t *testing.T) {
	s, err := LoadSpec("secured", []byte(securedSpec))
	require.NoError(t, err)
	tests := []struct {
		name    string
		header  http.Header
		opts    *Options
		outcome Outcome
		note    bool
	}{
		{"a key", http.Header{"X-Api-Key": {"k"}}, nil, Pass, false},
		{"no key: a note", http.Header{}, nil, Pass, true},
		{"a redacted key: a note", http.Header{"X-Api-Key": {"REDACTED"}}, nil, Pass, true},
		{"no key, failed on request", http.Header{}, &Options{FailRemovedCredentials: true}, Fail, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := NewChecker([]*Spec{s}, tt.opts).CheckExchange("f", 0, Exchange{Method: "GET", URL: "https://h/s", RequestHeader: tt.header, Status: 204})
			require.Equal(t, tt.outcome, res.Outcome, "%v", res.Problems)
			all := append(res.Problems, res.Notes...)
			if tt.outcome == Pass && !tt.note {
				require.Empty(t, all)
				return
			}
			require.Len(t, all, 1)
			require.Equal(t, "/request/header/X-Api-Key", all[0].Pointer, "the pointer names the scheme's own header")
			require.Contains(t, all[0].Message, "an API key in the header x-api-key")
			require.Equal(t, tt.note, len(res.Notes) == 1)
		})
	}
}
