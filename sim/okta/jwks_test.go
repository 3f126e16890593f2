package okta_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	oktasim "github.com/credkit/credkit/sim/okta"
)

// jwksAPI drives the JSON Web Key operations of one app.
type jwksAPI struct {
	t   *testing.T
	h   *harness
	app string
}

func (j jwksAPI) add(body string) (int, []byte) {
	j.t.Helper()
	r, err := j.h.api.AddJwkWithBodyWithResponse(j.h.ctx, j.app, "application/json", strings.NewReader(body))
	require.NoError(j.t, err)
	return r.StatusCode(), r.Body
}

func (j jwksAPI) mustAdd(body string) string {
	j.t.Helper()
	status, b := j.add(body)
	require.Equal(j.t, http.StatusCreated, status, "%s", b)
	return idOf(j.t, b)
}

func (j jwksAPI) do(action, id string) (int, []byte) {
	j.t.Helper()
	ops := allOpsByID()
	name := map[string]string{
		"get": "getJwk", "activate": "activateOAuth2ClientJsonWebKey",
		"deactivate": "deactivateOAuth2ClientJsonWebKey", "delete": "deletejwk",
	}[action]
	status, body, err := ops[name].call(j.h.ctx, j.h.api, target{app: j.app, sub: id})
	require.NoError(j.t, err)
	return status, body
}

func (j jwksAPI) status(id string) string {
	j.t.Helper()
	status, body := j.do("get", id)
	require.Equal(j.t, http.StatusOK, status)
	return decode[wireJWK](j.t, body).Status
}

// wireJWK is a JSON Web Key answer as tests read it.
type wireJWK struct {
	ID     string         `json:"id"`
	Kid    *string        `json:"kid"`
	Status string         `json:"status"`
	Kty    string         `json:"kty"`
	Use    string         `json:"use"`
	N      string         `json:"n"`
	Crv    string         `json:"crv"`
	Links  map[string]any `json:"_links"`
}

func TestAddJWK(t *testing.T) {
	tests := []struct {
		name   string
		prep   []string // bodies added first
		body   string
		status int
		cause  string
	}{
		{"RSA signing key", nil, rsaJWK("rsa1", "sig", "ACTIVE", 2048), 201, ""},
		{"RSA key without use is a signing key", nil, rsaJWK("rsa1", "", "", 4096), 201, ""},
		{"EC signing key", nil, ecJWK("ec1"), 201, ""},
		{"RSA encryption key", nil, rsaJWK("enc1", "enc", "ACTIVE", 2048), 201, ""},
		{"first key without kid", nil, rsaJWK("", "sig", "ACTIVE", 2048), 201, ""},
		{"RSA key of 2040 bits", nil, rsaJWK("short", "sig", "ACTIVE", 2040), 400, "RSA key length in the 'jwks' is less than '2,048' bits for the given key."},
		{"RSA key of 1024 bits", nil, rsaJWK("short", "sig", "ACTIVE", 1024), 400, "less than '2,048' bits"},
		{"RSA key without n", nil, `{"kid":"x","kty":"RSA","e":"AQAB"}`, 400, "modulus"},
		{"EC key off its curve", nil, `{"kid":"x","kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}`, 400, "not a point"},
		{"EC key on an unknown curve", nil, `{"kid":"x","kty":"EC","crv":"P-192","x":"AAAA","y":"AAAA"}`, 400, "crv"},
		{"EC encryption key", nil, strings.Replace(ecJWK("ec1"), `"use":"sig"`, `"use":"enc"`, 1), 400, "must be RSA"},
		{"unknown kty", nil, `{"kid":"x","kty":"OKP"}`, 400, "kty"},
		{"unknown use", nil, `{"kid":"x","kty":"RSA","use":"wrap","n":"` + rsaModulus("x", 2048) + `"}`, 400, "use"},
		{"unknown status", nil, rsaJWK("x", "sig", "PAUSED", 2048), 400, "status"},
		{"duplicate kid", []string{rsaJWK("dup", "sig", "", 2048)}, ecJWK("dup"), 400, "already has the 'kid' dup"},
		{"second key without kid", []string{rsaJWK("one", "sig", "", 2048)}, rsaJWK("", "sig", "", 2048), 400, "unique, non-null 'kid'"},
		{"key after a key without kid", []string{rsaJWK("", "sig", "", 2048)}, rsaJWK("two", "sig", "", 2048), 400, "existing key has no 'kid'"},
		{"second active encryption key", []string{rsaJWK("enc1", "enc", "ACTIVE", 2048)}, rsaJWK("enc2", "enc", "ACTIVE", 2048), 400, "already has an active encryption key"},
		{"second encryption key, inactive", []string{rsaJWK("enc1", "enc", "ACTIVE", 2048)}, rsaJWK("enc2", "enc", "INACTIVE", 2048), 201, ""},
		{"not JSON", nil, `{"kty":`, 400, "not well-formed"},
		{"no body", nil, ``, 400, "not well-formed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			j := jwksAPI{t, h, h.sim.CreateApp("jwks", oktasim.AuthPrivateKeyJWT)}
			for _, body := range tc.prep {
				j.mustAdd(body)
			}
			status, body := j.add(tc.body)
			if tc.status != http.StatusCreated {
				code := "E0000001"
				if strings.Contains(tc.cause, "well-formed") {
					code = "E0000003"
				}
				requireError(t, status, body, tc.status, code, tc.cause)
				return
			}
			require.Equal(t, http.StatusCreated, status, "%s", body)
			k := decode[wireJWK](t, body)
			require.Regexp(t, `^pks[0-9A-Za-z]{17}$`, k.ID)
			require.Contains(t, []string{"sig", "enc"}, k.Use)
		})
	}
}

func TestJWKLimit(t *testing.T) {
	h := newHarness(t, nil)
	j := jwksAPI{t, h, h.sim.CreateApp("many keys", "")}
	for i := range 50 {
		j.mustAdd(ecJWK("k" + string(rune('A'+i/26)) + string(rune('a'+i%26))))
	}
	status, body := j.add(ecJWK("one too many"))
	requireError(t, status, body, http.StatusBadRequest, "E0000001", "at most 50")
	r, err := h.api.ListJwkWithResponse(h.ctx, j.app)
	require.NoError(t, err)
	require.Len(t, r.JSON200.Keys, 50)
}

func TestJWKLifecycle(t *testing.T) {
	h := newHarness(t, nil)
	j := jwksAPI{t, h, h.sim.CreateApp("service", oktasim.AuthPrivateKeyJWT)}
	rsa := j.mustAdd(rsaJWK("rsa", "sig", "ACTIVE", 2048))
	ec := j.mustAdd(ecJWK("ec"))
	enc1 := j.mustAdd(rsaJWK("enc1", "enc", "ACTIVE", 2048))
	enc2 := j.mustAdd(rsaJWK("enc2", "enc", "INACTIVE", 2048))
	steps := []struct {
		name   string
		action string
		id     string
		status int
		cause  string
		after  map[string]string // key id → status afterwards
	}{
		{"deactivate a signing key", "deactivate", rsa, 200, "", map[string]string{rsa: "INACTIVE", ec: "ACTIVE"}},
		{"deactivate it again", "deactivate", rsa, 200, "", map[string]string{rsa: "INACTIVE"}},
		{"deactivate the last active signing key of private_key_jwt", "deactivate", ec, 400, "only active signing key", map[string]string{ec: "ACTIVE"}},
		{"deactivate an encryption key", "deactivate", enc1, 400, "Only signing keys can be deactivated", map[string]string{enc1: "ACTIVE"}},
		{"activate the other encryption key", "activate", enc2, 200, "", map[string]string{enc2: "ACTIVE", enc1: "INACTIVE"}},
		{"activate a signing key", "activate", rsa, 200, "", map[string]string{rsa: "ACTIVE", ec: "ACTIVE"}},
		{"delete an active key", "delete", ec, 400, "You can't delete an active JSON Web Key. Deactivate the key before deleting it.", map[string]string{ec: "ACTIVE"}},
		{"deactivate one of two signing keys", "deactivate", ec, 200, "", map[string]string{ec: "INACTIVE"}},
		{"delete an inactive signing key", "delete", ec, 204, "", nil},
		{"delete an inactive encryption key", "delete", enc1, 204, "", nil},
		{"get a deleted key", "get", ec, 404, "Not found: Resource not found: " + ec + " (JsonWebKey)", nil},
		{"activate unknown", "activate", "pksUnknown", 404, "(JsonWebKey)", nil},
		{"deactivate unknown", "deactivate", "pksUnknown", 404, "(JsonWebKey)", nil},
		{"delete unknown", "delete", "pksUnknown", 404, "(JsonWebKey)", nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			status, body := j.do(st.action, st.id)
			switch {
			case status >= 400:
				requireError(t, status, body, st.status, map[int]string{400: "E0000001", 404: "E0000007"}[st.status], st.cause)
			case status == http.StatusNoContent:
				require.Empty(t, body)
			default:
				require.Equal(t, st.status, status, "%s", body)
			}
			for id, want := range st.after {
				require.Equal(t, want, j.status(id), id)
			}
		})
	}
	r, err := h.api.ListJwkWithResponse(h.ctx, j.app)
	require.NoError(t, err)
	require.Len(t, r.JSON200.Keys, 2)
}

func TestDeactivateLastSigningKeyOfOtherApps(t *testing.T) {
	h := newHarness(t, nil)
	j := jwksAPI{t, h, h.sim.CreateApp("web", oktasim.AuthClientSecretBasic)}
	id := j.mustAdd(rsaJWK("only", "sig", "ACTIVE", 2048))
	status, body := j.do("deactivate", id)
	require.Equal(t, http.StatusOK, status, "%s", body)
}

func TestJWKLinksAndList(t *testing.T) {
	h := newHarness(t, nil)
	j := jwksAPI{t, h, h.sim.CreateApp("links", "")}
	active := j.mustAdd(rsaJWK("a", "sig", "ACTIVE", 2048))
	inactive := j.mustAdd(rsaJWK("b", "sig", "INACTIVE", 2048))
	r, err := h.api.ListJwkWithResponse(h.ctx, j.app)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
	set := decode[struct {
		Keys []wireJWK `json:"keys"`
	}](t, r.Body)
	require.Len(t, set.Keys, 2)
	require.Equal(t, active, set.Keys[0].ID)
	require.Contains(t, set.Keys[0].Links, "deactivate")
	require.NotContains(t, set.Keys[0].Links, "delete")
	require.Equal(t, inactive, set.Keys[1].ID)
	require.Contains(t, set.Keys[1].Links, "activate")
	require.Contains(t, set.Keys[1].Links, "delete")
	self := h.url + "/api/v1/apps/" + j.app + "/credentials/jwks/" + inactive
	require.Equal(t, self, set.Keys[1].Links["delete"].(map[string]any)["href"])

	empty, err := h.api.ListJwkWithResponse(h.ctx, h.sim.CreateApp("none", ""))
	require.NoError(t, err)
	require.Equal(t, `{"keys":[]}`, string(empty.Body))
}

func TestGetJWKDecodesThroughTheGeneratedUnion(t *testing.T) {
	h := newHarness(t, nil)
	j := jwksAPI{t, h, h.sim.CreateApp("union", "")}
	id := j.mustAdd(ecJWK("ec"))
	r, err := h.api.GetJwkWithResponse(h.ctx, j.app, id)
	require.NoError(t, err)
	sig, err := r.JSON200.AsOAuth2ClientJsonSigningKeyResponse()
	require.NoError(t, err)
	ec, err := sig.AsOAuth2ClientJsonWebKeyECResponse()
	require.NoError(t, err)
	require.Equal(t, id, *ec.Id)
	require.Equal(t, "P-256", *ec.Crv)
}
