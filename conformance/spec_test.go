package conformance

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/specs"
)

func TestLoadSpec(t *testing.T) {
	tests := []struct {
		name, data, wantErr string
	}{
		{"valid", thingsSpec, ""},
		{"not YAML", "openapi: [", "spec x:"},
		{"not valid OpenAPI", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n", "spec x is not valid OpenAPI 3"},
		{"external reference", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: 'other.yaml#/a'\n", "spec x:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSpec("x", []byte(tt.data))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "x", s.Name)
		})
	}
}

func TestLoadSpecFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "things.v1.yaml")
	require.NoError(t, os.WriteFile(path, []byte(thingsSpec), 0o600))
	s, err := LoadSpecFile(path)
	require.NoError(t, err)
	require.Equal(t, "things.v1", s.Name)
	_, err = LoadSpecFile(filepath.Join(t.TempDir(), "missing.yaml"))
	require.ErrorContains(t, err, "reading spec")
}

func TestBundledSpecs(t *testing.T) {
	loaded := bundled(t)
	require.Len(t, loaded, len(specs.Vendors)+len(specs.TokenEndpoints))
	for i, s := range loaded {
		require.Equal(t, append(append([]string(nil), specs.Vendors...), specs.TokenEndpoints...)[i], s.Name)
		require.NotNil(t, s.router)
	}
}

func TestServerBasePath(t *testing.T) {
	tests := map[string]*openapi3.Server{
		"/v3":     {URL: "https://{tenant}.api.identitynow.com/v3/", Variables: map[string]*openapi3.ServerVariable{"tenant": {Default: "sailpoint"}}},
		"":        {URL: "https://{yourOktaDomain}", Variables: map[string]*openapi3.ServerVariable{"yourOktaDomain": {Default: "x.okta.com"}}},
		"/api/v2": {URL: "/api/{version}", Variables: map[string]*openapi3.ServerVariable{"version": {Default: "v2"}}},
	}
	for want, server := range tests {
		require.Equal(t, want, serverBasePath(server), server.URL)
	}
}

func TestHostFreeKeepsTheDocument(t *testing.T) {
	s := things(t)
	require.Equal(t, "https://{tenant}.example.com/v1", s.Doc.Servers[0].URL, "the loaded document is not changed")
	require.Equal(t, "/v1", hostFree(s.Doc).Servers[0].URL)
	require.Empty(t, hostFree(&openapi3.T{}).Servers)
}

// TestBundledTokenEndpoints: the token exchanges of every vendor reach the
// bundled token spec and are judged, not waved through (the answers above
// all: a token endpoint's request is judged less, as vendors take the
// client in several places).
func TestBundledTokenEndpoints(t *testing.T) {
	c := NewChecker(bundled(t), &Options{Strict: true})
	const form = "application/x-www-form-urlencoded"
	basic := http.Header{"Authorization": {"Basic REDACTED"}}
	tests := []struct {
		name string
		ex   exchange
		want Outcome
	}{
		{"SailPoint token", exchange{method: "POST", url: "https://t.api.identitynow.com/oauth/token", reqCT: form, body: "grant_type=client_credentials&client_id=a&client_secret=b", noAuth: true,
			code: 200, respBody: `{"access_token":"x","token_type":"bearer","expires_in":749,"tenant_id":"t","pod":"p"}`}, Pass},
		{"Auth0 token as JSON", exchange{method: "POST", url: "https://acme.eu.auth0.com/oauth/token", reqCT: "application/json", body: `{"grant_type":"client_credentials","client_id":"a","client_secret":"b","audience":"https://acme.eu.auth0.com/api/v2/"}`, noAuth: true,
			code: 200, respBody: `{"access_token":"x","token_type":"Bearer","expires_in":86400,"scope":"read:clients"}`}, Pass},
		{"bad credentials", exchange{method: "POST", url: "https://t/oauth/token", reqCT: form, body: "grant_type=client_credentials&client_id=a&client_secret=b", noAuth: true,
			code: 401, respBody: `{"error":"invalid_client","error_description":"Bad client credentials."}`}, Pass},
		{"CSP token", exchange{method: "POST", url: "https://console.cloud.vmware.com/csp/gateway/am/api/auth/authorize", reqCT: form, body: "grant_type=client_credentials", noAuth: true, rawReqHeaders: basic,
			code: 200, respBody: `{"access_token":"x","token_type":"bearer","expires_in":1799,"id_token":null,"refresh_token":null,"scope":""}`}, Pass},
		{"a token answer without a token", exchange{method: "POST", url: "https://t/oauth/token", reqCT: form, body: "grant_type=client_credentials", noAuth: true,
			code: 200, respBody: `{"token_type":"bearer"}`}, Fail},
		{"an HTML answer", exchange{method: "POST", url: "https://t/oauth/token", reqCT: form, body: "grant_type=client_credentials", noAuth: true,
			code: 200, respCT: "text/html", respBody: "<html></html>"}, Fail},
		{"an unknown grant answered 200", exchange{method: "POST", url: "https://t/oauth/token", reqCT: form, body: "grant_type=password", noAuth: true,
			code: 200, respBody: `{"access_token":"x","token_type":"bearer"}`}, Fail},
		{"an undocumented status", exchange{method: "POST", url: "https://t/oauth/token", reqCT: form, body: "grant_type=client_credentials", noAuth: true,
			code: 418, respBody: `{"error":"teapot"}`}, Fail},
		{"CSP with the client in the form", exchange{method: "POST", url: "https://c/csp/gateway/am/api/auth/authorize", reqCT: form, body: "grant_type=client_credentials&client_id=a&client_secret=b", noAuth: true,
			code: 200, respBody: `{"access_token":"x","token_type":"bearer"}`}, Pass},
		{"CSP with a grant it does not take", exchange{method: "POST", url: "https://c/csp/gateway/am/api/auth/authorize", reqCT: form, body: "grant_type=password", noAuth: true, rawReqHeaders: basic,
			code: 200, respBody: `{"access_token":"x","token_type":"bearer"}`}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Check("f", 0, tt.ex.interaction())
			require.Equal(t, "oauth2_token", res.Spec)
			require.Equal(t, tt.want, res.Outcome, "%v", res.Problems)
		})
	}
}
