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
	}{
		{"api key in header", apiKey("header", "Authorization"), "/", http.Header{"Authorization": {"SSWS x"}}, true},
		{"api key header missing", apiKey("header", "Authorization"), "/", nil, false},
		{"api key in query", apiKey("query", "key"), "/?key=x", nil, true},
		{"api key in cookie", apiKey("cookie", "sid"), "/", http.Header{"Cookie": {"sid=x"}}, true},
		{"api key cookie missing", apiKey("cookie", "sid"), "/", nil, false},
		{"bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Bearer x"}}, true},
		{"basic is not bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Basic x"}}, false},
		{"empty bearer", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}, "/", http.Header{"Authorization": {"Bearer "}}, false},
		{"oauth2", &openapi3.SecurityScheme{Type: "oauth2"}, "/", http.Header{"Authorization": {"bearer x"}}, true},
		{"openIdConnect without token", &openapi3.SecurityScheme{Type: "openIdConnect"}, "/", nil, false},
		{"unknown type", &openapi3.SecurityScheme{Type: "mutualTLS"}, "/", nil, false},
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
			} else {
				require.ErrorIs(t, err, errNoCredentials)
			}
		})
	}
}
