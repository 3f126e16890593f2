package auth0

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
)

func TestCreateClient(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"minimal", `{"name":"a"}`, 201, ""},
		{"full", `{"name":"b","description":"d","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post","organization_usage":"deny","client_metadata":{"team":"x"},"callbacks":["https://x/cb"],"is_first_party":false,"oidc_conformant":true,"client_aliases":["b.example"]}`, 201, ""},
		{"alias taken", `{"name":"c","client_aliases":["b.example"]}`, 409, "conflict"},
		{"no name", `{}`, 400, "invalid_body"},
		{"empty name", `{"name":""}`, 400, "invalid_body"},
		{"angle bracket", `{"name":"a>b"}`, 400, "invalid_body"},
		{"long description", `{"name":"a","description":"` + strings.Repeat("é", 141) + `"}`, 400, "invalid_body"},
		{"unknown member", `{"name":"a","logo":"x"}`, 400, "invalid_body"},
		{"wrong type", `{"name":7}`, 400, "invalid_body"},
		{"bad app type", `{"name":"a","app_type":"x"}`, 400, "invalid_body"},
		{"bad auth method", `{"name":"a","token_endpoint_auth_method":"x"}`, 400, "invalid_body"},
		{"bad org usage", `{"name":"a","organization_usage":"x"}`, 400, "invalid_body"},
		{"bad jwt alg", `{"name":"a","jwt_configuration":{"alg":"none"}}`, 400, "invalid_body"},
		{"empty grant", `{"name":"a","grant_types":[""]}`, 400, "invalid_body"},
		{"two values", `{"name":"a"}{"name":"b"}`, 400, "invalid_body"},
		{"empty body", ``, 400, "invalid_body"},
		{"keys without RS256", `{"name":"k","client_authentication_methods":{"private_key_jwt":{"credentials":[]}}}`, 400, "invalid_body"},
		{"keys and auth method", `{"name":"k","token_endpoint_auth_method":"none","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[]}}}`, 400, "invalid_body"},
		{"three keys", `{"name":"k","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[` + strings.Repeat(`{"credential_type":"public_key","pem":"x"},`, 2) + `{"credential_type":"public_key","pem":"x"}]}}}`, 400, "too_many_credentials"},
		{"bad key", `{"name":"k","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"credential_type":"public_key","pem":"x"}]}}}`, 400, "invalid_body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := h.do(http.MethodPost, clientsPath, tt.body)
			require.Equal(t, tt.status, status, body)
			if tt.code != "" {
				require.Equal(t, tt.code, errorCode(t, []byte(body)))
				return
			}
			var c api.ClientApplication
			require.NoError(t, json.Unmarshal([]byte(body), &c))
			require.Len(t, *c.ClientId, 32)
			require.Len(t, *c.ClientSecret, 64, "the create answer shows the secret")
		})
	}
	// Keys in a create need create:client_credentials too.
	h.admin = h.scoped("create:clients")
	status, body := h.do(http.MethodPost, clientsPath, `{"name":"k","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[]}}}`)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, "insufficient_scope", errorCode(t, []byte(body)))
}

func TestCreateClientWithKeys(t *testing.T) {
	h := newHarness(t, nil)
	status, body := h.do(http.MethodPost, clientsPath, `{"name":"k","jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"credential_type":"public_key","name":"a","pem":`+jsonString(publicKeyA)+`}]}}}`)
	require.Equal(t, http.StatusCreated, status, body)
	var c map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &c))
	require.NotContains(t, c, "client_secret", "a private_key_jwt client shows no secret")
	creds := c["client_authentication_methods"].(map[string]any)["private_key_jwt"].(map[string]any)["credentials"].([]any)
	first := creds[0].(map[string]any)
	require.Equal(t, "4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU", first["kid"], "the kid Auth0 gave this key")
	require.Equal(t, "public_key", first["credential_type"])
	// A read lists the enabled credential by ID only, as Auth0 does.
	status, body = h.do(http.MethodGet, clientsPath+"/"+c["client_id"].(string), "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, `"credentials":[{"id":"`+first["id"].(string)+`"}]`)
	// Its secret does not get a token.
	id := c["client_id"].(string)
	require.Equal(t, http.StatusUnauthorized, h.token(url.Values{"client_id": {id}, "client_secret": {"anything"}}).Status)
}

func TestGetClientShowsSecretOnlyWithReadClientKeys(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("secretive"))
	for scope, shown := range map[string]bool{"read:client_keys": true, "read:clients": false} {
		h.admin = h.scoped(scope)
		r, err := h.api.GetClientWithResponse(context.Background(), *c.ClientId, &api.GetClientParams{}, bearer(h.admin))
		require.NoError(t, err)
		require.Equal(t, shown, r.JSON200.ClientSecret != nil, scope)
	}
}

func TestUpdateClient(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("update"))
	path := clientsPath + "/" + *c.ClientId
	cred := h.addCredential(*c.ClientId, publicKeyA)
	tests := []struct {
		name, body string
		status     int
		check      string
	}{
		{"rename", `{"name":"renamed"}`, 200, `"name":"renamed"`},
		{"set secret", `{"client_secret":"a-secret-the-caller-chose-0123456789"}`, 200, `"client_secret":"a-secret-the-caller-chose-0123456789"`},
		{"bad name", `{"name":"<x>"}`, 400, "invalid_body"},
		{"unknown member", `{"colour":"blue"}`, 400, "invalid_body"},
		{"foreign credential", `{"jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_nope"}]}}}`, 400, "invalid_body"},
		{"keys need RS256", `{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"` + cred + `"}]}}}`, 400, "invalid_body"},
		{"enable key", `{"jwt_configuration":{"alg":"RS256"},"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"` + cred + `"}]}}}`, 200, `"credentials":[{"id":"` + cred + `"}]`},
		{"auth method beside keys", `{"token_endpoint_auth_method":"client_secret_post"}`, 400, "invalid_body"},
		{"keys off", `{"client_authentication_methods":null,"token_endpoint_auth_method":"client_secret_post"}`, 200, `"token_endpoint_auth_method":"client_secret_post"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := h.do(http.MethodPatch, path, tt.body)
			require.Equal(t, tt.status, status, body)
			if status == 200 {
				require.Contains(t, body, tt.check)
			} else {
				require.Equal(t, tt.check, errorCode(t, []byte(body)))
			}
		})
	}
	status, _ := h.do(http.MethodPatch, clientsPath+"/nobody", `{"name":"x"}`)
	require.Equal(t, http.StatusNotFound, status)
}

func TestRotateSecretIsImmediate(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("rotate"))
	require.True(t, h.sim.Grant(*c.ClientId, "read:clients"))
	old := *c.ClientSecret
	require.Equal(t, http.StatusOK, h.token(url.Values{"client_id": {*c.ClientId}, "client_secret": {old}}).Status)
	r, err := h.api.RotateClientSecretWithResponse(context.Background(), *c.ClientId, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
	fresh := *r.JSON200.ClientSecret
	require.NotEqual(t, old, fresh)
	require.Equal(t, http.StatusUnauthorized, h.token(url.Values{"client_id": {*c.ClientId}, "client_secret": {old}}).Status, "no overlap")
	require.Equal(t, http.StatusOK, h.token(url.Values{"client_id": {*c.ClientId}, "client_secret": {fresh}}).Status)
	r, err = h.api.RotateClientSecretWithResponse(context.Background(), "nobody", bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, r.StatusCode())
}

func TestDeleteClient(t *testing.T) {
	h := newHarness(t, nil)
	c := h.createClient(createBody("delete"))
	cred := h.addCredential(*c.ClientId, publicKeyA)
	for range 2 {
		status, _ := h.do(http.MethodDelete, clientsPath+"/"+*c.ClientId, "")
		require.Equal(t, http.StatusNoContent, status, "deleting is idempotent")
	}
	status, _ := h.do(http.MethodGet, clientsPath+"/"+*c.ClientId, "")
	require.Equal(t, http.StatusNotFound, status)
	require.NotContains(t, h.sim.creds, cred, "its credentials go with it")
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// addCredential adds a public key to a client and returns its ID.
func (h *harness) addCredential(clientID, key string) string {
	h.t.Helper()
	r, err := h.api.CreateClientCredentialWithResponse(context.Background(), clientID, api.ClientCredentialCreate{CredentialType: api.PublicKey, Pem: &key}, bearer(h.admin))
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusCreated, r.StatusCode(), string(r.Body))
	return r.JSON201.Id
}
