package okta_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/sim"
)

var linkRE = regexp.MustCompile(`^<([^>]+)>; rel="(self|next)"$`)

// links parses the Link header fields of a response into rel → URL.
func links(t testing.TB, h http.Header) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, v := range h.Values("Link") {
		m := linkRE.FindStringSubmatch(v)
		require.NotNil(t, m, "Link %q", v)
		out[m[2]] = m[1]
	}
	return out
}

// getURL sends a GET of an absolute URL (a next link, followed verbatim)
// through rt.
func getURL(t testing.TB, rt http.RoundTripper, u string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "SSWS "+apiToken)
	resp, err := (&http.Client{Transport: rt}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

func issueTokens(h *harness, app string, n int) []string {
	var ids []string
	for i := range n {
		h.clock.Advance(time.Second)
		ids = append(ids, h.sim.IssueRefreshToken(app, "00u"+string(rune('a'+i))+"user", []string{"openid", "offline_access"}))
	}
	return ids
}

func TestListTokensPaging(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("web", "")
	want := issueTokens(h, app, 5)
	r, err := h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, &oktaapi.ListOAuth2TokensForApplicationParams{Limit: ptr(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
	base := h.url + "/api/v1/apps/" + app + "/tokens"
	l := links(t, r.HTTPResponse.Header)
	require.Equal(t, base+"?limit=2", l["self"])
	require.Equal(t, base+"?after="+want[1]+"&limit=2", l["next"])
	got := []string{*(*r.JSON200)[0].Id, *(*r.JSON200)[1].Id}

	for next := l["next"]; next != ""; {
		resp, body := getURL(t, h.tr, next)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		for _, tok := range decode[[]oktaapi.OAuth2RefreshToken](t, body) {
			got = append(got, *tok.Id)
		}
		l := links(t, resp.Header)
		require.Equal(t, next, l["self"])
		next = l["next"]
	}
	require.Equal(t, want, got)
}

func TestListTokensEmptyAndDefaults(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("web", "")
	r, err := h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, nil)
	require.NoError(t, err)
	require.Equal(t, "[]", string(r.Body))
	require.Equal(t, map[string]string{"self": h.url + "/api/v1/apps/" + app + "/tokens?limit=20"}, links(t, r.HTTPResponse.Header))

	issueTokens(h, app, 21)
	r, err = h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, nil)
	require.NoError(t, err)
	require.Len(t, *r.JSON200, 20)
	require.Contains(t, links(t, r.HTTPResponse.Header), "next")

	unknown, err := h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, "0oaNoApp", nil)
	require.NoError(t, err)
	requireError(t, unknown.StatusCode(), unknown.Body, http.StatusNotFound, "E0000007", "0oaNoApp (AppInstance)")
}

// TestListTokensClampsLimit sends out-of-range limits, which the spec calls
// invalid, straight to the simulator (no conformance transport): the
// operation documents no 400, so the simulator clamps.
func TestListTokensClampsLimit(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("web", "")
	issueTokens(h, app, 3)
	tests := []struct {
		limit string
		n     int
		self  string
	}{
		{"0", 1, "limit=1"},
		{"-5", 1, "limit=1"},
		{"500", 3, "limit=200"},
		{"many", 3, "limit=20"},
	}
	for _, tc := range tests {
		t.Run(tc.limit, func(t *testing.T) {
			resp, body := getURL(t, http.DefaultTransport, h.url+"/api/v1/apps/"+app+"/tokens?limit="+url.QueryEscape(tc.limit))
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.Len(t, decode[[]oktaapi.OAuth2RefreshToken](t, body), tc.n)
			require.Contains(t, links(t, resp.Header)["self"], tc.self)
		})
	}
	resp, body := getURL(t, h.tr, h.url+"/api/v1/apps/"+app+"/tokens?after=oarUnknownCursor")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "[]", string(body), "an unknown cursor ends the list")
}

func TestGetToken(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("web", "")
	id := h.sim.IssueRefreshToken(app, "00uuser", []string{"openid", "offline_access"})
	require.Regexp(t, `^oar[0-9A-Za-z]{17}$`, id)

	r, err := h.api.GetOAuth2TokenForApplicationWithResponse(h.ctx, app, id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
	tok := r.JSON200
	require.Equal(t, oktaapi.GrantOrTokenStatusACTIVE, *tok.Status)
	require.Equal(t, app, *tok.ClientId)
	require.Equal(t, "00uuser", *tok.UserId)
	require.Equal(t, []string{"openid", "offline_access"}, *tok.Scopes)
	require.Nil(t, tok.UnderscoreEmbedded)
	require.True(t, tok.ExpiresAt.Equal(sim.Epoch.Add(90*24*time.Hour)))
	require.Equal(t, h.url+"/api/v1/apps/"+app+"/tokens/"+id, *tok.UnderscoreLinks.Revoke.Href)

	r, err = h.api.GetOAuth2TokenForApplicationWithResponse(h.ctx, app, id, &oktaapi.GetOAuth2TokenForApplicationParams{Expand: ptr("scope")})
	require.NoError(t, err)
	scopes := *r.JSON200.UnderscoreEmbedded.Scopes
	require.Len(t, scopes, 2)
	require.Equal(t, "offline_access", *scopes[1].Name)
	require.Regexp(t, `^scp`, *scopes[1].Id)

	list, err := h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, &oktaapi.ListOAuth2TokensForApplicationParams{Expand: ptr("scope")})
	require.NoError(t, err)
	require.Len(t, *(*list.JSON200)[0].UnderscoreEmbedded.Scopes, 2)
	require.Contains(t, links(t, list.HTTPResponse.Header)["self"], "expand=scope")

	missing, err := h.api.GetOAuth2TokenForApplicationWithResponse(h.ctx, app, "oarNoToken", nil)
	require.NoError(t, err)
	requireError(t, missing.StatusCode(), missing.Body, http.StatusNotFound, "E0000007", "Not found: Resource not found: "+app+".oarNoToken (OAuth2RefreshTokenTx)")
	require.Empty(t, h.sim.IssueRefreshToken("0oaNoApp", "00u", nil))
}

func TestRevokeTokens(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("web", "")
	other := h.sim.CreateApp("other", "")
	ids := issueTokens(h, app, 3)
	kept := h.sim.IssueRefreshToken(other, "00uother", []string{"offline_access"})

	one, err := h.api.RevokeOAuth2TokenForApplicationWithResponse(h.ctx, app, ids[1])
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, one.StatusCode())
	require.Empty(t, one.Body)
	for _, id := range []string{ids[1], "oarNoToken"} {
		again, err := h.api.RevokeOAuth2TokenForApplicationWithResponse(h.ctx, app, id)
		require.NoError(t, err)
		requireError(t, again.StatusCode(), again.Body, http.StatusNotFound, "E0000007", app+"."+id+" (OAuth2RefreshTokenTx)")
	}
	list, err := h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, &oktaapi.ListOAuth2TokensForApplicationParams{Limit: ptr(1)})
	require.NoError(t, err)
	require.Equal(t, ids[0], *(*list.JSON200)[0].Id)
	resp, body := getURL(t, h.tr, links(t, list.HTTPResponse.Header)["next"])
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, ids[2], *decode[[]oktaapi.OAuth2RefreshToken](t, body)[0].Id, "paging skips the revoked token")

	all, err := h.api.RevokeOAuth2TokensForApplicationWithResponse(h.ctx, app)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, all.StatusCode())
	list, err = h.api.ListOAuth2TokensForApplicationWithResponse(h.ctx, app, nil)
	require.NoError(t, err)
	require.Equal(t, "[]", string(list.Body))
	got, err := h.api.GetOAuth2TokenForApplicationWithResponse(h.ctx, other, kept, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode(), "other apps keep their tokens")

	unknown, err := h.api.RevokeOAuth2TokensForApplicationWithResponse(h.ctx, "0oaNoApp")
	require.NoError(t, err)
	requireError(t, unknown.StatusCode(), unknown.Body, http.StatusNotFound, "E0000007", "(AppInstance)")
}
