package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestKeysGolden(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	partner := d.demoID(t, "partner-portal")
	for _, st := range []struct {
		golden string
		args   []string
	}{
		{"keys_list.table.golden", []string{"keys", "list", "--vendor", "okta", partner}},
		{"keys_list.json.golden", []string{"keys", "list", "--vendor", "okta", partner, "-o", "json"}},
		{"keys_generate.table.golden", []string{"keys", "generate", "--vendor", "okta", partner, "--years", "3"}},
	} {
		code, stdout, stderr := runCLI(t, st.args...)
		require.Equal(t, 0, code, stderr)
		require.Empty(t, stderr)
		checkGolden(t, st.golden, stdout)
	}
	code, stdout, _ := runCLI(t, "keys", "list", "--vendor", "okta", partner)
	require.Equal(t, 0, code)
	require.Len(t, lines(stdout), 3, "the header and two keys")
}

func TestKeysJSONWebKeyLifecycle(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	billing := d.demoID(t, "billing-api")
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "pub.pem")
	require.NoError(t, os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600))

	code, stdout, stderr := runCLI(t, "keys", "add", "--vendor", "okta", billing, "--public-key", file, "--kid", "demo-ec", "--inactive", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var added []keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &added))
	require.Equal(t, "demo-ec", added[0].KeyID)
	require.Equal(t, unified.StatusInactive, added[0].Status)
	id := added[0].ID

	code, stdout, stderr = runCLI(t, "keys", "activate", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, " ACTIVE ")
	code, stdout, stderr = runCLI(t, "keys", "deactivate", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, " INACTIVE ")
	code, stdout, stderr = runCLI(t, "keys", "delete", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, id+"  deleted\n")

	// Without --kid the vendor's default applies: the key is added.
	code, stdout, stderr = runCLI(t, "keys", "add", "--vendor", "okta", billing, "--public-key", file, "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &added))
	require.NotEmpty(t, added[0].ID)

	code, _, stderr = runCLI(t, "keys", "add", "--vendor", "okta", billing, "--public-key", filepath.Join(t.TempDir(), "none.pem"))
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "credkit keys add: --public-key: open ")
}

// A vendor without keys answers Unimplemented in one line, exit 1.
func TestKeysUnimplemented(t *testing.T) {
	testEnv(t)
	for _, args := range [][]string{
		{"keys", "list", "--vendor", "sailpoint", "c1"},
		{"keys", "generate", "--vendor", "vmwarecsp", "c1", "--years", "2"},
		{"keys", "delete", "--vendor", "vmwarecsp", "c1", "k1"},
		{"keys", "csr-generate", "--vendor", "sailpoint", "c1", "--cn", "a", "--out", "-"},
		{"keys", "csr-publish", "--vendor", "vmwarecsp", "c1", "r1", "--certificate", "keys_test.go"},
		{"keys", "csr-revoke", "--vendor", "sailpoint", "c1", "r1"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append(args, "--demo")...)
			require.Equal(t, 1, code)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, "the simulator notice and the error")
			require.Regexp(t, `^credkit: \w+ .*: (sailpoint|vmwarecsp) \w+: Unimplemented: \w+ has no .*; `+"`credkit vendors`"+` shows what each vendor supports$`, got[1])
		})
	}
}

// A CSR's lifecycle: generate it, sign its request with a CA, publish the
// certificate; or revoke it.
func TestKeysCSRLifecycle(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	partner := d.demoID(t, "partner-portal")
	dir := t.TempDir()
	reqFile := filepath.Join(dir, "req.pem")

	code, stdout, stderr := runCLI(t, "keys", "csr-generate", "--vendor", "okta", partner, "--cn", "partner.example.test",
		"--org", "Example", "--dns", "partner.example.test", "--dns", "api.example.test", "--out", reqFile, "-o", "json")
	require.Equal(t, 0, code, stderr)
	var generated []keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &generated))
	require.Len(t, generated, 1)
	csrID := generated[0].ID
	require.Equal(t, unified.KindCSR, generated[0].Kind)
	require.Equal(t, "credkit: have your CA sign the request, then: credkit keys csr-publish --vendor okta "+partner+" "+csrID+" --certificate CERT.pem\n", stderr)
	block, _ := pem.Decode(must(os.ReadFile(reqFile)))
	require.NotNil(t, block)
	require.Equal(t, "CERTIFICATE REQUEST", block.Type)
	req, err := x509.ParseCertificateRequest(block.Bytes)
	require.NoError(t, err)
	require.NoError(t, req.CheckSignature())
	require.Equal(t, "partner.example.test", req.Subject.CommonName)
	require.Equal(t, []string{"Example"}, req.Subject.Organization)
	require.Equal(t, []string{"partner.example.test", "api.example.test"}, req.DNSNames)

	code, stdout, stderr = runCLI(t, "keys", "list", "--vendor", "okta", partner)
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `(?m)^csr\s+`+csrID+`\s`, stdout)

	// --out - writes the request alone to stdout.
	code, stdout, stderr = runCLI(t, "keys", "csr-generate", "--vendor", "okta", partner, "--cn", "other.example.test", "--out", "-")
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasPrefix(stdout, "-----BEGIN CERTIFICATE REQUEST-----\n"), stdout)
	require.True(t, strings.HasSuffix(stdout, "-----END CERTIFICATE REQUEST-----\n"), stdout)

	// A certificate of another key does not match the CSR.
	ca := newTestCA(t)
	otherKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	wrongFile := filepath.Join(dir, "wrong.pem")
	require.NoError(t, os.WriteFile(wrongFile, ca.sign(t, &otherKey.PublicKey, "partner.example.test"), 0o600))
	code, stdout, stderr = runCLI(t, "keys", "csr-publish", "--vendor", "okta", partner, csrID, "--certificate", wrongFile)
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	require.Len(t, lines(stderr), 1, stderr)
	require.Contains(t, stderr, "credkit: publishing CSR "+csrID+" of "+partner+": okta PublishCSR: ")

	certFile := filepath.Join(dir, "cert.pem")
	require.NoError(t, os.WriteFile(certFile, ca.sign(t, req.PublicKey, req.Subject.CommonName), 0o600))
	code, stdout, stderr = runCLI(t, "keys", "csr-publish", "--vendor", "okta", partner, csrID, "--certificate", certFile, "-o", "json")
	require.Equal(t, 0, code, stderr)
	var published []keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &published))
	require.Len(t, published, 1)
	require.Equal(t, unified.KindKeyCredential, published[0].Kind)
	require.Equal(t, clock.Now().AddDate(1, 0, 0).UTC(), published[0].Expires.UTC())

	// The other CSR, revoked, is gone; the published one is a key now.
	code, stdout, _ = runCLI(t, "keys", "list", "--vendor", "okta", partner, "-o", "json")
	require.Equal(t, 0, code)
	var listed []keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &listed))
	var pending string
	kinds := map[unified.Kind]int{}
	for _, k := range listed {
		kinds[k.Kind]++
		if k.Kind == unified.KindCSR {
			pending = k.ID
		}
	}
	require.Equal(t, map[unified.Kind]int{unified.KindKeyCredential: 2, unified.KindCSR: 1}, kinds)
	code, stdout, stderr = runCLI(t, "keys", "csr-revoke", "--vendor", "okta", partner, pending)
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `^CLIENT\s+ID\s+RESULT\n`+partner+`\s+`+pending+`\s+revoked\n$`, stdout)
	code, stdout, _ = runCLI(t, "keys", "list", "--vendor", "okta", partner)
	require.Equal(t, 0, code)
	require.NotRegexp(t, `(?m)^csr\s`, stdout)

	code, _, stderr = runCLI(t, "keys", "csr-revoke", "--vendor", "okta", partner, pending)
	require.Equal(t, 1, code)
	require.True(t, strings.HasSuffix(stderr, "; check the client and credential IDs\n"), stderr)
}

func TestKeysCSRUsage(t *testing.T) {
	testEnv(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"keys", "csr-generate", "--vendor", "okta", "c1", "--out", "x.pem"}, "credkit keys csr-generate: --cn is required"},
		{[]string{"keys", "csr-generate", "--vendor", "okta", "c1", "--cn", "a"}, "credkit keys csr-generate: --out FILE is required: it receives the request to sign"},
		{[]string{"keys", "csr-generate", "--vendor", "okta", "--cn", "a", "--out", "-"}, "credkit keys csr-generate: name one client"},
		{[]string{"keys", "csr-publish", "--vendor", "okta", "c1", "r1"}, "credkit keys csr-publish: --certificate is required"},
		{[]string{"keys", "csr-publish", "--vendor", "okta", "c1", "r1", "--certificate", filepath.Join(t.TempDir(), "none.pem")}, "credkit keys csr-publish: --certificate: open "},
		{[]string{"keys", "csr-publish", "--vendor", "okta", "c1", "--certificate", "x"}, "credkit keys csr-publish: name a client and one of its CSR IDs"},
		{[]string{"keys", "csr-revoke", "--vendor", "okta", "c1"}, "credkit keys csr-revoke: name a client and one of its CSR IDs"},
	} {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, stderr)
			require.True(t, strings.HasPrefix(got[0], tt.want), got[0])
		})
	}
}

// testCA signs certificates for tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "credkit test CA"},
		NotBefore: clock.Now().Add(-time.Hour), NotAfter: clock.Now().AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &testCA{cert: cert, key: key}
}

// sign returns a PEM certificate for pub, valid for a year from now.
func (ca *testCA) sign(t *testing.T, pub any, cn string) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn},
		NotBefore: clock.Now().Add(-time.Hour), NotAfter: clock.Now().AddDate(1, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, pub, ca.key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
