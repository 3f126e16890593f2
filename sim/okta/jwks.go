package okta

import (
	"net/http"
	"slices"
	"time"
)

const (
	maxJWKs = 50
	jwkType = "JsonWebKey"
	useSig  = "sig"
	useEnc  = "enc"
)

// jwk is one OAuth 2.0 client JSON Web Key of an app.
type jwk struct {
	id               string
	kid              *string // nil: the key has no kid
	status           string
	kty, use, alg    string
	e, n             string // RSA
	crv, x, y        string // EC
	created, updated time.Time
}

// jwkJSON is Okta's OAuth2ClientJsonWebKey: an RSA or EC signing key, or an
// RSA encryption key.
type jwkJSON struct {
	ID          string         `json:"id"`
	Kid         *string        `json:"kid"`
	Status      string         `json:"status"`
	Kty         string         `json:"kty"`
	Alg         string         `json:"alg,omitempty"`
	Use         string         `json:"use"`
	E           string         `json:"e,omitempty"`
	N           string         `json:"n,omitempty"`
	Crv         string         `json:"crv,omitempty"`
	X           string         `json:"x,omitempty"`
	Y           string         `json:"y,omitempty"`
	Created     oktaTime       `json:"created"`
	LastUpdated oktaTime       `json:"lastUpdated"`
	Links       lifecycleLinks `json:"_links"`
}

func (c *call) jwkJSON(a *app, k *jwk) jwkJSON {
	return jwkJSON{
		ID: k.id, Kid: k.kid, Status: k.status, Kty: k.kty, Alg: k.alg, Use: k.use,
		E: k.e, N: k.n, Crv: k.crv, X: k.x, Y: k.y,
		Created:     oktaTime(k.created),
		LastUpdated: oktaTime(k.updated),
		Links:       lifecycle(c.appURL(a)+"/credentials/jwks/"+k.id, k.status),
	}
}

// listJWKs answers the key set object {"keys":[...]}, as Okta really does.
func (s *Server) listJWKs(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	keys := make([]jwkJSON, 0, len(a.jwks))
	for _, k := range a.jwks {
		keys = append(keys, c.jwkJSON(a, k))
	}
	return jsonReply(http.StatusOK, struct {
		Keys []jwkJSON `json:"keys"`
	}{keys}), nil
}

func (s *Server) addJWK(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	var req jwkRequest
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	k, err := a.checkNewJWK(req)
	if err != nil {
		return nil, err
	}
	k.id, k.created, k.updated = s.ids.Next("pks", 17), c.now, c.now
	a.jwks = append(a.jwks, k)
	return jsonReply(http.StatusCreated, c.jwkJSON(a, k)), nil
}

// lookupJWK finds the app and key of the request's path (keyId is the
// key's Okta id, not its kid).
func (s *Server) lookupJWK(c *call) (*app, *jwk, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.path("keyId")
	for _, k := range a.jwks {
		if k.id == id {
			return a, k, nil
		}
	}
	return nil, nil, errNotFound(id, jwkType)
}

func (s *Server) getJWK(c *call) (*reply, *apiError) {
	a, k, err := s.lookupJWK(c)
	if err != nil {
		return nil, err
	}
	return jsonReply(http.StatusOK, c.jwkJSON(a, k)), nil
}

// activateJWK activates a key; activating an encryption key deactivates
// the app's current active encryption key.
func (s *Server) activateJWK(c *call) (*reply, *apiError) {
	a, k, err := s.lookupJWK(c)
	if err != nil {
		return nil, err
	}
	if k.use == useEnc {
		for _, other := range a.jwks {
			if other != k && other.use == useEnc {
				other.setStatus(statusInactive, c.now)
			}
		}
	}
	k.setStatus(statusActive, c.now)
	return jsonReply(http.StatusOK, c.jwkJSON(a, k)), nil
}

func (s *Server) deactivateJWK(c *call) (*reply, *apiError) {
	a, k, err := s.lookupJWK(c)
	if err != nil {
		return nil, err
	}
	if k.use == useEnc {
		return nil, errValidation(jwkType, "Only signing keys can be deactivated. To replace the active encryption key, activate another encryption key.")
	}
	if k.status == statusActive && a.authMethod == AuthPrivateKeyJWT && a.activeSigningKeys() == 1 {
		return nil, errValidation(jwkType, "You can't deactivate the only active signing key of a client that uses private_key_jwt client authentication.")
	}
	k.setStatus(statusInactive, c.now)
	return jsonReply(http.StatusOK, c.jwkJSON(a, k)), nil
}

func (s *Server) deleteJWK(c *call) (*reply, *apiError) {
	a, k, err := s.lookupJWK(c)
	if err != nil {
		return nil, err
	}
	if k.status == statusActive {
		return nil, errValidation(jwkType, "You can't delete an active JSON Web Key. Deactivate the key before deleting it.")
	}
	a.jwks = slices.DeleteFunc(a.jwks, func(x *jwk) bool { return x == k })
	return noContent(), nil
}

// setStatus changes the status; lastUpdated moves only on a change.
func (k *jwk) setStatus(status string, now time.Time) {
	if k.status != status {
		k.status, k.updated = status, now
	}
}

func (a *app) activeSigningKeys() int {
	n := 0
	for _, k := range a.jwks {
		if k.use == useSig && k.status == statusActive {
			n++
		}
	}
	return n
}
