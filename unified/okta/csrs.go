package okta

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

func (p *adapter) ListCSRs(ctx context.Context, appID string) ([]unified.CSR, error) {
	resp, err := call.Do(ctx, p.vendor, "ListCSRs", func(ctx context.Context) (*http.Response, error) {
		return p.api.ListCsrsForApplication(ctx, appID)
	}, call.Decode[[]gen.Csr](http.StatusOK))
	if err != nil {
		return nil, err
	}
	out := make([]unified.CSR, 0, len(resp))
	for _, c := range resp {
		csr, err := csrOf(appID, c)
		if err != nil {
			return nil, undecodable("ListCSRs", err)
		}
		out = append(out, csr)
	}
	return out, nil
}

func (p *adapter) GetCSR(ctx context.Context, ref unified.CredentialRef) (unified.CSR, error) {
	resp, err := call.Do(ctx, p.vendor, "GetCSR", func(ctx context.Context) (*http.Response, error) {
		return p.api.GetCsrForApplication(ctx, ref.ClientID, ref.ID, acceptJSON)
	}, call.Decode[gen.Csr](http.StatusOK))
	if err != nil {
		return unified.CSR{}, err
	}
	return p.csrAnswer("GetCSR", ref.ClientID, resp)
}

// GenerateCSR asks Okta for a new key pair and its CSR, as JSON so that
// the CSR's ID comes back with it.
func (p *adapter) GenerateCSR(ctx context.Context, appID string, subject unified.CSRSubject) (unified.CSR, error) {
	meta := gen.CsrMetadata{Subject: &gen.CsrMetadataSubject{
		CommonName: optional(subject.CommonName), OrganizationName: optional(subject.Organization),
		OrganizationalUnitName: optional(subject.OrganizationalUnit), LocalityName: optional(subject.Locality),
		StateOrProvinceName: optional(subject.Province), CountryName: optional(subject.Country),
	}}
	if len(subject.DNSNames) > 0 {
		meta.SubjectAltNames = &gen.CsrMetadataSubjectAltNames{DnsNames: &subject.DNSNames}
	}
	resp, err := call.Do(ctx, p.vendor, "GenerateCSR", func(ctx context.Context) (*http.Response, error) {
		return p.api.GenerateCsrForApplication(ctx, appID, meta, acceptJSON)
	}, call.Decode[gen.Csr](http.StatusCreated))
	if err != nil {
		return unified.CSR{}, err
	}
	return p.csrAnswer("GenerateCSR", appID, resp)
}

// PublishCSR sends the signed certificate, PEM or DER (found by its first
// bytes), and returns the key credential it became.
func (p *adapter) PublishCSR(ctx context.Context, ref unified.CredentialRef, certificate []byte) (unified.KeyCredential, error) {
	contentType := "application/pkix-cert"
	if bytes.HasPrefix(bytes.TrimSpace(certificate), []byte("-----BEGIN")) {
		contentType = "application/x-pem-file"
	}
	resp, err := call.Do(ctx, p.vendor, "PublishCSR", func(ctx context.Context) (*http.Response, error) {
		return p.api.PublishCsrFromApplicationWithBody(ctx, ref.ClientID, ref.ID, contentType, bytes.NewReader(certificate))
	}, call.Decode[gen.JsonWebKey](http.StatusCreated))
	if err != nil {
		return unified.KeyCredential{}, err
	}
	return keyCredential(ref.ClientID, resp), nil
}

func (p *adapter) RevokeCSR(ctx context.Context, ref unified.CredentialRef) error {
	_, err := call.Do(ctx, p.vendor, "RevokeCSR", func(ctx context.Context) (*http.Response, error) {
		return p.api.RevokeCsrFromApplication(ctx, ref.ClientID, ref.ID)
	}, gen.ParseRevokeCsrFromApplicationResponse)
	return err
}

func (p *adapter) csrAnswer(op, appID string, c gen.Csr) (unified.CSR, error) {
	csr, err := csrOf(appID, c)
	if err != nil {
		return unified.CSR{}, undecodable(op, err)
	}
	return csr, nil
}

func csrOf(appID string, c gen.Csr) (unified.CSR, error) {
	der, err := base64.StdEncoding.DecodeString(deref(c.Csr))
	if err != nil {
		return unified.CSR{}, err
	}
	cred := driver.WithVendorValue(unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: deref(c.Id), Kind: unified.KindCSR, Status: unified.StatusPending,
		Created: derefTime(c.Created),
	}, c)
	return unified.CSR{Credential: cred, KeyType: deref(c.Kty), DER: der}, nil
}

// acceptJSON asks for the JSON form of a CSR answer.
func acceptJSON(_ context.Context, req *http.Request) error {
	req.Header.Set("Accept", "application/json")
	return nil
}
