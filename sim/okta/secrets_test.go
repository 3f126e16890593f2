package okta_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	oktasim "github.com/credkit/credkit/sim/okta"
)

// secretsAPI drives the secret operations of one app.
type secretsAPI struct {
	t   *testing.T
	h   *harness
	app string
}

func (s secretsAPI) create(body string) (int, []byte) {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, err := s.h.api.CreateOAuth2ClientSecretWithBodyWithResponse(s.h.ctx, s.app, "application/json", rd)
	require.NoError(s.t, err)
	return r.StatusCode(), r.Body
}

// mustCreate creates a secret (generated when value is empty) and returns
// its id.
func (s secretsAPI) mustCreate(value string) string {
	s.t.Helper()
	body := "{}"
	if value != "" {
		body = mustJSON(map[string]string{"client_secret": value})
	}
	status, b := s.create(body)
	require.Equal(s.t, http.StatusCreated, status, "%s", b)
	return idOf(s.t, b)
}

// lifecycle gets, activates, deactivates or deletes a secret.
func (s secretsAPI) lifecycle(action, id string) (int, []byte) {
	s.t.Helper()
	name := map[string]string{
		"get": "getOAuth2ClientSecret", "activate": "activateOAuth2ClientSecret",
		"deactivate": "deactivateOAuth2ClientSecret", "delete": "deleteOAuth2ClientSecret",
	}[action]
	status, body, err := allOpsByID()[name].call(s.h.ctx, s.h.api, target{app: s.app, sub: id})
	require.NoError(s.t, err)
	return status, body
}

// wireSecret is OAuth2ClientSecret as tests read it.
type wireSecret struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	ClientSecret string `json:"client_secret"`
	SecretHash   string `json:"secret_hash"`
	Links        map[string]struct {
		Href  string `json:"href"`
		Hints struct {
			Allow []string `json:"allow"`
		} `json:"hints"`
	} `json:"_links"`
}

func TestCreateSecret(t *testing.T) {
	long := strings.Repeat("a", 101)
	tests := []struct {
		name       string
		authMethod string
		body       string
		status     int
		code       string
		cause      string
		value      string // the secret expected, "" to skip
	}{
		{"no body: generated", "", "", 201, "", "", ""},
		{"empty object: generated", "", "{}", 201, "", "", ""},
		{"supplied, 14 chars", "", `{"client_secret":"abcdefghij1234"}`, 201, "", "", "abcdefghij1234"},
		{"supplied, 100 chars", "", mustJSON(map[string]string{"client_secret": long[:100]}), 201, "", "", long[:100]},
		{"supplied with spaces and symbols", "", `{"client_secret":"a b~c!d@e#f$g%h^"}`, 201, "", "", "a b~c!d@e#f$g%h^"},
		{"13 chars", "", `{"client_secret":"abcdefghij123"}`, 400, "E0000001", "between 14 and 100", ""},
		{"101 chars", "", mustJSON(map[string]string{"client_secret": long}), 400, "E0000001", "between 14 and 100", ""},
		{"not printable ASCII", "", `{"client_secret":"abcdefghij\t12345"}`, 400, "E0000001", "printable ASCII", ""},
		{"not ASCII", "", `{"client_secret":"abcdefghij12345é"}`, 400, "E0000001", "printable ASCII", ""},
		{"client_secret_jwt, 31 chars", oktasim.AuthClientSecretJWT, mustJSON(map[string]string{"client_secret": long[:31]}), 400, "E0000001", "at least 32", ""},
		{"client_secret_jwt, 32 chars", oktasim.AuthClientSecretJWT, mustJSON(map[string]string{"client_secret": long[:32]}), 201, "", "", long[:32]},
		{"private_key_jwt, supplied", oktasim.AuthPrivateKeyJWT, `{"client_secret":"abcdefghij1234567890abcdefghij1234"}`, 400, "E0000001", "private_key_jwt", ""},
		{"private_key_jwt, generated", oktasim.AuthPrivateKeyJWT, `{}`, 201, "", "", ""},
		{"INACTIVE on request", "", `{"status":"INACTIVE"}`, 201, "", "", ""},
		{"unknown status", "", `{"status":"PAUSED"}`, 400, "E0000001", "status", ""},
		{"not JSON", "", `{"client_secret":`, 400, "E0000003", "not well-formed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			app := h.sim.CreateApp("create", tc.authMethod)
			status, body := secretsAPI{t, h, app}.create(tc.body)
			if tc.code != "" {
				requireError(t, status, body, tc.status, tc.code, tc.cause)
				return
			}
			require.Equal(t, tc.status, status, "%s", body)
			got := decode[wireSecret](t, body)
			require.Regexp(t, `^ocs[0-9A-Za-z]{17}$`, got.ID)
			require.Len(t, got.SecretHash, 22)
			if tc.value != "" {
				require.Equal(t, tc.value, got.ClientSecret)
			} else {
				require.Len(t, got.ClientSecret, 40)
			}
			require.True(t, h.sim.SecretWorks(app, got.ClientSecret) == (got.Status == "ACTIVE"))
		})
	}
}

func TestSecretLimitAndParallelUse(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("rotate", "")
	s := secretsAPI{t, h, app}
	old := h.sim.Secrets(app)[0]
	id := s.mustCreate("")
	status, body := s.create("{}")
	requireError(t, status, body, http.StatusBadRequest, "E0000001", "You've reached the maximum number of client secrets per client.")
	secrets := h.sim.Secrets(app)
	require.Len(t, secrets, 2)
	require.Equal(t, id, secrets[1].ID)
	require.True(t, h.sim.SecretWorks(app, old.Value), "the old secret still works")
	require.True(t, h.sim.SecretWorks(app, secrets[1].Value), "the new secret works too")
	require.False(t, h.sim.SecretWorks(app, "not-a-secret"))
	require.False(t, h.sim.SecretWorks("0oaunknown", old.Value))
}

func TestSecretLifecycleRules(t *testing.T) {
	tests := []struct {
		name   string
		prep   func(s secretsAPI) string // returns the secret id to act on
		action string
		status int
		want   string // the status after, or the error cause
	}{
		{"get", firstSecret, "get", 200, "ACTIVE"},
		{"deactivate the only active secret", firstSecret, "deactivate", 400, "only active client secret"},
		{"deactivate one of two", func(s secretsAPI) string { s.mustCreate(""); return firstSecret(s) }, "deactivate", 200, "INACTIVE"},
		{"deactivate an inactive secret", inactiveSecond, "deactivate", 200, "INACTIVE"},
		{"activate an inactive secret", inactiveSecond, "activate", 200, "ACTIVE"},
		{"activate an active secret", firstSecret, "activate", 200, "ACTIVE"},
		{"delete an active secret", firstSecret, "delete", 400, "You can't delete an active client secret. Deactivate the secret before deleting it."},
		{"delete an inactive secret", inactiveSecond, "delete", 204, ""},
		{"get unknown", unknownSecret, "get", 404, "(OAuth2ClientSecretMediated)"},
		{"activate unknown", unknownSecret, "activate", 404, "(OAuth2ClientSecretMediated)"},
		{"deactivate unknown", unknownSecret, "deactivate", 404, "(OAuth2ClientSecretMediated)"},
		{"delete unknown", unknownSecret, "delete", 404, "Not found: Resource not found: ocsUnknown (OAuth2ClientSecretMediated)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			s := secretsAPI{t, h, h.sim.CreateApp("lifecycle", "")}
			id := tc.prep(s)
			status, body := s.lifecycle(tc.action, id)
			switch {
			case status >= 400:
				code := map[int]string{400: "E0000001", 404: "E0000007"}[tc.status]
				requireError(t, status, body, tc.status, code, tc.want)
			case status == http.StatusNoContent:
				require.Empty(t, body)
				status, _ = s.lifecycle("get", id)
				require.Equal(t, http.StatusNotFound, status)
			default:
				require.Equal(t, tc.status, status, "%s", body)
				require.Equal(t, tc.want, decode[wireSecret](t, body).Status)
			}
		})
	}
}

func firstSecret(s secretsAPI) string { return s.h.sim.Secrets(s.app)[0].ID }

func inactiveSecond(s secretsAPI) string {
	status, body := s.create(`{"status":"INACTIVE"}`)
	require.Equal(s.t, http.StatusCreated, status)
	return idOf(s.t, body)
}

func unknownSecret(secretsAPI) string { return "ocsUnknown" }

func TestSecretLinks(t *testing.T) {
	h := newHarness(t, nil)
	s := secretsAPI{t, h, h.sim.CreateApp("links", "")}
	active := s.h.sim.Secrets(s.app)[0].ID
	inactive := inactiveSecond(s)
	self := h.url + "/api/v1/apps/" + s.app + "/credentials/secrets/"

	_, body := s.lifecycle("get", active)
	links := decode[wireSecret](t, body).Links
	require.Len(t, links, 1)
	require.Equal(t, self+active+"/lifecycle/deactivate", links["deactivate"].Href)
	require.Equal(t, []string{"POST"}, links["deactivate"].Hints.Allow)

	_, body = s.lifecycle("get", inactive)
	links = decode[wireSecret](t, body).Links
	require.Len(t, links, 2)
	require.Equal(t, self+inactive+"/lifecycle/activate", links["activate"].Href)
	require.Equal(t, self+inactive, links["delete"].Href)
	require.Equal(t, []string{"DELETE"}, links["delete"].Hints.Allow)
}

func TestListSecrets(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("list", "")
	s := secretsAPI{t, h, app}
	s.mustCreate("abcdefghij1234")
	r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
	require.Len(t, *r.JSON200, 2)
	state := h.sim.Secrets(app)
	for i, sec := range *r.JSON200 {
		require.Equal(t, state[i].ID, *sec.Id)
		require.Equal(t, state[i].Value, *sec.ClientSecret, "list returns the secret, as Okta does")
	}
	for _, authMethod := range []string{oktasim.AuthPrivateKeyJWT, oktasim.AuthNone} {
		app := h.sim.CreateApp("no secret", authMethod)
		r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
		require.NoError(t, err)
		require.Equal(t, "[]", string(r.Body), authMethod)
	}
	require.Nil(t, h.sim.Secrets("0oaunknown"))
}

func TestSecretsUnknownApp(t *testing.T) {
	h := newHarness(t, nil)
	s := secretsAPI{t, h, "0oaUnknownApp"}
	status, body := s.create("{}")
	requireError(t, status, body, http.StatusNotFound, "E0000007", "Not found: Resource not found: 0oaUnknownApp (AppInstance)")
}
