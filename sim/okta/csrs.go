package okta

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

const (
	csrType        = "CSR"
	pkcs10Type     = "application/pkcs10"
	pkcs10Response = pkcs10Type + "; filename=okta.p10"
)

// csr is a pending certificate signing request and its key pair; its id is
// the kid the key credential gets once the CSR is published.
type csr struct {
	id      string
	created time.Time
	der     []byte
	key     *pooledKey
}

// csrJSON is Okta's Csr object.
type csrJSON struct {
	ID      string   `json:"id"`
	Created oktaTime `json:"created"`
	Csr     string   `json:"csr"`
	Kty     string   `json:"kty"`
	Links   csrLinks `json:"_links"`
}

type csrLinks struct {
	Self    *hrefObject `json:"self"`
	Publish *hrefObject `json:"publish"`
}

func (c *call) csrURL(a *app, cs *csr) string {
	return c.appURL(a) + "/credentials/csrs/" + cs.id
}

func (c *call) csrJSON(a *app, cs *csr) csrJSON {
	self := c.csrURL(a, cs)
	return csrJSON{
		ID: cs.id, Created: oktaTime(cs.created), Kty: "RSA",
		Csr: base64.StdEncoding.EncodeToString(cs.der),
		Links: csrLinks{
			Self:    link(self, http.MethodGet, http.MethodDelete),
			Publish: link(self+"/lifecycle/publish", http.MethodPost),
		},
	}
}

// csrReply answers cs as the Accept header asks: a Csr object, or the
// base64 DER CSR as application/pkcs10.
func (c *call) csrReply(status int, a *app, cs *csr) *reply {
	if !prefersPKCS10(c.r.Header.Get("Accept")) {
		return jsonReply(status, c.csrJSON(a, cs))
	}
	return &reply{
		status:      status,
		contentType: pkcs10Response,
		body:        []byte(base64.StdEncoding.EncodeToString(cs.der)),
		header:      http.Header{"Content-Transfer-Encoding": {"base64"}},
	}
}

func (s *Server) listCSRs(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	out := make([]csrJSON, 0, len(a.csrs))
	for _, cs := range a.csrs {
		out = append(out, c.csrJSON(a, cs))
	}
	return jsonReply(http.StatusOK, out), nil
}

// generateCSR makes a key pair and a CSR for the subject in the body.
func (s *Server) generateCSR(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	tmpl, err := csrTemplate(c.body)
	if err != nil {
		return nil, err
	}
	k := s.nextKey(a)
	der, cerr := x509.CreateCertificateRequest(rand.Reader, tmpl, k.priv)
	if cerr != nil {
		return nil, errValidation("csrMetadata", cerr.Error())
	}
	cs := &csr{id: k.kid, created: c.now, der: der, key: k}
	a.csrs = append(a.csrs, cs)
	rep := c.csrReply(http.StatusCreated, a, cs)
	if rep.header == nil {
		rep.header = http.Header{}
	}
	rep.header.Set("Location", c.csrURL(a, cs))
	return rep, nil
}

// lookupCSR finds the app and CSR of the request's path.
func (s *Server) lookupCSR(c *call) (*app, *csr, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.path("csrId")
	for _, cs := range a.csrs {
		if cs.id == id {
			return a, cs, nil
		}
	}
	return nil, nil, errNotFound(id, csrType)
}

func (s *Server) getCSR(c *call) (*reply, *apiError) {
	a, cs, err := s.lookupCSR(c)
	if err != nil {
		return nil, err
	}
	return c.csrReply(http.StatusOK, a, cs), nil
}

// revokeCSR deletes the CSR and its key pair.
func (s *Server) revokeCSR(c *call) (*reply, *apiError) {
	a, cs, err := s.lookupCSR(c)
	if err != nil {
		return nil, err
	}
	a.removeCSR(cs)
	return noContent(), nil
}

func (a *app) removeCSR(cs *csr) {
	a.csrs = slices.DeleteFunc(a.csrs, func(x *csr) bool { return x == cs })
}

// csrTemplate reads the optional CsrMetadata body.
func csrTemplate(body []byte) (*x509.CertificateRequest, *apiError) {
	var meta struct {
		Subject struct {
			CommonName             string `json:"commonName"`
			CountryName            string `json:"countryName"`
			LocalityName           string `json:"localityName"`
			OrganizationalUnitName string `json:"organizationalUnitName"`
			OrganizationName       string `json:"organizationName"`
			StateOrProvinceName    string `json:"stateOrProvinceName"`
		} `json:"subject"`
		SubjectAltNames struct {
			DNSNames []string `json:"dnsNames"`
		} `json:"subjectAltNames"`
	}
	if err := decodeOptional(body, &meta); err != nil {
		return nil, err
	}
	sub := meta.Subject
	if sub.CountryName != "" && !isCountryCode(sub.CountryName) {
		return nil, errValidation("csrMetadata", "countryName: must be a two-letter ISO 3166 country code.")
	}
	for _, name := range meta.SubjectAltNames.DNSNames {
		if !isDNSName(name) {
			return nil, errValidation("csrMetadata", "subjectAltNames.dnsNames: "+name+" is not a DNS name.")
		}
	}
	return &x509.CertificateRequest{
		Subject: pkix.Name{
			CommonName:         sub.CommonName,
			Country:            nonEmpty(sub.CountryName),
			Locality:           nonEmpty(sub.LocalityName),
			OrganizationalUnit: nonEmpty(sub.OrganizationalUnitName),
			Organization:       nonEmpty(sub.OrganizationName),
			Province:           nonEmpty(sub.StateOrProvinceName),
		},
		DNSNames:           meta.SubjectAltNames.DNSNames,
		SignatureAlgorithm: x509.SHA256WithRSA,
	}, nil
}

// dnsNamePattern is the RFC 1123 host name syntax that RFC 5280 requires of
// a dNSName, with an optional leading "*." wildcard label; the spec's
// CsrMetadataSubjectAltNames.dnsNames items have the same pattern.
var dnsNamePattern = regexp.MustCompile(`^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)

// isDNSName applies dnsNamePattern and the 253-character limit.
func isDNSName(name string) bool {
	return len(name) <= 253 && dnsNamePattern.MatchString(name)
}

func isCountryCode(v string) bool {
	return len(v) == 2 && strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == ""
}

func nonEmpty(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}
