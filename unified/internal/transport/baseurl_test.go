package transport

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseBaseURL(t *testing.T) {
	cases := map[string]string{
		"https://example.okta.com":         "",
		"https://example.okta.com/":        "",
		"http://127.0.0.1:8080":            "",
		"http://localhost:1234":            "",
		"http://[::1]:1234":                "",
		"http://example.okta.com":          "must use https",
		"example.okta.com":                 "absolute URL",
		"https://user:pw@example.okta.com": "user information",
		"https://example.okta.com/?a=b":    "query",
		"https://example.okta.com/#x":      "fragment",
		"://":                              "absolute URL",
	}
	for raw, problem := range cases {
		u, err := ParseBaseURL(raw)
		if problem == "" {
			require.NoError(t, err, raw)
			require.NotEmpty(t, u.Host)
			continue
		}
		require.ErrorContains(t, err, problem, raw)
	}
}
