package redact_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/redact"
)

func TestRedact(t *testing.T) {
	tests := map[string]struct {
		opts     *redact.Options
		in, want redact.Interaction
	}{
		"credential headers keep their scheme; cookies go": {
			in: redact.Interaction{RequestHeaders: http.Header{"Authorization": {"SSWS abc"}, "Csp-Auth-Token": {"xyz"}, "Cookie": {"sid=1"}, "Dpop": {"proof"}},
				ResponseHeaders: http.Header{"Set-Cookie": {"sid=2"}, "Content-Length": {"9"}, "X-Ok": {"1"}}},
			want: redact.Interaction{RequestHeaders: http.Header{"Authorization": {"SSWS REDACTED"}, "Csp-Auth-Token": {"REDACTED"}, "Dpop": {"REDACTED"}},
				ResponseHeaders: http.Header{"X-Ok": {"1"}}},
		},
		"JSON fields at any depth, JWK private members": {
			in: redact.Interaction{ResponseHeaders: http.Header{"Content-Type": {"application/json"}},
				ResponseBody: `{"a":{"client_secret":"s1"},"keys":[{"kty":"RSA","d":"p"}],"refresh_token":"s1"}`},
			want: redact.Interaction{ResponseHeaders: http.Header{"Content-Type": {"application/json"}},
				ResponseBody: `{"a":{"client_secret":"REDACTED-0001-credkit-Placeholder"},"keys":[{"d":"REDACTED-0002-credkit-Placeholder","kty":"RSA"}],"refresh_token":"REDACTED-0001-credkit-Placeholder"}`},
		},
		"form body and form": {
			in: redact.Interaction{RequestHeaders: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
				RequestBody: "client_id=a&client_secret=s2", Form: url.Values{"password": {"pw"}}},
			want: redact.Interaction{RequestHeaders: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
				RequestBody: "client_id=a&client_secret=REDACTED-0001-credkit-Placeholder", Form: url.Values{"password": {"REDACTED-0002-credkit-Placeholder"}}},
		},
		"literal secrets, live base URL and renames everywhere": {
			opts: &redact.Options{Live: "http://127.0.0.1:9/", Placeholder: "https://okta.example.test", Secrets: []string{"tok-123"}, Rename: map[string]string{"org-1": "org-X"}},
			in: redact.Interaction{URL: "http://127.0.0.1:9/orgs/org-1?x=tok-123", Host: "127.0.0.1:9",
				ResponseHeaders: http.Header{"Link": {"<http://127.0.0.1:9/next>"}}, ResponseBody: "echo tok-123"},
			want: redact.Interaction{URL: "https://okta.example.test/orgs/org-X?x=REDACTED-0001-credkit-Placeholder", Host: "okta.example.test",
				ResponseHeaders: http.Header{"Link": {"<https://okta.example.test/next>"}}, ResponseBody: "echo REDACTED-0001-credkit-Placeholder"},
		},
		"PEM private keys": {
			in:   redact.Interaction{ResponseBody: "k: -----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----"},
			want: redact.Interaction{ResponseBody: "k: REDACTED PRIVATE KEY", RequestHeaders: http.Header{}, ResponseHeaders: http.Header{}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			in := tt.in
			redact.New(tt.opts).Redact(&in)
			if tt.want.RequestHeaders == nil {
				tt.want.RequestHeaders = http.Header{}
			}
			if tt.want.ResponseHeaders == nil {
				tt.want.ResponseHeaders = http.Header{}
			}
			require.Equal(t, tt.want, in)
		})
	}
}

func TestNames(t *testing.T) {
	require.Contains(t, redact.Names(), "client_secret")
	require.Contains(t, redact.CredentialHeaders, "Authorization")
}
