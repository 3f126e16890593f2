package sailpoint

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
)

func TestUnauthorized(t *testing.T) {
	h := newHarness(t, nil)
	id, secret := h.sim.CreateClient("soon expired", nil)
	expired := h.mustToken(id, secret)
	h.clock.Advance(750 * time.Second)
	tests := []struct {
		name, authorization, want string
	}{
		{"no header", "", jwtMissing},
		{"other scheme", "Basic YWRtaW46c2VjcmV0", jwtMissing},
		{"empty bearer", "Bearer ", jwtMissing},
		{"unknown token", "Bearer not-a-token", jwtInvalid},
		{"expired token", "Bearer " + expired, jwtExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := h.api.ListOauthClientsWithResponse(context.Background(), nil, func(_ context.Context, r *http.Request) error {
				if tt.authorization != "" {
					r.Header.Set("Authorization", tt.authorization)
				}
				return nil
			})
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, r.StatusCode())
			require.Equal(t, tt.want, *r.JSON401.Error)
		})
	}
}

func TestScopes(t *testing.T) {
	h := newHarness(t, nil)
	type want struct{ list, create, get, patch, delete int }
	ok := want{200, 200, 200, 200, 204}
	readOnly := want{200, 403, 200, 403, 403}
	none := want{403, 403, 403, 403, 403}
	tests := []struct {
		name   string
		scopes []string
		want   want
	}{
		{"manage", []string{scopeManage}, ok},
		{"all", []string{scopeAll}, ok},
		{"read", []string{scopeRead}, readOnly},
		{"default", []string{scopeDefault}, none},
		{"unrelated", []string{"idn:sources:read"}, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tok := h.clientToken(tt.scopes...)
			got := want{
				list:   h.callOp("listOauthClients", tok, "").StatusCode(),
				create: h.callOp("createOauthClient", tok, "made by "+tt.name).StatusCode(),
				get:    h.callOp("getOauthClient", tok, h.create("get").Id).StatusCode(),
				patch:  h.callOp("patchOauthClient", tok, h.create("patch").Id).StatusCode(),
				delete: h.callOp("deleteOauthClient", tok, h.create("delete").Id).StatusCode(),
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestForbiddenBody(t *testing.T) {
	h := newHarness(t, nil)
	_, tok := h.clientToken(scopeRead)
	r, err := h.api.CreateOauthClientWithResponse(context.Background(), newClientRequest("x"), bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, r.StatusCode())
	e := r.JSON403
	require.Equal(t, "403 Forbidden", *e.DetailCode)
	require.Regexp(t, "^[0-9a-f]{32}$", *e.TrackingId)
	msg := (*e.Messages)[0]
	require.Equal(t, "en-US", *msg.Locale)
	require.Equal(t, api.LocaleOriginDEFAULT, *msg.LocaleOrigin)
	require.Equal(t, "The token lacks the scope sp:oauth-client:manage.", *msg.Text)
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, &Options{RateLimit: sim.RateLimit{Limit: 2, Window: 10 * time.Second}})
	list := func(tok string) *api.ListOauthClientsResponse {
		r, err := h.api.ListOauthClientsWithResponse(context.Background(), nil, bearer(tok))
		require.NoError(t, err)
		return r
	}
	require.Equal(t, http.StatusOK, list(h.admin).StatusCode())
	h.clock.Advance(3 * time.Second)
	require.Equal(t, http.StatusOK, list(h.admin).StatusCode())

	r := list(h.admin)
	require.Equal(t, http.StatusTooManyRequests, r.StatusCode())
	require.Equal(t, rateLimitMessage, *r.JSON429.Message)
	require.Equal(t, int32(7), *r.Headers429.RetryAfter, "seconds left in the window")

	_, other := h.clientToken(scopeRead)
	require.Equal(t, http.StatusOK, list(other).StatusCode(), "each token has its own bucket")
	require.Equal(t, http.StatusUnauthorized, list("").StatusCode(), "no token: 401, not 429")

	h.clock.Advance(7 * time.Second)
	require.Equal(t, http.StatusOK, list(h.admin).StatusCode(), "a new window")
}

func TestRateLimitDefaultWindow(t *testing.T) {
	s := New(&Options{RateLimit: sim.RateLimit{Limit: 5}})
	require.NotNil(t, s.limiter)
	v := s.limiter.Take("x")
	require.Equal(t, sim.Epoch.Add(DefaultRateLimit.Window), v.Reset)
}

func TestHolds(t *testing.T) {
	tests := []struct {
		rights []string
		scope  string
		want   bool
	}{
		{[]string{scopeAll}, scopeManage, true},
		{[]string{scopeManage}, scopeRead, true},
		{[]string{scopeManage}, scopeManage, true},
		{[]string{scopeRead}, scopeManage, false},
		{[]string{scopeDefault}, scopeRead, false},
		{nil, scopeRead, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, holds(tt.rights, tt.scope), "%v holds %s", tt.rights, tt.scope)
	}
}

func TestGrant(t *testing.T) {
	tests := []struct {
		name           string
		creator, scope []string
		want           []string
		denied         string
	}{
		{"all is the creator's rights", []string{scopeManage}, []string{scopeAll}, []string{scopeManage}, ""},
		{"manage grants read", []string{scopeManage}, []string{scopeRead}, []string{scopeRead}, ""},
		{"default is always grantable", []string{scopeRead}, []string{scopeDefault}, []string{scopeDefault}, ""},
		{"a scope the creator lacks", []string{scopeManage}, []string{"idn:sources:manage"}, nil, "idn:sources:manage"},
		{"an all-powerful creator", []string{scopeAll}, []string{"idn:sources:manage", scopeAll}, []string{"idn:sources:manage", scopeAll}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, denied := grant(tt.creator, tt.scope)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.denied, denied)
		})
	}
}
