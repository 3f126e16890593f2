package sailpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTokenEndpoint(t *testing.T) {
	h := newHarness(t, nil)
	adminID, adminSecret := h.sim.AdminCredentials()
	authCode := h.sim.store(func() ClientState {
		st := h.sim.newClientState()
		st.GrantTypes, st.RedirectURIs = []string{"AUTHORIZATION_CODE"}, []string{"http://localhost"}
		return st
	}(), "", nil)
	disabledID, disabledSecret := h.sim.CreateClient("disabled", nil)
	h.sim.clients[disabledID].Enabled = false

	tests := []struct {
		name       string
		form       url.Values
		basic      bool
		wantStatus int
		wantError  string
	}{
		{"valid", url.Values{"grant_type": {"client_credentials"}, "client_id": {adminID}, "client_secret": {adminSecret}}, false, 200, ""},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {adminID}, "client_secret": {"nope"}}, false, 401, "invalid_client"},
		{"unknown client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"nobody"}, "client_secret": {adminSecret}}, false, 401, "invalid_client"},
		{"disabled client", url.Values{"grant_type": {"client_credentials"}, "client_id": {disabledID}, "client_secret": {disabledSecret}}, false, 401, "invalid_client"},
		{"basic auth is not read", url.Values{"grant_type": {"client_credentials"}}, true, 401, "invalid_client"},
		{"no grant type", url.Values{"client_id": {adminID}, "client_secret": {adminSecret}}, false, 400, "invalid_request"},
		{"other grant type", url.Values{"grant_type": {"refresh_token"}, "client_id": {adminID}, "client_secret": {adminSecret}}, false, 400, "unsupported_grant_type"},
		{"no client_credentials grant", url.Values{"grant_type": {"client_credentials"}, "client_id": {authCode.ID}, "client_secret": {authCode.secret}}, false, 400, "unauthorized_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, h.url+tokenPath, strings.NewReader(tt.form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.basic {
				req.SetBasicAuth(adminID, adminSecret)
			}
			resp, err := h.http.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, tt.wantStatus, resp.StatusCode)
			require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			var body map[string]any
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			if tt.wantError != "" {
				require.Equal(t, tt.wantError, body["error"])
				return
			}
			require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
			require.Equal(t, "bearer", body["token_type"])
			require.EqualValues(t, 750, body["expires_in"])
			require.Equal(t, scopeManage, body["scope"])
			require.Equal(t, h.sim.tenantID, body["tenant_id"])
			require.Regexp(t, "^[0-9a-f]{32}$", body["jti"])
			require.NotEmpty(t, body["access_token"])
		})
	}
}

func TestTokenFormInQueryAndMultipart(t *testing.T) {
	h := newHarness(t, nil)
	id, secret := h.sim.AdminCredentials()
	q := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	resp, err := h.http.Post(h.url+tokenPath+"?"+q.Encode(), "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "query parameters")

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range q {
		require.NoError(t, mw.WriteField(k, v[0]))
	}
	require.NoError(t, mw.Close())
	resp, err = h.http.Post(h.url+tokenPath, mw.FormDataContentType(), &body)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "multipart form-data")
}

func TestTokenLifetime(t *testing.T) {
	tests := []struct {
		name     string
		ttl      time.Duration
		validity int32
		want     time.Duration
	}{
		{"the client's validity", 0, 120, 120 * time.Second},
		{"Options.TokenTTL wins", 30 * time.Second, 120, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, &Options{TokenTTL: tt.ttl})
			id, secret := h.sim.CreateClient("short", []string{scopeRead})
			h.sim.clients[id].AccessTokenValiditySeconds = tt.validity
			r := h.token(id, secret)
			require.EqualValues(t, tt.want/time.Second, r.Body["expires_in"])
			tok := r.Body["access_token"].(string)

			h.clock.Advance(tt.want - time.Millisecond)
			got, err := h.api.GetOauthClientWithResponse(context.Background(), id, bearer(tok))
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, got.StatusCode(), "just before expiry")
			h.clock.Advance(time.Millisecond)
			got, err = h.api.GetOauthClientWithResponse(context.Background(), id, bearer(tok))
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, got.StatusCode(), "at expiry")
			require.Equal(t, jwtExpired, *got.JSON401.Error)
		})
	}
}

func TestTokenMarksLastUsed(t *testing.T) {
	h := newHarness(t, nil)
	id, secret := h.sim.CreateClient("used", nil)
	st, _ := h.sim.Client(id)
	require.Nil(t, st.LastUsed, "never used")

	adminID, adminSecret := h.sim.AdminCredentials()
	lastUsed := func() time.Time {
		r, err := h.api.GetOauthClientWithResponse(context.Background(), id, bearer(h.mustToken(adminID, adminSecret)))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode())
		require.NotNil(t, r.JSON200.LastUsed)
		return r.JSON200.LastUsed.UTC()
	}
	h.clock.Advance(time.Hour)
	h.mustToken(id, secret)
	first := lastUsed()
	require.Equal(t, h.clock.Now().UTC(), first)

	h.clock.Advance(23 * time.Hour)
	h.mustToken(id, secret)
	require.Equal(t, first, lastUsed(), "updated at most once a day")

	h.clock.Advance(time.Hour)
	h.mustToken(id, secret)
	require.Equal(t, h.clock.Now().UTC(), lastUsed(), "a day later it moves")

	require.True(t, h.sim.SecretWorks(id, secret))
	require.Equal(t, h.clock.Now().UTC(), lastUsed(), "SecretWorks is not a use")
}
