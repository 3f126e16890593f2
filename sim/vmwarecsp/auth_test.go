package vmwarecsp

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
)

// header sets one request header.
func header(name, value string) api.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set(name, value)
		return nil
	}
}

// TestManagementAuth covers 401, 403 and 404 (unknown organization) on
// every management operation, and both ways of sending a token.
func TestManagementAuth(t *testing.T) {
	credentials := []struct {
		name   string
		edit   func(e *env, appToken string) api.RequestEditorFn
		org    func(e *env) string
		status int
	}{
		{"no token", func(*env, string) api.RequestEditorFn { return noEdit }, nil, 401},
		{"unknown token", func(*env, string) api.RequestEditorFn { return as("forged") }, nil, 401},
		{"not a bearer token", func(*env, string) api.RequestEditorFn { return header("Authorization", basic("a", "b")) }, nil, 401},
		{"expired token", func(e *env, _ string) api.RequestEditorFn { e.clock.Advance(adminTokenTTL); return as(e.admin) }, nil, 401},
		{"app token", func(_ *env, tok string) api.RequestEditorFn { return as(tok) }, nil, 403},
		{"unknown organization", func(e *env, _ string) api.RequestEditorFn { return e.auth() }, func(*env) string { return "no-such-org" }, 404},
		{"bearer token", func(e *env, _ string) api.RequestEditorFn { return e.auth() }, nil, 200},
		{"csp-auth-token header", func(e *env, _ string) api.RequestEditorFn { return header("csp-auth-token", e.admin) }, nil, 200},
	}
	for _, op := range managementOps {
		for _, cred := range credentials {
			t.Run(op.id+"/"+cred.name, func(t *testing.T) {
				e := newEnv(t, nil)
				id, secret := e.newApp(appRequest("target"))
				status, tok := e.clientToken(id, secret)
				require.Equal(t, 200, status)
				org := e.org
				if cred.org != nil {
					org = cred.org(e)
				}
				got := e.status(e.on(op, org, id, cred.edit(e, tok["access_token"].(string))))
				require.Equal(t, cred.status, got)
			})
		}
	}
}

func TestBearer(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		want    string
	}{
		{"bearer", map[string]string{"Authorization": "Bearer abc"}, "abc"},
		{"scheme in any case", map[string]string{"Authorization": "bEaReR abc"}, "abc"},
		{"legacy header", map[string]string{"csp-auth-token": "abc"}, "abc"},
		{"Authorization wins", map[string]string{"Authorization": "Bearer abc", "csp-auth-token": "def"}, "abc"},
		{"other scheme", map[string]string{"Authorization": "Basic abc", "csp-auth-token": "def"}, ""},
		{"scheme only", map[string]string{"Authorization": "Bearer"}, ""},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest(http.MethodGet, "http://x/", nil)
			require.NoError(t, err)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			require.Equal(t, tt.want, bearer(r))
		})
	}
}

func TestAdminTokenExpiresOnTheClock(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.Advance(adminTokenTTL - time.Nanosecond)
	require.Equal(t, 200, e.status(e.c.ListOrgOAuthApps(e.ctx, e.org, nil, e.auth())))
	e.clock.Advance(time.Nanosecond)
	resp, err := e.c.ListOrgOAuthAppsWithResponse(e.ctx, e.org, nil, as(e.admin))
	require.NoError(t, err)
	require.Equal(t, 401, resp.StatusCode())
	require.Equal(t, int32(401), *resp.JSON401.StatusCode)
}
