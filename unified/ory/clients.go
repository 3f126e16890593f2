package ory

import (
	"context"
	"net/http"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
)

// ListClients yields the clients, page by page: page_size, then the
// page_token of the answer's Link rel="next" until a page has none. An
// empty page ends the listing too (Hydra links a "next" page even when
// there are no clients; ERRATA H3). A token seen before, one longer than
// maxTokenLength, and more pages or clients than Options.MaxPages and
// MaxItems are errors, not an endless loop (see package paging); it stops
// at the first error, which it returns, and when ctx ends.
func (a *adapter) ListClients(ctx context.Context, yield func(unified.Client) bool) error {
	const op = "ListClients"
	walk := paging.New(Vendor, op, a.paging, "")
	size := int64(a.pageSize)
	params := gen.ListOAuth2ClientsParams{PageSize: &size}
	for {
		var links []string
		clients, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
			return a.api.ListOAuth2Clients(ctx, &params)
		}, func(resp *http.Response) ([]gen.OAuth2Client, error) {
			links = resp.Header.Values("Link")
			return call.DecodeJSONList[gen.OAuth2Client](resp, http.StatusOK)
		})
		if err == nil {
			err = walk.Page(ctx, len(clients))
		}
		if err != nil {
			return err
		}
		for i := range clients {
			if !yield(unified.Client{Vendor: Vendor, ID: deref(clients[i].ClientId), Name: deref(clients[i].ClientName)}) {
				return nil
			}
		}
		token, more, err := nextToken(links)
		more = more && len(clients) > 0
		if err == nil {
			err = walk.Next(ctx, token, len(clients), more)
		}
		if err != nil || !more {
			return err
		}
		params.PageToken = &token
	}
}

// getClient reads one client.
func (a *adapter) getClient(ctx context.Context, op, clientID string) (gen.OAuth2Client, error) {
	return call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.GetOAuth2Client(ctx, clientID)
	}, call.Decode[gen.OAuth2Client](http.StatusOK))
}

// patchClient applies a JSON Patch (RFC 6902) to a client and returns
// the client as Hydra answers it.
func (a *adapter) patchClient(ctx context.Context, op, clientID string, patch gen.JsonPatchDocument) (gen.OAuth2Client, error) {
	return call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.PatchOAuth2Client(ctx, clientID, patch)
	}, call.Decode[gen.OAuth2Client](http.StatusOK))
}

func ptr[T any](v T) *T { return &v }
