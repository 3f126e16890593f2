package vmwarecsp

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/transport"
)

// pageLimit is how many apps ListClients asks for per page.
const pageLimit = 100

// ListClients yields the organization's OAuth apps, page by page
// (pageStart, pageLimit) for as long as CSP gives a nextLink. Only the
// pageStart of a nextLink is used, never its host or path, so the access
// token goes nowhere but the configured URL. It stops at the first error,
// which it returns.
func (p *adapter) ListClients(ctx context.Context, yield func(unified.Client) bool) error {
	start := int32(0)
	walk := paging.New(unified.VMwareCSP, "ListClients", p.paging, "0")
	for {
		params := &gen.ListOrgOAuthAppsParams{PageStart: &start, PageLimit: ptr(int32(pageLimit))}
		page, err := call.Do(ctx, p.vendor, "ListClients", func(ctx context.Context) (*http.Response, error) {
			return p.api.ListOrgOAuthApps(ctx, p.org, params)
		}, call.Decode[gen.PagedResponseOrgOAuthAppResponse](http.StatusOK))
		if err != nil {
			return err
		}
		results := deref(page.Results)
		if err := walk.Page(ctx, len(results)); err != nil {
			return err
		}
		for _, app := range results {
			if !yield(client(app)) {
				return nil
			}
		}
		next, ok, err := nextPageStart(page.NextLink, start, len(results))
		if err != nil {
			return err
		}
		if err := walk.Next(ctx, strconv.Itoa(int(next)), len(results), ok); err != nil || !ok {
			return err
		}
		start = next
	}
}

// nextPageStart reads the pageStart of nextLink; a link without one
// advances by the page's size. ok is false on the last page (no link). A
// link that does not move forward is an error, not an endless loop.
func nextPageStart(nextLink *string, start int32, got int) (next int32, ok bool, err error) {
	if deref(nextLink) == "" {
		return 0, false, nil
	}
	fail := func(msg string) (int32, bool, error) {
		return 0, false, &unified.Error{Code: unified.Internal, Message: msg}
	}
	u, err := url.Parse(*nextLink)
	if err != nil {
		return fail("nextLink is not a URL")
	}
	n := int64(start) + int64(got)
	if v := u.Query().Get("pageStart"); v != "" {
		if n, err = strconv.ParseInt(v, 10, 32); err != nil {
			return fail("nextLink's pageStart is not a number")
		}
	}
	if n <= int64(start) || n > math.MaxInt32 {
		return fail("nextLink does not move past the page it follows")
	}
	return int32(n), true, nil
}

// client is the portable form of an app.
func client(app gen.OrgOAuthAppResponse) unified.Client {
	c := unified.Client{Vendor: unified.VMwareCSP, ID: app.Id, Name: deref(app.DisplayName)}
	c.Created = transport.UnixMilli(deref(app.CreatedAt)) // zero when absurd
	return c
}

func ptr[T any](v T) *T { return &v }
