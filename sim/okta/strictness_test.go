package okta_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/internal/violations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/specs"
)

// TestRefusesWhatTheSpecForbids sends, for the operations of okta.yaml
// whose JSON body has constraints (a client secret, a CSR's metadata, a
// JSON Web Key), a body the simulator accepts and then every body
// internal/violations derives from the spec's schema that breaks one of
// them: each must be refused with a 400. addJwk's body is a oneOf of key
// shapes (an RSA or EC signing key, an RSA encryption key): each shape has
// a valid body of its own, and its violations are the bodies no
// alternative accepts. Each body goes to a new app, so that no refusal
// comes from the limit of two secrets per app or from a key already there.
// publishCsrFromApplication takes a certificate, not JSON:
// TestRefusesMalformedCertificates drives it.
func TestRefusesWhatTheSpecForbids(t *testing.T) {
	data, err := specs.FS.ReadFile("okta.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	h := newHarness(t, nil)
	ctx := context.Background()
	send := map[string]func(app string, body []byte) (int, []byte){
		"createOAuth2ClientSecret": func(app string, body []byte) (int, []byte) {
			r, err := h.api.CreateOAuth2ClientSecretWithBodyWithResponse(ctx, app, "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			return r.StatusCode(), r.Body
		},
		"generateCsrForApplication": func(app string, body []byte) (int, []byte) {
			r, err := h.api.GenerateCsrForApplicationWithBodyWithResponse(ctx, app, "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			return r.StatusCode(), r.Body
		},
		"addJwk": func(app string, body []byte) (int, []byte) {
			r, err := h.api.AddJwkWithBodyWithResponse(ctx, app, "application/json", bytes.NewReader(body))
			require.NoError(t, err)
			return r.StatusCode(), r.Body
		},
	}
	tests := []struct{ name, operation, valid string }{
		{"createOAuth2ClientSecret", "createOAuth2ClientSecret", `{"client_secret":"a-secret-of-some-length-42","status":"ACTIVE"}`},
		{"generateCsrForApplication", "generateCsrForApplication", `{"subject":{"countryName":"CA","stateOrProvinceName":"Ontario","localityName":"Toronto","organizationName":"Okta, Inc.","organizationalUnitName":"Dev","commonName":"SP Issuer"},"subjectAltNames":{"dnsNames":["dev.okta.com"]}}`},
		{"addJwk RSA signing key", "addJwk", rsaJWK("strict-rsa", "sig", "ACTIVE", 2048)},
		{"addJwk EC signing key", "addJwk", ecJWK("strict-ec")},
		{"addJwk RSA encryption key", "addJwk", rsaJWK("strict-enc", "enc", "ACTIVE", 2048)},
	}
	refused := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema := oktaRequestSchema(t, doc, tt.operation)
			status, answer := send[tt.operation](h.sim.CreateApp("strict", ""), []byte(tt.valid))
			require.Equal(t, http.StatusCreated, status, "the valid body: %s", answer)
			bad, err := violations.Generate(schema, []byte(tt.valid))
			require.NoError(t, err)
			require.NotEmpty(t, bad)
			for _, v := range bad {
				require.Error(t, schema.VisitJSON(jsonValue(t, v.Body)), "%s: %s breaks the spec", v.Rule, v.Body)
				status, answer := send[tt.operation](h.sim.CreateApp("strict", ""), v.Body)
				if status != http.StatusBadRequest {
					t.Errorf("%s: answered %d, want 400, to %s: %s", v.Rule, status, v.Body, answer)
					continue
				}
				refused++
			}
		})
	}
	t.Logf("bodies breaking the spec, all refused: %d", refused)
}

func jsonValue(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	return v
}

// TestRefusesMalformedCertificates publishes, to one CSR, bodies that are
// no certificate in the media type they are sent as (okta.yaml: a CER or
// DER certificate, base64 when Content-Transfer-Encoding says so, or PEM)
// and bodies in a media type the spec does not list: each must be refused
// with Okta's validation error (400 E0000001, behaviour.md: "otherwise
// 400"), and the CSR must survive every refusal, which the valid
// certificate published last proves.
func TestRefusesMalformedCertificates(t *testing.T) {
	data, err := specs.FS.ReadFile("okta.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	var declared []string
	for _, item := range doc.Paths.Map() {
		if op := item.Post; op != nil && op.OperationID == "publishCsrFromApplication" {
			for ct := range op.RequestBody.Value.Content {
				declared = append(declared, ct)
			}
		}
	}
	sort.Strings(declared)
	require.Equal(t, []string{"application/pkix-cert", "application/x-pem-file", "application/x-x509-ca-cert"}, declared)

	h := newHarness(t, nil)
	c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
	id, csrDER := c.mustGenerate()
	der := issue(t, csrPublicKey(t, csrDER), 1, sim.Epoch, 365*24*time.Hour)
	csr, err := base64.StdEncoding.DecodeString(csrDER)
	require.NoError(t, err)
	b64 := []byte(base64.StdEncoding.EncodeToString(der))
	base64CTE := withHeader("Content-Transfer-Encoding", "base64")
	type body struct {
		name, contentType string
		body              []byte
		base64            bool
	}
	var bad []body
	for _, ct := range declared {
		bad = append(bad,
			body{"empty", ct, nil, false},
			body{"empty, base64", ct, nil, true},
			body{"text", ct, []byte("not a certificate"), false},
			body{"JSON", ct, []byte(`{"certificate":"` + string(b64) + `"}`), false},
			body{"the CSR, not a certificate (DER)", ct, csr, false},
			body{"the CSR, not a certificate (PEM)", ct, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr}), false},
			body{"a truncated certificate", ct, der[:len(der)/2], false},
			body{"a certificate with trailing bytes", ct, append(append([]byte(nil), der...), 0, 1, 2), false},
		)
	}
	bad = append(bad,
		// DER sent as PEM, PEM sent as DER, base64 sent as raw DER, raw DER said to be base64.
		body{"DER as PEM", "application/x-pem-file", der, false},
		body{"PEM as DER", "application/pkix-cert", pemCert(der), false},
		body{"PEM as CER", "application/x-x509-ca-cert", pemCert(der), false},
		body{"base64 without Content-Transfer-Encoding", "application/pkix-cert", b64, false},
		body{"DER said to be base64", "application/pkix-cert", der, true},
		body{"a PEM block with no base64 in it", "application/x-pem-file", []byte("-----BEGIN CERTIFICATE-----\n*!*\n-----END CERTIFICATE-----\n"), false},
		// Media types the spec does not list, with a good certificate.
		body{"PEM as text/plain", "text/plain", pemCert(der), false},
		body{"DER as application/octet-stream", "application/octet-stream", der, false},
		body{"base64 as application/json", "application/json", b64, true},
		body{"PEM with no Content-Type", "", pemCert(der), false},
	)
	for _, b := range bad {
		var eds []oktaapi.RequestEditorFn
		if b.base64 {
			eds = append(eds, base64CTE)
		}
		if b.contentType == "" {
			eds = append(eds, func(_ context.Context, r *http.Request) error { r.Header.Del("Content-Type"); return nil })
		}
		status, answer := c.publish(id, b.contentType, b.body, eds...)
		if status != http.StatusBadRequest {
			t.Errorf("%s as %q: answered %d, want 400: %s", b.name, b.contentType, status, answer)
			continue
		}
		requireError(t, status, answer, http.StatusBadRequest, "E0000001", "Api validation failed: certificate")
	}
	get, err := h.api.GetCsrForApplicationWithResponse(h.ctx, c.app, id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, get.StatusCode(), "no refusal consumed the CSR")
	status, answer := c.publish(id, "application/x-pem-file", pemCert(der))
	require.Equal(t, http.StatusCreated, status, "%s", answer)
	t.Logf("certificate bodies breaking the spec, all refused: %d", len(bad))
}

// oktaRequestSchema is the JSON request body schema of operation id.
func oktaRequestSchema(t *testing.T, doc *openapi3.T, id string) *openapi3.Schema {
	t.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op.RequestBody.Value.Content.Get("application/json").Schema.Value
			}
		}
	}
	t.Fatalf("okta.yaml has no operation %s", id)
	return nil
}
