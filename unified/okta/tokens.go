package okta

import (
	"context"
	"net/http"
	"net/url"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
)

// ListRefreshTokens follows Okta's pages through the Link header's
// rel="next" URL, as given — but only its path and query, sent to the
// configured org, so a link naming another host never receives the token.
func (p *adapter) ListRefreshTokens(ctx context.Context, appID string, opts *unified.ListRefreshTokensOptions, yield func(unified.RefreshToken) bool) error {
	if err := checkPageSize(opts); err != nil {
		return err
	}
	send := func(ctx context.Context) (*http.Response, error) {
		return p.api.ListOAuth2TokensForApplication(ctx, appID, tokenParams(opts))
	}
	walk := paging.New(unified.Okta, "ListRefreshTokens", p.paging, "")
	for send != nil {
		var links []string
		var pageURL *url.URL
		tokens, err := call.Do(ctx, p.vendor, "ListRefreshTokens", send, func(resp *http.Response) ([]gen.OAuth2RefreshToken, error) {
			links = resp.Header.Values("Link")
			if resp.Request != nil { // a caller's transport may leave it unset
				pageURL = resp.Request.URL
			}
			return call.DecodeJSON[[]gen.OAuth2RefreshToken](resp, http.StatusOK)
		})
		if err != nil {
			return err
		}
		if err := walk.Page(ctx, len(tokens)); err != nil {
			return err
		}
		for i := range tokens {
			if !yield(refreshToken(appID, &tokens[i])) {
				return nil
			}
		}
		var cursor string
		send, cursor = p.nextPage(links)   //nolint:bodyclose // nextPage returns the next page's request, no answer
		if send != nil && pageURL != nil { // the last page need not be remembered: nothing comes after it
			walk.SawURL(pageURL)
		}
		if err := walk.Next(ctx, cursor, len(tokens), send != nil); err != nil {
			return err
		}
	}
	return nil
}

// nextPage returns the request of the rel="next" link, or nil on the last
// page, and the link's cursor (the path and query it asks for).
func (p *adapter) nextPage(linkFields []string) (func(context.Context) (*http.Response, error), string) {
	next, ok := findLink(linkFields, "next")
	if !ok {
		return nil, ""
	}
	u, err := url.Parse(next)
	if err != nil {
		return func(context.Context) (*http.Response, error) { return nil, err }, next
	}
	target := *p.baseURL
	target.Path, target.RawPath, target.RawQuery = u.Path, u.RawPath, u.RawQuery
	return func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return p.http.Do(req)
	}, target.RequestURI()
}

// expandScope is the value of expand=scope, shared by every request: the
// generated client only reads it.
var expandScope gen.QueryExpand = "scope"

func checkPageSize(opts *unified.ListRefreshTokensOptions) error {
	if opts != nil && (opts.PageSize < 0 || opts.PageSize > 200) {
		return &unified.Error{Code: unified.InvalidArgument, Message: "PageSize must be 1 to 200 (0 for Okta's default)"}
	}
	return nil
}

func tokenParams(opts *unified.ListRefreshTokensOptions) *gen.ListOAuth2TokensForApplicationParams {
	params := &gen.ListOAuth2TokensForApplicationParams{}
	if opts == nil {
		return params
	}
	if opts.PageSize > 0 {
		params.Limit = &opts.PageSize
	}
	if opts.WithScopes {
		params.Expand = &expandScope
	}
	return params
}

func (p *adapter) GetRefreshToken(ctx context.Context, ref unified.CredentialRef) (unified.RefreshToken, error) {
	resp, err := call.Do(ctx, p.vendor, "GetRefreshToken", func(ctx context.Context) (*http.Response, error) {
		return p.api.GetOAuth2TokenForApplication(ctx, ref.ClientID, ref.ID, &gen.GetOAuth2TokenForApplicationParams{})
	}, call.Decode[gen.OAuth2RefreshToken](http.StatusOK))
	if err != nil {
		return unified.RefreshToken{}, err
	}
	return refreshToken(ref.ClientID, &resp), nil
}

func (p *adapter) RevokeRefreshToken(ctx context.Context, ref unified.CredentialRef) error {
	_, err := call.Do(ctx, p.vendor, "RevokeRefreshToken", func(ctx context.Context) (*http.Response, error) {
		return p.api.RevokeOAuth2TokenForApplication(ctx, ref.ClientID, ref.ID)
	}, gen.ParseRevokeOAuth2TokenForApplicationResponse)
	return err
}

func (p *adapter) RevokeAllRefreshTokens(ctx context.Context, appID string) error {
	_, err := call.Do(ctx, p.vendor, "RevokeAllRefreshTokens", func(ctx context.Context) (*http.Response, error) {
		return p.api.RevokeOAuth2TokensForApplication(ctx, appID)
	}, gen.ParseRevokeOAuth2TokensForApplicationResponse)
	return err
}

// refreshToken is t in portable form; As reaches *t, which the caller
// does not change afterwards.
func refreshToken(appID string, t *gen.OAuth2RefreshToken) unified.RefreshToken {
	cred := driver.WithVendorPointer(unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: deref(t.Id), Kind: unified.KindRefreshToken,
		Status: unified.Status(deref(t.Status)), Created: derefTime(t.Created), Updated: derefTime(t.LastUpdated),
		Expires: derefTime(t.ExpiresAt),
	}, t)
	return unified.RefreshToken{Credential: cred, UserID: deref(t.UserId), Issuer: deref(t.Issuer), Scopes: deref(t.Scopes)}
}
