package vmwarecsp

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
)

func TestAPITokenIsExchangedOnceAndCached(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	for range 3 {
		require.NoError(t, h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: "previous"}))
	}
	_, err := h.p.RegenerateSecret(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, 1, h.wire.count(tokenPath), "one access token serves every request until it nears expiry")
	form, err := url.ParseQuery(h.wire.bodies[0])
	require.NoError(t, err)
	require.Equal(t, url.Values{"api_token": {cspsim.DefaultAPIToken}}, form, "the current field name, not the deprecated refresh_token")
}

func TestClientCredentials(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	id, secret := h.Server.CreateApp("automation")
	cfg := h.config()
	cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", id, secret
	p := h.provider(cfg, nil)
	for range 2 {
		_, err := p.RegenerateSecret(h.ctx, app)
		// The simulator gives an app's token no organization role; a real
		// app with one would succeed. The token itself was granted.
		requireCode(t, err, unified.PermissionDenied, "RegenerateSecret")
	}
	require.Equal(t, 1, h.wire.count("POST "+clientCredentialsPath), "the token is cached")
	form, err := url.ParseQuery(h.wire.bodies[0])
	require.NoError(t, err)
	require.Equal(t, url.Values{"grant_type": {"client_credentials"}, "orgId": {h.Server.OrgID()}}, form, "the secret travels in HTTP Basic, not the form")
}

// TestTokenErrors reports a failed token request as the error of the
// operation that needed the token.
func TestTokenErrors(t *testing.T) {
	cases := []struct {
		name       string
		cfg        func(h *harness) Config
		code       unified.Code
		status     int
		vendorCode string
		message    string
	}{
		{"unknown API token", func(h *harness) Config {
			cfg := h.config()
			cfg.APIToken = "not-a-token"
			return cfg
		}, unified.Unauthenticated, 400, "invalid_grant", "invalid refresh token"},
		{"expired API token", func(h *harness) Config {
			h.Server.AddAPIToken("expired", cspsim.APIToken{ExpiresAt: sim.Epoch.Add(-time.Hour)})
			cfg := h.config()
			cfg.APIToken = "expired"
			return cfg
		}, unified.Unauthenticated, 400, "invalid_grant", "has expired"},
		{"revoked API token", func(h *harness) Config {
			h.Server.AddAPIToken("revoked", cspsim.APIToken{Revoked: true})
			cfg := h.config()
			cfg.APIToken = "revoked"
			return cfg
		}, unified.Unauthenticated, 409, "token_revoked", "has been revoked"},
		{"API token of another organization", func(h *harness) Config {
			h.Server.AddAPIToken("elsewhere", cspsim.APIToken{OrgID: "another-org"})
			cfg := h.config()
			cfg.APIToken = "elsewhere"
			return cfg
		}, unified.NotFound, 404, "org_not_found", "organization with this identifier is not found"},
		{"wrong client secret", func(h *harness) Config {
			id, _ := h.Server.CreateApp("automation")
			cfg := h.config()
			cfg.APIToken, cfg.ClientID, cfg.ClientSecret = "", id, "Wr0ng-secret!"
			return cfg
		}, unified.Unauthenticated, 401, "invalid_client", "client authentication failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil)
			app, _ := h.Server.CreateApp("billing")
			_, err := h.provider(c.cfg(h), nil).RegenerateSecret(h.ctx, app)
			e := requireCode(t, err, c.code, "RegenerateSecret")
			require.Equal(t, c.status, e.HTTPStatus)
			require.Equal(t, c.vendorCode, e.VendorCode)
			require.Contains(t, e.Message, "getting an access token: ")
			require.Contains(t, e.Message, c.message)
			require.NotEmpty(t, e.RequestID)
			var body *gen.CspErrorResponse
			require.True(t, unified.ErrorAs(err, &body))
			require.Zero(t, h.wire.count(secretPath(http.MethodPut)), "no management request without a token")
		})
	}
}

func TestTokenRateLimitIsNotRetried(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	h.Faults.Script(sim.Fault{Kind: sim.FaultRateLimit, PathContains: "/auth/"})
	_, err := h.p.RegenerateSecret(h.ctx, app)
	e := requireCode(t, err, unified.RateLimited, "RegenerateSecret")
	require.Equal(t, time.Second, e.RetryAfter)
	require.Empty(t, h.Sleep.Recorded(), "a token POST is not repeated")
	_, err = h.p.RegenerateSecret(h.ctx, app)
	require.NoError(t, err, "the next call asks for a token again")
}

// TestAPITokenSource checks the exchange's answer handling directly.
func TestAPITokenSource(t *testing.T) {
	sent := time.Date(2026, 1, 6, 19, 50, 58, 0, time.UTC)
	cases := []struct {
		name        string
		contentType string
		body        string
		wantExpiry  time.Time
		problem     string
	}{
		{"CSP's answer", "application/json", `{"id_token":null,"token_type":"bearer","expires_in":1799,"scope":"openid","access_token":"at","refresh_token":null}`, sent.Add(1799 * time.Second), ""},
		{"no expires_in", "application/json", `{"access_token":"at","token_type":"bearer"}`, sent.Add(defaultTokenLifetime), ""},
		{"no access token", "application/json", `{"token_type":"bearer","refresh_token":"the-api-token"}`, time.Time{}, `holds no access token; it begins "{\"token_type\":\"bearer\",\"refresh_token\":\"[REDACTED]\"}"`},
		{"not JSON", "text/html", `<html>`, time.Time{}, "holds no access token"},
		{"broken JSON", "application/json", `{"access_token":`, time.Time{}, "does not decode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				require.Equal(t, apiTokenPath, r.URL.Path)
				require.NoError(t, r.ParseForm())
				require.Equal(t, "the-api-token", r.PostForm.Get("api_token"))
				require.Empty(t, r.Header.Get("Authorization"), "the exchange is anonymous")
				w.Header().Set("Content-Type", c.contentType)
				_, _ = w.Write([]byte(c.body))
			}))
			defer srv.Close()
			api, err := gen.NewClient(srv.URL)
			require.NoError(t, err)
			src := &apiTokenSource{api: api, token: "the-api-token", vendor: call.Vendor{Name: unified.VMwareCSP, DecodeError: decodeTokenError}, now: func() time.Time { return sent }}
			tok, err := src.Token()
			if c.problem != "" {
				e := requireCode(t, err, unified.Internal, tokenOp)
				require.Contains(t, e.Message, c.problem)
				require.NotContains(t, e.Error(), "the-api-token")
				return
			}
			require.NoError(t, err)
			require.Equal(t, "at", tok.AccessToken)
			require.Equal(t, "Bearer", tok.Type())
			require.Equal(t, c.wantExpiry, tok.Expiry)
			require.Empty(t, tok.RefreshToken, "the API token echoed as refresh_token is not kept")
		})
	}
}

// TestAPITokenIsRenewedBeforeItExpires: a token is reused while more than
// earlyExpiry of its life is left, and exchanged again after.
func TestAPITokenIsRenewedBeforeItExpires(t *testing.T) {
	cases := []struct {
		name      string
		expiresIn int
		exchanges int32
	}{
		{"a long-lived token is reused", 1799, 1},
		{"a token about to expire is renewed", 30, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var exchanges atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == apiTokenPath {
					n := exchanges.Add(1)
					w.Header().Set("Content-Type", "application/json")
					_, _ = fmt.Fprintf(w, `{"access_token":"at%d","token_type":"bearer","expires_in":%d}`, n, c.expiresIn)
					return
				}
				require.Equal(t, fmt.Sprintf("Bearer at%d", exchanges.Load()), r.Header.Get("Authorization"), "the newest token is sent")
			}))
			defer srv.Close()
			p, err := newProvider(Config{URL: srv.URL, OrgID: "org1", APIToken: "t"}, nil)
			require.NoError(t, err)
			for range 3 {
				require.NoError(t, p.RevokeSecret(t.Context(), unified.CredentialRef{ClientID: "app1", ID: "previous"}))
			}
			require.Equal(t, c.exchanges, exchanges.Load())
		})
	}
}
