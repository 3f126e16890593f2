package auth0

import (
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCreateCredential(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("keys"))
	path := clientsPath + "/" + *c.ClientId + "/credentials"
	key := testKey(t, 2048)
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: testCert(t, key, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))}))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)}))
	tests := []struct {
		name, body string
		status     int
		check      string
	}{
		{"certificate, expiry from it", `{"credential_type":"public_key","pem":` + jsonString(certPEM) + `,"parse_expiry_from_cert":true,"alg":"RS384"}`, 201, `"expires_at":"2027-06-01T00:00:00Z"`},
		{"own kid and expiry", `{"credential_type":"public_key","pem":` + jsonString(pkcs1) + `,"kid":"my-key-id-0001","expires_at":"2027-01-01T01:00:00.123456+01:00"}`, 201, `"expires_at":"2027-01-01T00:00:00.123Z"`},
		{"a third", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `}`, 400, "too_many_credentials"},
	}
	bad := []struct{ name, body string }{
		{"no type", `{"pem":"x"}`},
		{"other type", `{"credential_type":"x509_cert","pem":"x"}`},
		{"bad type", `{"credential_type":"password"}`},
		{"no pem", `{"credential_type":"public_key"}`},
		{"not pem", `{"credential_type":"public_key","pem":"MIIB"}`},
		{"short kid", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `,"kid":"short"}`},
		{"bad alg", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `,"alg":"HS256"}`},
		{"long name", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `,"name":"` + strings.Repeat("n", 129) + `"}`},
		{"expiry from a bare key", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `,"parse_expiry_from_cert":true}`},
		{"two expiries", `{"credential_type":"public_key","pem":` + jsonString(certPEM) + `,"parse_expiry_from_cert":true,"expires_at":"2027-01-01T00:00:00Z"}`},
		{"unknown member", `{"credential_type":"public_key","pem":` + jsonString(publicKeyA) + `,"use":"sig"}`},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			status, body := h.do(http.MethodPost, path, b.body)
			require.Equal(t, http.StatusBadRequest, status, body)
			require.Equal(t, "invalid_body", errorCode(t, []byte(body)))
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := h.do(http.MethodPost, path, tt.body)
			require.Equal(t, tt.status, status, body)
			if status == http.StatusCreated {
				require.Contains(t, body, tt.check)
				require.Contains(t, body, `"id":"cred_`)
			} else {
				require.Equal(t, tt.check, errorCode(t, []byte(body)))
			}
		})
	}
	status, _ := h.do(http.MethodPost, clientsPath+"/nobody/credentials", `{"credential_type":"public_key","pem":`+jsonString(publicKeyA)+`}`)
	require.Equal(t, http.StatusNotFound, status)
}

func TestCredentialLifecycle(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("lifecycle"))
	other := h.createClient(createBody("other"))
	a := h.addCredential(*c.ClientId, publicKeyA)
	b := h.addCredential(*c.ClientId, publicKeyB)
	base := clientsPath + "/" + *c.ClientId + "/credentials/"

	status, body := h.do(http.MethodGet, clientsPath+"/"+*c.ClientId+"/credentials", "")
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, 2, strings.Count(body, `"id":"cred_`), "listed in creation order")
	require.Less(t, strings.Index(body, a), strings.Index(body, b))

	status, _ = h.do(http.MethodGet, clientsPath+"/"+*other.ClientId+"/credentials/"+a, "")
	require.Equal(t, http.StatusNotFound, status, "a credential is found only under its client")

	h.clock.Advance(time.Minute)
	status, body = h.do(http.MethodPatch, base+a, `{"expires_at":"2026-03-01T00:00:00Z"}`)
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, `"expires_at":"2026-03-01T00:00:00Z"`)
	require.Contains(t, body, `"updated_at":"2026-01-06T19:51:58Z"`)
	status, body = h.do(http.MethodPatch, base+a, `{}`)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, `"expires_at"`, "an absent expires_at keeps it")
	status, body = h.do(http.MethodPatch, base+a, `{"expires_at":null}`)
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, body, `"expires_at"`, "null removes it")
	status, _ = h.do(http.MethodPatch, base+"cred_nope", `{"expires_at":null}`)
	require.Equal(t, http.StatusNotFound, status)

	// Enabled credentials cannot be deleted; the others can, twice.
	status, _ = h.do(http.MethodPatch, clientsPath+"/"+*c.ClientId, `{"jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"`+a+`"}]}}}`)
	require.Equal(t, http.StatusOK, status)
	status, body = h.do(http.MethodDelete, base+a, "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "credential_enabled", errorCode(t, []byte(body)))
	for range 2 {
		status, _ = h.do(http.MethodDelete, base+b, "")
		require.Equal(t, http.StatusNoContent, status)
	}
	status, _ = h.do(http.MethodDelete, clientsPath+"/nobody/credentials/"+b, "")
	require.Equal(t, http.StatusNoContent, status)
	status, _ = h.do(http.MethodPost, clientsPath+"/"+*c.ClientId+"/rotate-secret", "")
	require.Equal(t, http.StatusBadRequest, status, "private_key_jwt clients have no secret to rotate")
}
