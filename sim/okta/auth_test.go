package okta_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAuthEveryOperation(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("auth", "")
	tg := target{app: app, sub: "x", targetApp: app}
	refused := []struct {
		name   string
		authz  string
		status int
		code   string
	}{
		{"missing header", "", http.StatusUnauthorized, "E0000011"},
		{"unknown API token", "SSWS not-the-token", http.StatusUnauthorized, "E0000011"},
		{"unknown bearer token", "Bearer not-a-token", http.StatusUnauthorized, "E0000011"},
		{"unknown scheme", "Basic dXNlcjpwYXNz", http.StatusUnauthorized, "E0000011"},
		{"scheme without token", "SSWS", http.StatusUnauthorized, "E0000011"},
		{"bearer without an apps scope", "Bearer " + otherToken, http.StatusForbidden, "E0000006"},
	}
	for _, o := range allOps() {
		for _, tc := range refused {
			t.Run(o.id+"/"+tc.name, func(t *testing.T) {
				status, body, err := o.call(h.ctx, h.api, tg, withAuth(tc.authz))
				require.NoError(t, err)
				requireError(t, status, body, tc.status, tc.code, "")
			})
		}
	}
}

func TestScopes(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("scopes", "")
	tg := target{app: app, sub: "x", targetApp: app}
	for _, o := range allOps() {
		t.Run(o.id, func(t *testing.T) {
			status, body, err := o.call(h.ctx, h.api, tg, bearer(readToken))
			require.NoError(t, err)
			if o.manage {
				requireError(t, status, body, http.StatusForbidden, "E0000006", "You do not have permission")
			} else {
				require.NotContains(t, []int{401, 403}, status, fmtStatus(status, body))
			}
			status, body, err = o.call(h.ctx, h.api, tg, bearer(manageToken))
			require.NoError(t, err)
			require.NotContains(t, []int{401, 403}, status, fmtStatus(status, body))
		})
	}
}

func TestAuthSchemesAreCaseInsensitive(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("case", "")
	for _, authz := range []string{"ssws " + apiToken, "bearer " + readToken, "SSWS  " + apiToken} {
		r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app, withAuth(authz))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), authz)
	}
}
