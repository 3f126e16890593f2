package conformance

import (
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
	require.Len(t, loaded, len(specs.Vendors))
	for i, s := range loaded {
		require.Equal(t, specs.Vendors[i], s.Name)
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
