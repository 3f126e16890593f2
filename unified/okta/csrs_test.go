package okta

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// signCSR issues a certificate for csr's key from a throwaway CA.
func signCSR(t *testing.T, csr unified.CSR, days int) []byte {
	t.Helper()
	req, err := x509.ParseCertificateRequest(csr.DER)
	require.NoError(t, err)
	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, IsCA: true,
		NotBefore: sim.Epoch.Add(-time.Hour), NotAfter: sim.Epoch.AddDate(10, 0, 0), BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: req.Subject, NotBefore: sim.Epoch.Add(-time.Hour), NotAfter: sim.Epoch.AddDate(0, 0, days)}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, req.PublicKey, caKey)
	require.NoError(t, err)
	return der
}

func TestCSRs(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)

	csr, err := p.GenerateCSR(ctx, app, unified.CSRSubject{CommonName: "SP Issuer", Organization: "Example", Country: "US", DNSNames: []string{"sp.example.test"}})
	require.NoError(t, err)
	requireCSR(t, csr)
	got, err := p.GetCSR(ctx, csr.Ref())
	require.NoError(t, err)
	require.Equal(t, csr.DER, got.DER)
	list, err := p.ListCSRs(ctx, app)
	require.NoError(t, err)
	require.Len(t, list, 1)

	_, err = p.PublishCSR(ctx, csr.Ref(), signCSR(t, csr, 30))
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "a certificate valid for 90 days or less is refused")
	key, err := p.PublishCSR(ctx, csr.Ref(), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: signCSR(t, csr, 365)}))
	require.NoError(t, err)
	requireCertificate(t, key)
	_, err = p.GetCSR(ctx, csr.Ref())
	require.ErrorIs(t, err, unified.ErrNotFound, "publishing ends the CSR")

	second, err := p.GenerateCSR(ctx, app, unified.CSRSubject{CommonName: "SP Issuer"})
	require.NoError(t, err)
	_, err = p.PublishCSR(ctx, second.Ref(), signCSR(t, csr, 365))
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "a certificate for another key does not match")
	key, err = p.PublishCSR(ctx, second.Ref(), signCSR(t, second, 365))
	require.NoError(t, err, "DER is accepted too")
	requireCertificate(t, key)
	keys, err := p.ListKeyCredentials(ctx, app)
	require.NoError(t, err)
	require.Len(t, keys, 2)

	third, err := p.GenerateCSR(ctx, app, unified.CSRSubject{CommonName: "SP Issuer"})
	require.NoError(t, err)
	require.NoError(t, p.RevokeCSR(ctx, third.Ref()))
	require.ErrorIs(t, p.RevokeCSR(ctx, third.Ref()), unified.ErrNotFound)
	_, err = p.PublishCSR(ctx, third.Ref(), nil)
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
}
