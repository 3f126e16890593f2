package okta

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"time"
)

const (
	maxSecrets         = 2
	generatedSecretLen = 40
	secretType         = "OAuth2ClientSecretMediated"
)

// secret is one client secret of an app.
type secret struct {
	id, value, hash, status string
	created, updated        time.Time
}

// secretJSON is Okta's OAuth2ClientSecret. client_secret is returned on
// create, list and get, as Okta does.
type secretJSON struct {
	ID           string         `json:"id"`
	Created      oktaTime       `json:"created"`
	LastUpdated  oktaTime       `json:"lastUpdated"`
	Status       string         `json:"status"`
	ClientSecret string         `json:"client_secret"`
	SecretHash   string         `json:"secret_hash"`
	Links        lifecycleLinks `json:"_links"`
}

// newSecret makes a secret; an empty value is generated.
func (s *Server) newSecret(value, status string, now time.Time) *secret {
	if value == "" {
		value = s.values.Next("", generatedSecretLen)
	}
	sum := sha256.Sum256([]byte(value))
	return &secret{
		id:      s.ids.Next("ocs", 17),
		value:   value,
		hash:    base64.RawURLEncoding.EncodeToString(sum[:16]),
		status:  status,
		created: now,
		updated: now,
	}
}

func (c *call) secretJSON(a *app, sec *secret) secretJSON {
	return secretJSON{
		ID:           sec.id,
		Created:      oktaTime(sec.created),
		LastUpdated:  oktaTime(sec.updated),
		Status:       sec.status,
		ClientSecret: sec.value,
		SecretHash:   sec.hash,
		Links:        lifecycle(c.appURL(a)+"/credentials/secrets/"+sec.id, sec.status),
	}
}

func (s *Server) listSecrets(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	out := make([]secretJSON, 0, len(a.secrets))
	for _, sec := range a.secrets {
		out = append(out, c.secretJSON(a, sec))
	}
	return jsonReply(http.StatusOK, out), nil
}

func (s *Server) createSecret(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	var req struct {
		ClientSecret *string `json:"client_secret"`
		Status       *string `json:"status"`
	}
	if err := decodeOptional(c.body, &req); err != nil {
		return nil, err
	}
	status, ok := parseStatus(req.Status)
	if !ok {
		return nil, errValidation(secretType, "status: must be ACTIVE or INACTIVE.")
	}
	if len(a.secrets) >= maxSecrets {
		return nil, errValidation(secretType, "You've reached the maximum number of client secrets per client.")
	}
	value := ""
	if req.ClientSecret != nil {
		if err := checkSuppliedSecret(a.authMethod, *req.ClientSecret); err != nil {
			return nil, err
		}
		value = *req.ClientSecret
	}
	sec := s.newSecret(value, status, c.now)
	a.secrets = append(a.secrets, sec)
	return jsonReply(http.StatusCreated, c.secretJSON(a, sec)), nil
}

// checkSuppliedSecret applies Okta's rules to a secret the caller brings.
func checkSuppliedSecret(authMethod, v string) *apiError {
	switch {
	case authMethod == AuthPrivateKeyJWT:
		return errValidation(secretType, "client_secret: a client secret can't be used with the private_key_jwt token_endpoint_auth_method.")
	case !printableASCII(v):
		return errValidation(secretType, "client_secret: only printable ASCII characters are allowed.")
	case len(v) < 14 || len(v) > 100:
		return errValidation(secretType, "client_secret: the secret must be between 14 and 100 characters long.")
	case authMethod == AuthClientSecretJWT && len(v) < 32:
		return errValidation(secretType, "client_secret: the secret must be at least 32 characters long for the client_secret_jwt token_endpoint_auth_method.")
	}
	return nil
}

// printableASCII reports whether v holds only characters 0x20 to 0x7E.
func printableASCII(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return false
		}
	}
	return true
}

// lookupSecret finds the app and secret of the request's path.
func (s *Server) lookupSecret(c *call) (*app, *secret, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.path("secretId")
	for _, sec := range a.secrets {
		if sec.id == id {
			return a, sec, nil
		}
	}
	return nil, nil, errNotFound(id, secretType)
}

func (s *Server) getSecret(c *call) (*reply, *apiError) {
	a, sec, err := s.lookupSecret(c)
	if err != nil {
		return nil, err
	}
	return jsonReply(http.StatusOK, c.secretJSON(a, sec)), nil
}

func (s *Server) activateSecret(c *call) (*reply, *apiError) {
	a, sec, err := s.lookupSecret(c)
	if err != nil {
		return nil, err
	}
	sec.setStatus(statusActive, c.now)
	return jsonReply(http.StatusOK, c.secretJSON(a, sec)), nil
}

func (s *Server) deactivateSecret(c *call) (*reply, *apiError) {
	a, sec, err := s.lookupSecret(c)
	if err != nil {
		return nil, err
	}
	if sec.status == statusActive && a.activeSecrets() == 1 {
		return nil, errValidation(secretType, "You can't deactivate the only active client secret of a client. Create and activate another secret first.")
	}
	sec.setStatus(statusInactive, c.now)
	return jsonReply(http.StatusOK, c.secretJSON(a, sec)), nil
}

func (s *Server) deleteSecret(c *call) (*reply, *apiError) {
	a, sec, err := s.lookupSecret(c)
	if err != nil {
		return nil, err
	}
	if sec.status == statusActive {
		return nil, errValidation(secretType, "You can't delete an active client secret. Deactivate the secret before deleting it.")
	}
	a.secrets = slices.DeleteFunc(a.secrets, func(x *secret) bool { return x == sec })
	return noContent(), nil
}

// setStatus changes the status; lastUpdated moves only on a change.
func (sec *secret) setStatus(status string, now time.Time) {
	if sec.status != status {
		sec.status, sec.updated = status, now
	}
}

func (a *app) activeSecrets() int {
	n := 0
	for _, sec := range a.secrets {
		if sec.status == statusActive {
			n++
		}
	}
	return n
}
