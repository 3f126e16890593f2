package okta

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"mime"
	"net/http"
	"strings"
	"time"
)

const (
	publishResource = "certificate"
	minValidity     = 90 * 24 * time.Hour
)

// publishCSR ends a CSR's lifecycle: the signed certificate must match the
// CSR's key and be valid for more than 90 days; the CSR is removed and its
// key becomes a key credential of the app.
func (s *Server) publishCSR(c *call) (*reply, *apiError) {
	a, cs, err := s.lookupCSR(c)
	if err != nil {
		return nil, err
	}
	der, err := certificateDER(c.r.Header, c.body)
	if err != nil {
		return nil, err
	}
	cert, perr := x509.ParseCertificate(der)
	if perr != nil {
		return nil, errValidation(publishResource, "The certificate is not a valid X.509 certificate.")
	}
	if !cs.key.priv.PublicKey.Equal(cert.PublicKey) {
		return nil, errValidation(publishResource, "The certificate doesn't match the CSR.")
	}
	if !cert.NotAfter.After(c.now.Add(minValidity)) {
		return nil, errValidation(publishResource, "The certificate must be valid for more than 90 days.")
	}
	a.removeCSR(cs)
	kc := &keyCredential{
		kid: cs.id, created: c.now, updated: c.now, expires: cert.NotAfter,
		cert: der, pub: &cs.key.priv.PublicKey,
	}
	a.keys = append(a.keys, kc)
	return jsonReply(http.StatusCreated, kc.json()), nil
}

// certificateDER reads the certificate of a publish request: PEM
// (application/x-pem-file), or DER (application/pkix-cert,
// application/x-x509-ca-cert), base64-encoded when
// Content-Transfer-Encoding says base64.
func certificateDER(h http.Header, body []byte) ([]byte, *apiError) {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch mt {
	case "application/x-pem-file":
		block, _ := pem.Decode(body)
		if block == nil || block.Type != "CERTIFICATE" {
			return nil, errValidation(publishResource, "The body is not a PEM certificate.")
		}
		return block.Bytes, nil
	case "application/pkix-cert", "application/x-x509-ca-cert":
		if !strings.EqualFold(strings.TrimSpace(h.Get("Content-Transfer-Encoding")), "base64") {
			return body, nil
		}
		der, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(body), nil)))
		if err != nil {
			return nil, errValidation(publishResource, "The body is not base64, as Content-Transfer-Encoding says.")
		}
		return der, nil
	}
	return nil, errValidation(publishResource, "Content-Type must be application/x-pem-file, application/pkix-cert or application/x-x509-ca-cert.")
}
