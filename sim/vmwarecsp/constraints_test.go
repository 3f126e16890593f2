package vmwarecsp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVendorStatedRules sends the bodies of specs' cspRuleCases
// (specs/constraints_test.go): the one the spec accepts gets a 200, the one
// it refuses a 400.
func TestVendorStatedRules(t *testing.T) {
	long := strings.Repeat("a", 256)
	tests := []struct {
		name, op, ok, bad string
	}{
		{"client ID has at least 5 characters", "create",
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"abcde"}`,
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"abcd"}`},
		{"client ID has at most 256 characters", "create",
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"` + long + `"}`,
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"` + long + `a"}`},
		{"client ID characters", "create",
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"Ab_9-z"}`,
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"ab.cd"}`},
		{"display name characters on create", "create",
			`{"displayName":"Équipe d’accès: ops@acme & co-2_x.y, 'z'","description":"d","grantTypes":["client_credentials"],"allowedScopes":{}}`,
			`{"displayName":"ops/acme","description":"d","grantTypes":["client_credentials"],"allowedScopes":{}}`},
		{"display name characters on update", "patch",
			`{"displayName":"renamed app","description":"d","grantTypes":["client_credentials"]}`,
			`{"displayName":"renamed <app>","description":"d","grantTypes":["client_credentials"]}`},
		{"allowedOrgs holds organization IDs on create", "create",
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"allowedOrgs":["7b1d4f63-0e52-4a1b-9c8e-4d8e6f2a3b01"]}`,
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"allowedOrgs":[{"id":"7b1d4f63-0e52-4a1b-9c8e-4d8e6f2a3b01"}]}`},
		{"allowedOrgs holds organization IDs on update", "patch",
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedOrgs":["o1"]}`,
			`{"displayName":"n","description":"d","grantTypes":["client_credentials"],"allowedOrgs":[{"id":"o1"}]}`},
		{"secret has at least 8 characters", "rotate",
			`{"newClientSecret":"Abcdef1!"}`,
			`{"newClientSecret":"Abcde1!"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for body, want := range map[string]int{tt.ok: 200, tt.bad: 400} {
				e := newEnv(t, nil)
				id, _ := e.newApp(appRequest("n"))
				var got int
				switch tt.op {
				case "create":
					got = e.status(e.c.CreateOrgOAuthAppWithBody(e.ctx, e.org, "application/json", strings.NewReader(body), e.auth()))
				case "patch":
					got = e.status(e.c.PatchOrgOAuthAppWithBody(e.ctx, e.org, id, "application/json", strings.NewReader(body), e.auth()))
				case "rotate":
					got = e.status(e.c.StartOwnerSecretRotationWithBody(e.ctx, e.org, id, "application/json", strings.NewReader(body), e.auth()))
				}
				require.Equal(t, want, got, body)
			}
		})
	}
}

// TestAllowedOrgsAnswerAsObjects keeps the two shapes apart: IDs in, the
// response's objects out.
func TestAllowedOrgsAnswerAsObjects(t *testing.T) {
	e := newEnv(t, nil)
	req := appRequest("n")
	req.AllowedOrgs = &[]string{"o1", "o2"}
	id, _ := e.newApp(req)
	resp, err := e.c.GetOrgOAuthAppWithResponse(e.ctx, e.org, id, e.auth())
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode())
	require.NotNil(t, resp.JSON200.AllowedOrgs)
	var ids []string
	for _, o := range *resp.JSON200.AllowedOrgs {
		ids = append(ids, *o.Id)
	}
	require.Equal(t, []string{"o1", "o2"}, ids)
}
