package sailpoint

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
)

const patchType = "application/json-patch+json"

func TestPatch(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, c ClientState)
	}{
		{"replace several", `[{"op":"replace","path":"/strongAuthSupported","value":true},{"op":"replace","path":"/businessName","value":"acme-solar"}]`,
			func(t *testing.T, c ClientState) {
				require.True(t, c.StrongAuthSupported)
				require.Equal(t, "acme-solar", *c.BusinessName)
			}},
		{"add replaces a member", `[{"op":"add","path":"/name","value":"renamed"},{"op":"add","path":"/accessTokenValiditySeconds","value":60}]`,
			func(t *testing.T, c ClientState) {
				require.Equal(t, "renamed", c.Name)
				require.Equal(t, int32(60), c.AccessTokenValiditySeconds)
			}},
		{"remove a nullable field", `[{"op":"remove","path":"/description"}]`,
			func(t *testing.T, c ClientState) { require.Nil(t, c.Description) }},
		{"tenant", `[{"op":"add","path":"/tenant","value":"acme"}]`,
			func(t *testing.T, c ClientState) { require.Equal(t, "acme", *c.Tenant) }},
		{"array append and insert", `[{"op":"add","path":"/grantTypes/-","value":"REFRESH_TOKEN"},{"op":"add","path":"/grantTypes/0","value":"AUTHORIZATION_CODE"},{"op":"add","path":"/redirectUris","value":["http://localhost/cb"]}]`,
			func(t *testing.T, c ClientState) {
				require.Equal(t, []string{"AUTHORIZATION_CODE", grantClientCredentials, "REFRESH_TOKEN"}, c.GrantTypes)
				require.Equal(t, []string{"http://localhost/cb"}, c.RedirectURIs)
			}},
		{"array element replace and remove", `[{"op":"replace","path":"/grantTypes/0","value":"REFRESH_TOKEN"},{"op":"add","path":"/grantTypes/-","value":"CLIENT_CREDENTIALS"},{"op":"remove","path":"/grantTypes/0"}]`,
			func(t *testing.T, c ClientState) { require.Equal(t, []string{grantClientCredentials}, c.GrantTypes) }},
		{"copy and move", `[{"op":"copy","from":"/name","path":"/businessName"},{"op":"move","from":"/businessName","path":"/homepageUrl"}]`,
			func(t *testing.T, c ClientState) {
				require.Nil(t, c.BusinessName)
				require.Equal(t, "patch me", *c.HomepageURL)
			}},
		{"test then replace", `[{"op":"test","path":"/enabled","value":true},{"op":"test","path":"/grantTypes","value":["CLIENT_CREDENTIALS"]},{"op":"replace","path":"/accessType","value":"ONLINE"}]`,
			func(t *testing.T, c ClientState) { require.Equal(t, "ONLINE", c.AccessType) }},
		{"empty patch", `[]`,
			func(t *testing.T, c ClientState) { require.Equal(t, "patch me", c.Name) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.create("patch me")
			r, err := h.api.PatchOauthClientWithBodyWithResponse(context.Background(), c.Id, patchType, strings.NewReader(tt.body), bearer(h.admin))
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
			st, ok := h.sim.Client(c.Id)
			require.True(t, ok)
			tt.check(t, st)
			require.Equal(t, st.Name, r.JSON200.Name, "the answer is the patched client")
			require.Contains(t, string(r.Body), `"secret":null`)
		})
	}
}

func TestPatchRefused(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		name, contentType, body, want string
	}{
		{"secret", patchType, `[{"op":"replace","path":"/secret","value":"mine"}]`, `Operation 0: The path "/secret" cannot be patched.`},
		{"id", patchType, `[{"op":"replace","path":"/id","value":"x"}]`, `Operation 0: The path "/id" cannot be patched.`},
		{"scope", patchType, `[{"op":"add","path":"/scope/-","value":"sp:scopes:all"}]`, `Operation 0: The path "/scope/-" cannot be patched.`},
		{"type", patchType, `[{"op":"replace","path":"/type","value":"PUBLIC"}]`, `Operation 0: The path "/type" cannot be patched.`},
		{"unknown", patchType, `[{"op":"add","path":"/color","value":"red"}]`, `Operation 0: The path "/color" is not a field of an OAuth client.`},
		{"root", patchType, `[{"op":"replace","path":"","value":{}}]`, `Operation 0: The path "" is not a JSON Pointer to a field.`},
		{"move from a protected field", patchType, `[{"op":"copy","from":"/secret","path":"/name"}]`, `Operation 0: from: The path "/secret" cannot be patched.`},
		{"unknown op", patchType, `[{"op":"merge","path":"/name","value":"x"}]`, `Operation 0: "merge" is not a JSON Patch operation.`},
		{"no value", patchType, `[{"op":"replace","path":"/name"}]`, `Operation 0: "replace" needs a value that is a string, boolean, integer, object or array.`},
		{"null value", patchType, `[{"op":"add","path":"/description","value":null}]`, `Operation 0: "add" needs a value that is a string, boolean, integer, object or array.`},
		{"array of booleans", patchType, `[{"op":"add","path":"/redirectUris","value":[true]}]`, `Operation 0: "add" needs a value that is a string, boolean, integer, object or array.`},
		{"wrong type", patchType, `[{"op":"replace","path":"/enabled","value":"no"}]`, `Field "enabled" must be a boolean.`},
		{"bad enum", patchType, `[{"op":"replace","path":"/grantTypes/0","value":"PASSWORD"}]`, `Field "grantTypes" must be an array of CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN.`},
		{"remove a required field", patchType, `[{"op":"remove","path":"/name"}]`, `Field "name" cannot be removed.`},
		{"replace a removed field", patchType, `[{"op":"remove","path":"/description"},{"op":"replace","path":"/description","value":"x"}]`, `Operation 1 (replace /description): the target location does not exist.`},
		{"index out of range", patchType, `[{"op":"replace","path":"/grantTypes/5","value":"REFRESH_TOKEN"}]`, `Operation 0 (replace /grantTypes/5): the target location does not exist.`},
		{"leading zero index", patchType, `[{"op":"remove","path":"/grantTypes/00"}]`, `Operation 0 (remove /grantTypes/00): "00" is not an array index.`},
		{"authorization code without redirect", patchType, `[{"op":"add","path":"/grantTypes/-","value":"AUTHORIZATION_CODE"}]`, `Field "redirectUris" must hold at least one URI with the AUTHORIZATION_CODE grant type.`},
		{"failed test", patchType, `[{"op":"replace","path":"/name","value":"changed"},{"op":"test","path":"/enabled","value":false}]`, `Operation 1 (test /enabled): the test failed: the value is true, not false.`},
		{"wrong content type", "application/json", `[{"op":"replace","path":"/name","value":"x"}]`, "The Content-Type must be application/json-patch+json."},
		{"not an array", patchType, `{"op":"replace","path":"/name","value":"x"}`, "The body must be a JSON array of JSON Patch operations."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h.create("untouchable")
			before, _ := h.sim.Client(c.Id)
			h.clock.Advance(time.Second)
			r, err := h.api.PatchOauthClientWithBodyWithResponse(context.Background(), c.Id, tt.contentType, strings.NewReader(tt.body), bearer(h.admin))
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, r.StatusCode())
			require.Equal(t, tt.want, errorText(t, r.JSON400))
			after, _ := h.sim.Client(c.Id)
			require.Equal(t, before, after, "a refused patch changes nothing")
			require.True(t, h.sim.SecretWorks(c.Id, c.Secret))
		})
	}
}

func TestPatchModified(t *testing.T) {
	h := newHarness(t, nil)
	c := h.create("m")
	patch := func(body string) ClientState {
		h.clock.Advance(time.Minute)
		r := h.callPatch(c.Id, body)
		require.Equal(t, http.StatusOK, r.StatusCode())
		st, _ := h.sim.Client(c.Id)
		return st
	}
	unchanged := patch(`[{"op":"test","path":"/name","value":"m"}]`)
	require.Equal(t, c.Modified.UTC(), unchanged.Modified, "a patch that changes nothing keeps modified")
	changed := patch(`[{"op":"replace","path":"/name","value":"n"}]`)
	require.Equal(t, h.clock.Now().UTC(), changed.Modified)
}

func (h *harness) callPatch(id, body string) *api.PatchOauthClientResponse {
	h.t.Helper()
	r, err := h.api.PatchOauthClientWithBodyWithResponse(context.Background(), id, patchType, strings.NewReader(body), bearer(h.admin))
	require.NoError(h.t, err)
	return r
}

func TestDisablingStopsTheSecret(t *testing.T) {
	h := newHarness(t, nil)
	c := h.create("disable me")
	require.Equal(t, http.StatusOK, h.callPatch(c.Id, `[{"op":"replace","path":"/enabled","value":false}]`).StatusCode())
	require.False(t, h.sim.SecretWorks(c.Id, c.Secret))
	require.Equal(t, http.StatusUnauthorized, h.token(c.Id, c.Secret).Status)
	require.Equal(t, http.StatusOK, h.callPatch(c.Id, `[{"op":"replace","path":"/enabled","value":true}]`).StatusCode())
	require.True(t, h.sim.SecretWorks(c.Id, c.Secret), "enabling it again restores the same secret")
}

// TestPatchTypedClient patches with the generated JsonPatchOperation types
// rather than a raw body.
func TestPatchTypedClient(t *testing.T) {
	h := newHarness(t, nil)
	c := h.create("typed")
	var strong, uris api.JsonPatchOperation_Value
	require.NoError(t, strong.FromJsonPatchOperationValue1(true))
	var item api.JsonPatchOperation_Value_4_Item
	require.NoError(t, item.FromJsonPatchOperationValue40("http://localhost/cb"))
	require.NoError(t, uris.FromJsonPatchOperationValue4([]api.JsonPatchOperation_Value_4_Item{item}))
	ops := []api.JsonPatchOperation{
		{Op: api.JsonPatchOperationOpReplace, Path: "/strongAuthSupported", Value: &strong},
		{Op: api.JsonPatchOperationOpAdd, Path: "/redirectUris", Value: &uris},
	}
	r, err := h.api.PatchOauthClientWithApplicationJSONPatchPlusJSONBodyWithResponse(context.Background(), c.Id, ops, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
	require.True(t, *r.JSON200.StrongAuthSupported)
	require.Equal(t, []string{"http://localhost/cb"}, *r.JSON200.RedirectUris)
}

func TestValidValue(t *testing.T) {
	for _, tt := range []struct {
		body string
		want bool
	}{
		{`"s"`, true}, {`true`, true}, {`7`, true}, {`{}`, true}, {`["a",1,{}]`, true}, {`[]`, true},
		{`null`, false}, {`1.5`, false}, {`[true]`, false}, {`[null]`, false}, {`[[1]]`, false}, {`[1.5]`, false},
	} {
		require.Equal(t, tt.want, validValue(decode(t, tt.body)), tt.body)
	}
}
