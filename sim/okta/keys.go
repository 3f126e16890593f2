package okta

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"net/http"
	"strconv"
	"time"
)

const keyCredentialType = "KeyCredential"

// keyCredential is an X.509 key credential of an app.
type keyCredential struct {
	kid                       string
	created, updated, expires time.Time
	cert                      []byte // DER
	pub                       *rsa.PublicKey
}

// keyJSON is Okta's JsonWebKey form of a key credential.
type keyJSON struct {
	Kty         string   `json:"kty"`
	Created     oktaTime `json:"created"`
	LastUpdated oktaTime `json:"lastUpdated"`
	ExpiresAt   oktaTime `json:"expiresAt"`
	Kid         string   `json:"kid"`
	Use         string   `json:"use"`
	X5c         []string `json:"x5c"`
	E           string   `json:"e"`
	N           string   `json:"n"`
	X5tS256     string   `json:"x5t#S256"`
}

func (kc *keyCredential) json() keyJSON {
	sum := sha256.Sum256(kc.cert)
	return keyJSON{
		Kty:         "RSA",
		Created:     oktaTime(kc.created),
		LastUpdated: oktaTime(kc.updated),
		ExpiresAt:   oktaTime(kc.expires),
		Kid:         kc.kid,
		Use:         useSig,
		X5c:         []string{base64.StdEncoding.EncodeToString(kc.cert)},
		E:           base64.RawURLEncoding.EncodeToString(big.NewInt(int64(kc.pub.E)).Bytes()),
		N:           base64.RawURLEncoding.EncodeToString(kc.pub.N.Bytes()),
		X5tS256:     base64.RawURLEncoding.EncodeToString(sum[:]),
	}
}

func (s *Server) listKeys(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	out := make([]keyJSON, 0, len(a.keys))
	for _, kc := range a.keys {
		out = append(out, kc.json())
	}
	return jsonReply(http.StatusOK, out), nil
}

// generateKey makes a self-signed certificate valid for validityYears.
func (s *Server) generateKey(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	years, err := validityYears(c.r)
	if err != nil {
		return nil, err
	}
	k := s.nextKey(a)
	now := c.now.Truncate(time.Second)
	expires := now.AddDate(years, 0, 0)
	kc := &keyCredential{
		kid: k.kid, created: c.now, updated: c.now, expires: expires,
		cert: selfSigned(k, s.nextSerial(c.now), now.Add(-time.Minute), expires),
		pub:  &k.priv.PublicKey,
	}
	a.keys = append(a.keys, kc)
	return jsonReply(http.StatusCreated, kc.json()), nil
}

// validityYears reads the required query parameter, 2 to 10.
func validityYears(r *http.Request) (int, *apiError) {
	raw := r.URL.Query().Get("validityYears")
	if raw == "" {
		return 0, errValidation("generateKey", "validityYears: the query parameter is required.")
	}
	years, err := strconv.Atoi(raw)
	if err != nil || years < 2 || years > 10 {
		return 0, errValidation("generateKey", "Validity years out of range. It should be 2 - 10 years.")
	}
	return years, nil
}

// lookupKey finds the app and key credential of the request's path (keyId
// is the kid).
func (s *Server) lookupKey(c *call) (*app, *keyCredential, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, nil, err
	}
	kid := c.path("keyId")
	if kc := a.key(kid); kc != nil {
		return a, kc, nil
	}
	return nil, nil, errNotFound(kid, keyCredentialType)
}

func (a *app) key(kid string) *keyCredential {
	for _, kc := range a.keys {
		if kc.kid == kid {
			return kc
		}
	}
	return nil
}

func (s *Server) getKey(c *call) (*reply, *apiError) {
	_, kc, err := s.lookupKey(c)
	if err != nil {
		return nil, err
	}
	return jsonReply(http.StatusOK, kc.json()), nil
}

// cloneKey copies a key credential to the app targetAid.
func (s *Server) cloneKey(c *call) (*reply, *apiError) {
	_, kc, err := s.lookupKey(c)
	if err != nil {
		return nil, err
	}
	targetID := c.r.URL.Query().Get("targetAid")
	if targetID == "" {
		return nil, errValidation("cloneKey", "targetAid: the query parameter is required.")
	}
	target, ok := s.apps[targetID]
	if !ok {
		return nil, errNotFound(targetID, "AppInstance")
	}
	if target.holdsKid(kc.kid) {
		return nil, errValidation("cloneKey", "Key already exists in the list of key credentials for the target app.")
	}
	clone := *kc
	target.keys = append(target.keys, &clone)
	return jsonReply(http.StatusCreated, clone.json()), nil
}
