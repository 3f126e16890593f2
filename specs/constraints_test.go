package specs_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// cspRuleCases are the vendor-stated CSP constraints, each with a body the
// spec must accept and one it must refuse. sim/vmwarecsp's
// TestVendorStatedRules sends the same bodies and expects 200 and 400.
var cspRuleCases = []struct {
	name, schema, ok, bad string
}{
	{"client ID has at least 5 characters", "OrgOAuthAppRequest",
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"abcde"}`,
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"abcd"}`},
	{"client ID has at most 256 characters", "OrgOAuthAppRequest",
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"` + repeat("a", 256) + `"}`,
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"` + repeat("a", 257) + `"}`},
	{"client ID characters", "OrgOAuthAppRequest",
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"Ab_9-z"}`,
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"ab.cd"}`},
	{"display name characters on create", "OrgOAuthAppRequest",
		`{"displayName":"Équipe d’accès: ops@acme & co-2_x.y, 'z'","description":"d","grantTypes":["client_credentials"],"allowedScopes":{}}`,
		`{"displayName":"ops/acme","description":"d","grantTypes":["client_credentials"],"allowedScopes":{}}`},
	{"display name characters on update", "OrgOAuthAppUpdateRequest",
		`{"displayName":"renamed app","description":"d","grantTypes":["client_credentials"]}`,
		`{"displayName":"renamed <app>","description":"d","grantTypes":["client_credentials"]}`},
	{"allowedOrgs holds organization IDs on create", "OrgOAuthAppRequest",
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"allowedOrgs":["7b1d4f63-0e52-4a1b-9c8e-4d8e6f2a3b01"]}`,
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"allowedOrgs":[{"id":"7b1d4f63-0e52-4a1b-9c8e-4d8e6f2a3b01"}]}`},
	{"allowedOrgs holds organization IDs on update", "OrgOAuthAppUpdateRequest",
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedOrgs":["o1"]}`,
		`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedOrgs":[{"id":"o1"}]}`},
	{"secret has at least 8 characters", "ClientSecretOwnerRotationRequest",
		`{"newClientSecret":"Abcdef1!"}`,
		`{"newClientSecret":"Abcde1!"}`},
}

func repeat(s string, n int) string {
	out := make([]byte, 0, n*len(s))
	for range n {
		out = append(out, s...)
	}
	return string(out)
}

// TestCSPVendorStatedRules checks each rule against the spec's schema with
// kin-openapi.
func TestCSPVendorStatedRules(t *testing.T) {
	doc := loadSpec(t, "vmwarecsp")
	for _, tt := range cspRuleCases {
		t.Run(tt.name, func(t *testing.T) {
			schema := doc.Components.Schemas[tt.schema].Value
			var ok, bad any
			require.NoError(t, json.Unmarshal([]byte(tt.ok), &ok))
			require.NoError(t, json.Unmarshal([]byte(tt.bad), &bad))
			require.NoError(t, schema.VisitJSON(ok))
			require.Error(t, schema.VisitJSON(bad))
		})
	}
}

// oktaDNSNameCases are the dnsNames of a CSR's subject alternative names:
// RFC 1123 host names of at most 253 characters, optionally "*."-prefixed.
// sim/okta's TestGenerateCSRRules sends the same values.
var oktaDNSNameCases = []struct {
	name string
	ok   bool
}{
	{"dev.okta.com", true},
	{"*.example.com", true},
	{"localhost", true},
	{repeat("a", 63) + "." + repeat("a", 63) + "." + repeat("a", 63) + "." + repeat("a", 61), true},
	{"bad name", false},
	{"", false},
	{"a..b", false},
	{"-a.example.com", false},
	{"a_b.example.com", false},
	{"https://a.example.com", false},
	{repeat("a", 63) + "." + repeat("a", 63) + "." + repeat("a", 63) + "." + repeat("a", 62), false},
	{"a.*.example.com", false},
	{repeat("a", 64) + ".com", false},
}

// TestOktaCSRDNSNames checks each DNS name against the spec with kin-openapi.
func TestOktaCSRDNSNames(t *testing.T) {
	schema := loadSpec(t, "okta").Components.Schemas["CsrMetadataSubjectAltNames"].Value
	for _, tt := range oktaDNSNameCases {
		err := schema.VisitJSON(map[string]any{"dnsNames": []any{tt.name}})
		if tt.ok {
			require.NoError(t, err, tt.name)
		} else {
			require.Error(t, err, tt.name)
		}
	}
}
