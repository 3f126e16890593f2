package okta

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestRefreshTokens(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	var ids []string
	for range 5 {
		ids = append(ids, h.Server.IssueRefreshToken(app, "00u1", []string{"offline_access", "openid"}))
	}

	before := h.Requests()
	all := collect(t, p.ListRefreshTokens(ctx, app, &unified.ListRefreshTokensOptions{PageSize: 2, WithScopes: true}))
	require.Len(t, all, 5)
	require.Equal(t, before+3, h.Requests(), "three pages of two")
	for i, tok := range all {
		require.Equal(t, ids[i], tok.ID)
		require.Equal(t, "00u1", tok.UserID)
		require.Equal(t, unified.StatusActive, tok.Status)
	}
	for range p.ListRefreshTokens(ctx, app, &unified.ListRefreshTokensOptions{PageSize: 2}) { //nolint:errcheck // stops at the first item: only the requests sent count
		break // stopping early sends no further page
	}

	got, err := p.GetRefreshToken(ctx, all[0].Ref())
	require.NoError(t, err)
	require.Equal(t, []string{"offline_access", "openid"}, got.Scopes)
	require.NoError(t, p.RevokeRefreshToken(ctx, all[0].Ref()))
	require.Len(t, collect(t, p.ListRefreshTokens(ctx, app, nil)), 4)
	require.NoError(t, p.RevokeAllRefreshTokens(ctx, app))
	require.Empty(t, collect(t, p.ListRefreshTokens(ctx, app, nil)))

	for _, err := range p.ListRefreshTokens(ctx, app, &unified.ListRefreshTokensOptions{PageSize: 201}) {
		require.ErrorIs(t, err, unified.ErrInvalidArgument)
	}
}

// TestNextLinkStaysOnTheOrg: a next link naming another host is followed
// on the configured org, so the token never leaves it.
func TestNextLinkStaysOnTheOrg(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("after") == "" {
			w.Header().Add("Link", `<https://evil.example/api/v1/apps/0oa1/tokens?after=oar1&limit=1>; rel="next"`)
			_, _ = io.WriteString(w, `[{"id":"oar1"}]`)
			return
		}
		_, _ = io.WriteString(w, `[{"id":"oar2"}]`)
	}))
	defer srv.Close()
	p, err := newProvider(Config{OrgURL: srv.URL, APIToken: "t"}, nil)
	require.NoError(t, err)
	tokens := collect(t, p.ListRefreshTokens(context.Background(), "0oa1", nil))
	require.Len(t, tokens, 2)
	require.Equal(t, []string{"/api/v1/apps/0oa1/tokens", "/api/v1/apps/0oa1/tokens?after=oar1&limit=1"}, paths)
}

// TestTokenPagesWithoutTheirRequest: a caller's transport may answer
// without setting the response's Request (net/http's client does not fill
// it in); the pages are still followed, and a link back to the first page
// still ends the listing with an error, one page later, rather than a
// panic or an endless loop.
func TestTokenPagesWithoutTheirRequest(t *testing.T) {
	const first, second = "/api/v1/apps/0oa1/tokens", "/api/v1/apps/0oa1/tokens?after=oar1"
	for _, c := range []struct {
		name      string
		secondTo  string // the second page's next link; "" for none
		wantItems int
		wantErr   string
	}{
		{"two pages", "", 2, ""},
		{"a link back to the first page", first, 3, "already fetched"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rt := roundTrip(func(r *http.Request) (*http.Response, error) {
				h := http.Header{"Content-Type": {"application/json"}}
				id := "oar1"
				if r.URL.RequestURI() == second {
					id = "oar2"
					if c.secondTo != "" {
						h.Set("Link", `<https://o.example`+c.secondTo+`>; rel="next"`)
					}
				} else {
					h.Set("Link", `<https://o.example`+second+`>; rel="next"`)
				}
				body := `[{"id":"` + id + `","status":"ACTIVE"}]`
				return &http.Response{StatusCode: http.StatusOK, Header: h, Body: io.NopCloser(strings.NewReader(body))}, nil
			})
			p, err := newProvider(Config{OrgURL: "https://o.example", APIToken: "tok"}, &Options{HTTPTransport: rt, MaxRetries: -1})
			require.NoError(t, err)
			n := 0
			var last error
			for _, err := range p.ListRefreshTokens(context.Background(), "0oa1", nil) {
				if err != nil {
					last = err
					break
				}
				n++
			}
			require.Equal(t, c.wantItems, n)
			if c.wantErr == "" {
				require.NoError(t, last)
			} else {
				require.ErrorContains(t, last, c.wantErr)
			}
		})
	}
}

// roundTrip is an http.RoundTripper made of a function.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
