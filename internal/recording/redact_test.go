package recording

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

func TestRedactInteraction(t *testing.T) {
	red := newRedactor("http://127.0.0.1:4321", "https://okta.example.test", []string{"sim-okta-api-token"}, nil)
	in := &cassette.Interaction{
		Request: cassette.Request{
			Method: http.MethodPost,
			URL:    "http://127.0.0.1:4321/api/v1/apps/0oa1/credentials/secrets",
			Host:   "127.0.0.1:4321",
			Headers: http.Header{
				"Authorization": {"SSWS sim-okta-api-token"},
				"Content-Type":  {"application/json"},
				"Cookie":        {"sid=abc"},
			},
			Body: `{"client_secret":"my-own-secret-value-123"}`,
		},
		Response: cassette.Response{
			Code:     201,
			Duration: 1234,
			Headers: http.Header{
				"Content-Type": {"application/json"},
				"Link":         {`<http://127.0.0.1:4321/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`},
			},
			Body: `{"id":"ocs1","client_secret":"my-own-secret-value-123","count":12345678901234567890,"_links":{"self":{"href":"http://127.0.0.1:4321/x"}}}`,
		},
	}
	red.interaction(in)

	require.Equal(t, "https://okta.example.test/api/v1/apps/0oa1/credentials/secrets", in.Request.URL)
	require.Equal(t, "okta.example.test", in.Request.Host)
	require.Equal(t, "SSWS REDACTED", in.Request.Headers.Get("Authorization"))
	require.Empty(t, in.Request.Headers.Values("Cookie"))
	require.Equal(t, `{"client_secret":"REDACTED-0001-credkit-Placeholder"}`, in.Request.Body)
	require.Equal(t, `{"_links":{"self":{"href":"https://okta.example.test/x"}},"client_secret":"REDACTED-0001-credkit-Placeholder","count":12345678901234567890,"id":"ocs1"}`, in.Response.Body,
		"the same secret gets the same placeholder, numbers survive, links lose the live host")
	require.Equal(t, `<https://okta.example.test/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`, in.Response.Headers.Get("Link"))
	require.Zero(t, in.Response.Duration)
}

func TestRedactForms(t *testing.T) {
	red := newRedactor("", "https://sailpoint.example.test", nil, nil)
	in := &cassette.Interaction{Request: cassette.Request{
		Method:  http.MethodPost,
		URL:     "https://sailpoint.example.test/oauth/token",
		Headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:    "client_id=abc&client_secret=s3cr3t-value&grant_type=client_credentials",
		Form:    url.Values{"client_id": {"abc"}, "client_secret": {"s3cr3t-value"}},
	}}
	red.interaction(in)
	require.Equal(t, "client_id=abc&client_secret=REDACTED-0001-credkit-Placeholder&grant_type=client_credentials", in.Request.Body)
	require.Equal(t, "REDACTED-0001-credkit-Placeholder", in.Request.Form.Get("client_secret"))
}

func TestRedactJWKPrivateMembersAndPEM(t *testing.T) {
	red := newRedactor("", "https://okta.example.test", nil, nil)
	in := &cassette.Interaction{
		Request: cassette.Request{Headers: http.Header{"Content-Type": {"application/x-pem-file"}}, Body: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"},
		Response: cassette.Response{
			Headers: http.Header{"Content-Type": {"application/json"}},
			Body:    `{"keys":[{"kty":"RSA","n":"abc","e":"AQAB","d":"private-exponent"}],"d":"not-a-key-member"}`,
		},
	}
	red.interaction(in)
	require.Equal(t, `{"d":"not-a-key-member","keys":[{"d":"REDACTED-0001-credkit-Placeholder","e":"AQAB","kty":"RSA","n":"abc"}]}`, in.Response.Body)
	require.Equal(t, "REDACTED PRIVATE KEY\n", in.Request.Body)
}

func TestRedactRenamesTenantValues(t *testing.T) {
	red := newRedactor("https://console.example.com", "https://csp.example.test", nil,
		map[string]string{"11111111-2222-3333-4444-555555555555": "6a0c3e52-9d41-4f0a-8b8e-3c7d5e1f2a90"})
	in := &cassette.Interaction{
		Request: cassette.Request{
			Method: http.MethodGet,
			URL:    "https://console.example.com/csp/gateway/am/api/orgs/11111111-2222-3333-4444-555555555555/oauth-apps?pageStart=1",
		},
		Response: cassette.Response{
			Code:    200,
			Headers: http.Header{"Content-Type": {"application/json"}},
			Body:    `{"nextLink":"/csp/gateway/am/api/orgs/11111111-2222-3333-4444-555555555555/oauth-apps?pageStart=21","results":[]}`,
		},
	}
	red.interaction(in)
	require.Equal(t, "https://csp.example.test/csp/gateway/am/api/orgs/6a0c3e52-9d41-4f0a-8b8e-3c7d5e1f2a90/oauth-apps?pageStart=1", in.Request.URL)
	require.Equal(t, `{"nextLink":"/csp/gateway/am/api/orgs/6a0c3e52-9d41-4f0a-8b8e-3c7d5e1f2a90/oauth-apps?pageStart=21","results":[]}`, in.Response.Body)
}
