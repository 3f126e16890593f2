package okta_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

func TestUnknownAppEveryOperation(t *testing.T) {
	h := newHarness(t, nil)
	target := target{app: "0oaNoSuchApp", sub: "x", targetApp: "0oaNoSuchApp"}
	for _, o := range allOps() {
		t.Run(o.id, func(t *testing.T) {
			status, body, err := o.call(h.ctx, h.api, target)
			require.NoError(t, err)
			requireError(t, status, body, http.StatusNotFound, "E0000007", "Not found: Resource not found: 0oaNoSuchApp (AppInstance)")
		})
	}
}

func TestCommonHeaders(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("headers", "")
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for i, o := range allOps() {
		h.clock.Advance(time.Second)
		a := callHeaders(t, h, o, target{app: app, sub: "x", targetApp: app})
		require.Equal(t, sim.Epoch.Add(time.Duration(i+1)*time.Second).Format(http.TimeFormat), a.Get("Date"), o.id)
		id := a.Get("X-Okta-Request-Id")
		require.Regexp(t, hex32, id)
		require.False(t, seen[id], "request IDs differ")
		seen[id] = true
		if a.status == http.StatusNoContent {
			require.Empty(t, a.Get("Content-Type"), o.id)
		} else {
			require.True(t, strings.HasPrefix(a.Get("Content-Type"), "application/"), o.id)
		}
	}
}

func TestWireFormat(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("wire", "")
	r, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, "application/json", r.HTTPResponse.Header.Get("Content-Type"))
	require.Contains(t, string(r.Body), `"created":"2026-01-06T19:50:58.000Z"`)
	require.NotContains(t, string(r.Body), `\u0026`, "no HTML escaping")
}

func TestUnknownPathsAndMethods(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("paths", "")
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/api/v1/users"},
		{http.MethodPut, "/api/v1/apps/" + app + "/credentials/secrets"},
	} {
		req, err := http.NewRequest(tc.method, h.url+tc.path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "SSWS "+apiToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body := make([]byte, 512)
		n, _ := resp.Body.Read(body)
		resp.Body.Close()
		requireError(t, resp.StatusCode, body[:n], http.StatusNotFound, "E0000007", tc.path+" (Page)")
	}
}

func TestOptionsDefaults(t *testing.T) {
	custom := newHarness(t, &oktasim.Options{APIToken: "custom-token"})
	app := custom.sim.CreateApp("custom", "")
	r, err := custom.api.ListOAuth2ClientSecretsWithResponse(custom.ctx, app)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, r.StatusCode(), "the default token is not accepted")
	r, err = custom.api.ListOAuth2ClientSecretsWithResponse(custom.ctx, app, withAuth("SSWS custom-token"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())

	s := oktasim.New(nil)
	require.Regexp(t, `^0oa[0-9A-Za-z]{17}$`, s.CreateApp("defaults", ""))
	secrets := s.Secrets(s.CreateApp("defaults", ""))
	require.Len(t, secrets, 1)
	require.Equal(t, "ACTIVE", secrets[0].Status)
	require.True(t, secrets[0].Created.Equal(sim.Epoch), "the default clock stands at sim.Epoch")
}

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, nil)
	apps := make([]string, 8)
	for i := range apps {
		apps[i] = h.sim.CreateApp("concurrent", "")
	}
	errs := make(chan error, len(apps))
	for _, app := range apps {
		go func() {
			for range 10 {
				if _, err := h.api.ListOAuth2ClientSecretsWithResponse(h.ctx, app); err != nil {
					errs <- err
					return
				}
				h.sim.IssueRefreshToken(app, "00uuser", []string{"offline_access"})
			}
			_, err := h.api.CreateOAuth2ClientSecretWithResponse(h.ctx, app, oktaapi.OAuth2ClientSecretRequestBody{})
			errs <- err
		}()
	}
	for range apps {
		require.NoError(t, <-errs)
	}
	for _, app := range apps {
		require.Len(t, h.sim.Secrets(app), 2)
	}
}
