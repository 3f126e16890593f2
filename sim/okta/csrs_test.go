package okta_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
)

// csrsAPI drives the CSR operations of one app.
type csrsAPI struct {
	t   *testing.T
	h   *harness
	app string
}

var spIssuer = oktaapi.CsrMetadata{
	Subject: &oktaapi.CsrMetadataSubject{
		CommonName: ptr("SP Issuer"), CountryName: ptr("CA"), LocalityName: ptr("Toronto"),
		OrganizationName: ptr("Okta, Inc."), OrganizationalUnitName: ptr("Dev"), StateOrProvinceName: ptr("Ontario"),
	},
	SubjectAltNames: &oktaapi.CsrMetadataSubjectAltNames{DnsNames: &[]string{"dev.okta.com"}},
}

func (c csrsAPI) generate(meta oktaapi.CsrMetadata, accept string) *oktaapi.GenerateCsrForApplicationResponse {
	c.t.Helper()
	r, err := c.h.api.GenerateCsrForApplicationWithResponse(c.h.ctx, c.app, meta, withHeader("Accept", accept))
	require.NoError(c.t, err)
	return r
}

// mustGenerate makes a CSR and returns its id and base64 DER.
func (c csrsAPI) mustGenerate() (id, der string) {
	c.t.Helper()
	r := c.generate(spIssuer, "application/json")
	require.Equal(c.t, http.StatusCreated, r.StatusCode(), "%s", r.Body)
	return *r.JSON201.Id, *r.JSON201.Csr
}

func (c csrsAPI) publish(id, contentType string, body []byte, eds ...oktaapi.RequestEditorFn) (int, []byte) {
	c.t.Helper()
	r, err := c.h.api.PublishCsrFromApplicationWithBodyWithResponse(c.h.ctx, c.app, id, contentType, bytes.NewReader(body), eds...)
	require.NoError(c.t, err)
	return r.StatusCode(), r.Body
}

func TestGenerateCSR(t *testing.T) {
	h := newHarness(t, nil)
	c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
	r := c.generate(spIssuer, "application/json")
	require.Equal(t, http.StatusCreated, r.StatusCode(), "%s", r.Body)
	csr := r.JSON201
	self := h.url + "/api/v1/apps/" + c.app + "/credentials/csrs/" + *csr.Id
	require.Equal(t, self, *r.Headers201.Location)
	require.Equal(t, "RSA", *csr.Kty)
	require.Equal(t, self, csr.UnderscoreLinks.Self.Href)
	require.Equal(t, self+"/lifecycle/publish", csr.UnderscoreLinks.Publish.Href)
	require.True(t, csr.Created.Equal(sim.Epoch))

	der, err := base64.StdEncoding.DecodeString(*csr.Csr)
	require.NoError(t, err)
	req, err := x509.ParseCertificateRequest(der)
	require.NoError(t, err)
	require.NoError(t, req.CheckSignature())
	require.Equal(t, "CN=SP Issuer,OU=Dev,O=Okta\\, Inc.,L=Toronto,ST=Ontario,C=CA", req.Subject.String())
	require.Equal(t, []string{"dev.okta.com"}, req.DNSNames)

	pk := c.generate(spIssuer, "application/pkcs10")
	require.Equal(t, http.StatusCreated, pk.StatusCode())
	require.Equal(t, "application/pkcs10; filename=okta.p10", pk.HTTPResponse.Header.Get("Content-Type"))
	require.Equal(t, "base64", *pk.Headers201.ContentTransferEncoding)
	require.NotEmpty(t, *pk.Headers201.Location)
	raw, err := base64.StdEncoding.DecodeString(string(pk.Body))
	require.NoError(t, err)
	_, err = x509.ParseCertificateRequest(raw)
	require.NoError(t, err)
	require.NotEqual(t, *csr.Csr, string(pk.Body), "each CSR has its own key pair")
}

func TestGenerateCSRRules(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("saml", "")
	tests := []struct {
		name   string
		app    string
		body   string
		status int
		code   string
		cause  string
	}{
		{"no body", app, "", 201, "", ""},
		{"empty metadata", app, "{}", 201, "", ""},
		{"three-letter country", app, `{"subject":{"countryName":"USA"}}`, 400, "E0000001", "countryName"},
		{"a DNS name", app, `{"subjectAltNames":{"dnsNames":["dev.okta.com"]}}`, 201, "", ""},
		{"a wildcard DNS name", app, `{"subjectAltNames":{"dnsNames":["*.example.com"]}}`, 201, "", ""},
		{"a one-label DNS name", app, `{"subjectAltNames":{"dnsNames":["localhost"]}}`, 201, "", ""},
		{"a 253-character DNS name", app, `{"subjectAltNames":{"dnsNames":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}}`, 201, "", ""},
		{"DNS name with a space", app, `{"subjectAltNames":{"dnsNames":["bad name"]}}`, 400, "E0000001", "dnsNames"},
		{"empty DNS name", app, `{"subjectAltNames":{"dnsNames":[""]}}`, 400, "E0000001", "dnsNames"},
		{"DNS name with an empty label", app, `{"subjectAltNames":{"dnsNames":["a..b"]}}`, 400, "E0000001", "dnsNames"},
		{"DNS name with a leading hyphen", app, `{"subjectAltNames":{"dnsNames":["-a.example.com"]}}`, 400, "E0000001", "dnsNames"},
		{"DNS name with an underscore", app, `{"subjectAltNames":{"dnsNames":["a_b.example.com"]}}`, 400, "E0000001", "dnsNames"},
		{"DNS name as a URL", app, `{"subjectAltNames":{"dnsNames":["https://a.example.com"]}}`, 400, "E0000001", "dnsNames"},
		{"a 254-character DNS name", app, `{"subjectAltNames":{"dnsNames":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}}`, 400, "E0000001", "dnsNames"},
		{"a wildcard inside", app, `{"subjectAltNames":{"dnsNames":["a.*.example.com"]}}`, 400, "E0000001", "dnsNames"},
		{"a 64-character label", app, `{"subjectAltNames":{"dnsNames":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"]}}`, 400, "E0000001", "dnsNames"},
		{"not JSON", app, `{"subject":`, 400, "E0000003", "not well-formed"},
		{"unknown app", "0oaNoApp", "{}", 404, "E0000007", "0oaNoApp (AppInstance)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			r, err := h.api.GenerateCsrForApplicationWithBodyWithResponse(h.ctx, tc.app, "application/json", body)
			require.NoError(t, err)
			if tc.code == "" {
				require.Equal(t, tc.status, r.StatusCode(), "%s", r.Body)
				return
			}
			requireError(t, r.StatusCode(), r.Body, tc.status, tc.code, tc.cause)
		})
	}
}

func TestCSRContentNegotiation(t *testing.T) {
	h := newHarness(t, nil)
	c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
	id, der := c.mustGenerate()
	tests := []struct {
		accept string
		pkcs10 bool
	}{
		{"", false},
		{"application/json", false},
		{"*/*", false},
		{"application/pkcs10", true},
		{"application/pkcs10,application/json", true},
		{"application/json, application/pkcs10", false},
		{"application/json;q=0.5, application/pkcs10", true},
		{"application/pkcs10;q=0, application/json", false},
		{"text/html", false},
	}
	for _, tc := range tests {
		t.Run(tc.accept, func(t *testing.T) {
			r, err := h.api.GetCsrForApplicationWithResponse(h.ctx, c.app, id, withHeader("Accept", tc.accept))
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.StatusCode())
			if tc.pkcs10 {
				require.Equal(t, der, string(r.Body))
				require.Equal(t, "base64", *r.Headers200.ContentTransferEncoding)
				return
			}
			require.Equal(t, id, *r.JSON200.Id)
			require.Equal(t, der, *r.JSON200.Csr)
		})
	}
}

func TestListGetRevokeCSR(t *testing.T) {
	h := newHarness(t, nil)
	c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
	first, _ := c.mustGenerate()
	second, _ := c.mustGenerate()
	list, err := h.api.ListCsrsForApplicationWithResponse(h.ctx, c.app)
	require.NoError(t, err)
	require.Len(t, *list.JSON200, 2)
	require.Equal(t, first, *(*list.JSON200)[0].Id)

	rev, err := h.api.RevokeCsrFromApplicationWithResponse(h.ctx, c.app, first)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, rev.StatusCode())
	require.Empty(t, rev.Body)
	require.Empty(t, rev.HTTPResponse.Header.Get("Content-Type"))

	for _, id := range []string{first, "noSuchCsr"} {
		get, err := h.api.GetCsrForApplicationWithResponse(h.ctx, c.app, id)
		require.NoError(t, err)
		requireError(t, get.StatusCode(), get.Body, http.StatusNotFound, "E0000007", id+" (CSR)")
		rev, err := h.api.RevokeCsrFromApplicationWithResponse(h.ctx, c.app, id)
		require.NoError(t, err)
		requireError(t, rev.StatusCode(), rev.Body, http.StatusNotFound, "E0000007", id+" (CSR)")
	}
	list, err = h.api.ListCsrsForApplicationWithResponse(h.ctx, c.app)
	require.NoError(t, err)
	require.Len(t, *list.JSON200, 1)
	require.Equal(t, second, *(*list.JSON200)[0].Id)
}

func TestPublishCSR(t *testing.T) {
	year := 365 * 24 * time.Hour
	b64 := func(der []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(der)) }
	tests := []struct {
		name        string
		contentType string
		base64      bool
		validFor    time.Duration
		foreignKey  bool
		mangle      func([]byte) []byte // the body from the DER
		status      int
		cause       string
	}{
		{name: "PEM", contentType: "application/x-pem-file", validFor: year, mangle: pemCert, status: 201},
		{name: "DER as pkix-cert", contentType: "application/pkix-cert", validFor: year, status: 201},
		{name: "base64 DER as pkix-cert", contentType: "application/pkix-cert", base64: true, validFor: year, mangle: b64, status: 201},
		{name: "DER as x-x509-ca-cert", contentType: "application/x-x509-ca-cert", validFor: year, status: 201},
		{name: "base64 DER as x-x509-ca-cert", contentType: "application/x-x509-ca-cert", base64: true, validFor: year, mangle: b64, status: 201},
		{name: "valid for 91 days", contentType: "application/x-pem-file", validFor: 91 * 24 * time.Hour, mangle: pemCert, status: 201},
		{name: "valid for 90 days", contentType: "application/x-pem-file", validFor: 90 * 24 * time.Hour, mangle: pemCert, status: 400, cause: "The certificate must be valid for more than 90 days."},
		{name: "another key", contentType: "application/x-pem-file", validFor: year, foreignKey: true, mangle: pemCert, status: 400, cause: "The certificate doesn't match the CSR."},
		{name: "not PEM", contentType: "application/x-pem-file", validFor: year, mangle: func([]byte) []byte { return []byte("hello") }, status: 400, cause: "PEM"},
		{name: "not DER", contentType: "application/pkix-cert", validFor: year, mangle: func([]byte) []byte { return []byte("hello") }, status: 400, cause: "X.509"},
		{name: "not base64", contentType: "application/pkix-cert", base64: true, validFor: year, mangle: func([]byte) []byte { return []byte("*!*") }, status: 400, cause: "base64"},
		{name: "wrong content type", contentType: "text/plain", validFor: year, mangle: pemCert, status: 400, cause: "Content-Type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
			id, csrDER := c.mustGenerate()
			pub := csrPublicKey(t, csrDER)
			if tc.foreignKey {
				pub = testCA.Public()
			}
			der := issue(t, pub, 1, sim.Epoch, tc.validFor)
			body := der
			if tc.mangle != nil {
				body = tc.mangle(der)
			}
			var eds []oktaapi.RequestEditorFn
			if tc.base64 {
				eds = append(eds, withHeader("Content-Transfer-Encoding", "base64"))
			}
			status, answer := c.publish(id, tc.contentType, body, eds...)
			if tc.status != http.StatusCreated {
				requireError(t, status, answer, tc.status, "E0000001", tc.cause)
				return
			}
			require.Equal(t, http.StatusCreated, status, "%s", answer)
			key := decode[oktaapi.JsonWebKey](t, answer)
			require.Equal(t, id, *key.Kid, "the key credential keeps the CSR's id as kid")
			require.Equal(t, [][]byte{der}, *key.X5c, "x5c carries the published DER")
			require.True(t, key.ExpiresAt.Equal(sim.Epoch.Add(tc.validFor)))

			get, err := h.api.GetCsrForApplicationWithResponse(h.ctx, c.app, id)
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, get.StatusCode(), "a published CSR is gone")
			k, err := h.api.GetApplicationKeyWithResponse(h.ctx, c.app, id)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, k.StatusCode())
		})
	}
}

func TestPublishUnknownCSR(t *testing.T) {
	h := newHarness(t, nil)
	c := csrsAPI{t, h, h.sim.CreateApp("saml", "")}
	status, body := c.publish("noSuchCsr", "application/x-pem-file", []byte(samplePEM))
	requireError(t, status, body, http.StatusNotFound, "E0000007", "noSuchCsr (CSR)")
}
