package orytest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/credkit/credkit/internal/jwk"
)

// TokenWorks asks Hydra's token endpoint for a client_credentials token
// as clientID, with secret: a PEM private key signs a private_key_jwt
// assertion (kid: the key's RFC 7638 thumbprint), anything else is the
// client secret (client_secret_basic). It reports whether Hydra issued a
// token.
func TokenWorks(client *http.Client, publicURL, clientID, secret string) bool {
	tokenURL := publicURL + "/oauth2/token"
	form := url.Values{"grant_type": {"client_credentials"}}
	if key := parseKey(secret); key != nil {
		assertion, err := Assertion(key, clientID, tokenURL)
		if err != nil {
			return false
		}
		form.Set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
		form.Set("client_assertion", assertion)
	}
	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if parseKey(secret) == nil {
		req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Assertion is a client assertion (RFC 7523) for clientID at the token
// endpoint aud, signed RS256 by key, valid for five minutes, with a
// random jti (Hydra refuses one it has seen).
func Assertion(key *rsa.PrivateKey, clientID, aud string) (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	now := time.Now()
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": jwk.RSAThumbprint(&key.PublicKey)})
	claims, _ := json.Marshal(map[string]any{"iss": clientID, "sub": clientID, "aud": aud, "jti": hex.EncodeToString(jti),
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	signing := b64(header) + "." + b64(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64(sig), nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
