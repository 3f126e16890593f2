package conformance

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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
		{"not OpenAPI", "just: a map\n", "spec x: "},
		{"an unresolved reference", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: '#/nowhere'\n", "spec x: "},
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

func TestLoadSpecFileGzipped(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(thingsSpec))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	path := filepath.Join(dir, "things.yaml.gz")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	s, err := LoadSpecFile(path)
	require.NoError(t, err)
	require.Equal(t, "things", s.Name)

	bad := filepath.Join(dir, "bad.yaml.gz")
	require.NoError(t, os.WriteFile(bad, []byte(thingsSpec), 0o600))
	_, err = LoadSpecFile(bad)
	require.ErrorContains(t, err, "bad.yaml.gz", "a file that is not gzip names itself")
}

func TestSpecErrorListsEveryProblem(t *testing.T) {
	spec := strings.Replace(string(cycleSpec("\n    Root:\n      allOf: [{$ref: \"#/components/schemas/Root\"}]")), `version: "1"`, `version: ""`, 1)
	_, err := LoadSpec("x", []byte(spec))
	var specErr *SpecError
	require.ErrorAs(t, err, &specErr)
	require.Greater(t, len(specErr.Problems), 1, "the cycle and the warnings: %v", specErr.Problems)
	require.Contains(t, err.Error(), "spec x: schema Root refers to itself")
	require.Contains(t, err.Error(), "more problem")
	require.NotContains(t, err.Error(), "\n")
}
