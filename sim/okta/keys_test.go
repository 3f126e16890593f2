package okta_test

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"io"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
)

// rawRequest sends a request the generated client cannot express (a
// missing or malformed query parameter) through the harness transport.
func rawRequest(t *testing.T, h *harness, method, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, h.url+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "SSWS "+apiToken)
	resp, err := (&http.Client{Transport: h.tr}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

func generateKey(t *testing.T, h *harness, app string, years int) (int, []byte) {
	t.Helper()
	r, err := h.api.GenerateApplicationKeyWithResponse(h.ctx, app, &oktaapi.GenerateApplicationKeyParams{ValidityYears: years})
	require.NoError(t, err)
	return r.StatusCode(), r.Body
}

func TestGenerateKeyValidity(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("saml", "")
	tests := []struct {
		name   string
		query  string
		status int
		cause  string
	}{
		{"2 years", "validityYears=2", 201, ""},
		{"10 years", "validityYears=10", 201, ""},
		{"1 year", "validityYears=1", 400, "Validity years out of range. It should be 2 - 10 years."},
		{"11 years", "validityYears=11", 400, "Validity years out of range. It should be 2 - 10 years."},
		{"not a number", "validityYears=five", 400, "Validity years out of range"},
		{"missing", "", 400, "validityYears"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := rawRequest(t, h, http.MethodPost, "/api/v1/apps/"+app+"/credentials/keys/generate?"+tc.query)
			if tc.status == http.StatusCreated {
				require.Equal(t, tc.status, status, "%s", body)
				return
			}
			requireError(t, status, body, tc.status, "E0000001", tc.cause)
		})
	}
}

func TestGeneratedKeyIsConsistent(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("saml", "")
	h.clock.Advance(1500 * time.Millisecond)
	status, body := generateKey(t, h, app, 5)
	require.Equal(t, http.StatusCreated, status, "%s", body)
	k := decode[oktaapi.JsonWebKey](t, body)
	require.Equal(t, "RSA", *k.Kty)
	require.Equal(t, "sig", *k.Use)
	require.Len(t, *k.X5c, 1)

	cert, err := x509.ParseCertificate((*k.X5c)[0])
	require.NoError(t, err)
	require.NoError(t, cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature), "self-signed")
	pub := cert.PublicKey.(*rsa.PublicKey)
	require.Equal(t, 2048, pub.N.BitLen())
	require.Equal(t, base64.RawURLEncoding.EncodeToString(pub.N.Bytes()), *k.N)
	require.Equal(t, base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()), *k.E)
	spki, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	kid := sha256.Sum256(spki)
	require.Equal(t, base64.RawURLEncoding.EncodeToString(kid[:]), *k.Kid)
	thumb := sha256.Sum256((*k.X5c)[0])
	require.Equal(t, base64.RawURLEncoding.EncodeToString(thumb[:]), *k.X5tS256)

	now := sim.Epoch.Add(1500 * time.Millisecond)
	require.True(t, k.Created.Equal(now), "created %v", k.Created)
	require.True(t, k.ExpiresAt.Equal(now.Truncate(time.Second).AddDate(5, 0, 0)), "expiresAt %v", k.ExpiresAt)
	require.True(t, cert.NotAfter.Equal(*k.ExpiresAt))
	require.True(t, cert.NotBefore.Before(now))
}

func TestKeysAreUniquePerApp(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("many", "")
	seen := map[string]bool{}
	for range 6 {
		status, body := generateKey(t, h, app, 2)
		require.Equal(t, http.StatusCreated, status)
		kid := *decode[oktaapi.JsonWebKey](t, body).Kid
		require.False(t, seen[kid], "kid %s handed out twice in one app", kid)
		seen[kid] = true
	}
	r, err := h.api.ListApplicationKeysWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Len(t, *r.JSON200, 6)
}

func TestGetAndListKeys(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("saml", "")
	r, err := h.api.ListApplicationKeysWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, "[]", string(r.Body))

	_, body := generateKey(t, h, app, 3)
	kid := *decode[oktaapi.JsonWebKey](t, body).Kid
	got, err := h.api.GetApplicationKeyWithResponse(h.ctx, app, kid)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	require.Equal(t, string(body), string(got.Body))

	missing, err := h.api.GetApplicationKeyWithResponse(h.ctx, app, "noSuchKid")
	require.NoError(t, err)
	requireError(t, missing.StatusCode(), missing.Body, http.StatusNotFound, "E0000007", "Not found: Resource not found: noSuchKid (KeyCredential)")
}

func TestCloneKey(t *testing.T) {
	h := newHarness(t, nil)
	src := h.sim.CreateApp("source", "")
	dst := h.sim.CreateApp("target", "")
	_, body := generateKey(t, h, src, 2)
	kid := *decode[oktaapi.JsonWebKey](t, body).Kid
	clone := func(app, kid, target string) (int, []byte) {
		r, err := h.api.CloneApplicationKeyWithResponse(h.ctx, app, kid, &oktaapi.CloneApplicationKeyParams{TargetAid: target})
		require.NoError(t, err)
		return r.StatusCode(), r.Body
	}
	status, cloned := clone(src, kid, dst)
	require.Equal(t, http.StatusCreated, status, "%s", cloned)
	require.Equal(t, string(body), string(cloned), "the clone is the same key credential")
	got, err := h.api.GetApplicationKeyWithResponse(h.ctx, dst, kid)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())

	tests := []struct {
		name             string
		app, kid, target string
		status           int
		cause            string
	}{
		{"again", src, kid, dst, 400, "Key already exists in the list of key credentials for the target app."},
		{"to itself", src, kid, src, 400, "Key already exists"},
		{"unknown target", src, kid, "0oaNoTarget", 404, "0oaNoTarget (AppInstance)"},
		{"unknown key", src, "noSuchKid", dst, 404, "noSuchKid (KeyCredential)"},
		{"unknown source app", "0oaNoSource", kid, dst, 404, "0oaNoSource (AppInstance)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := clone(tc.app, tc.kid, tc.target)
			requireError(t, status, body, tc.status, map[int]string{400: "E0000001", 404: "E0000007"}[tc.status], tc.cause)
		})
	}
	t.Run("missing targetAid", func(t *testing.T) {
		status, body := rawRequest(t, h, http.MethodPost, "/api/v1/apps/"+src+"/credentials/keys/"+kid+"/clone")
		requireError(t, status, body, http.StatusBadRequest, "E0000001", "targetAid")
	})
}
