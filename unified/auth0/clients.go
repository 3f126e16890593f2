package auth0

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
)

// perPage is how many clients ListClients asks for per page, Auth0's
// maximum.
const perPage = 100

// listFields are the client properties ListClients asks for.
const listFields = "client_id,name"

// ListClients yields the tenant's clients, page by page (page, per_page,
// include_totals) until a short page or the total is reached. A page that
// repeats one already fetched, an empty page whose total claims more, and
// more pages or clients than Options.MaxPages and MaxItems are errors,
// not an endless loop (see package paging); it stops at the first error,
// which it returns, and when ctx ends.
func (a *adapter) ListClients(ctx context.Context, yield func(unified.Client) bool) error {
	walk := paging.New(unified.Auth0, "ListClients", a.paging, "0")
	for page := 0; ; page++ {
		clients, total, err := a.clientPage(ctx, page)
		if err == nil {
			err = walk.Page(ctx, len(clients))
		}
		if err == nil {
			err = walk.Repeats(ctx, clientIDs(clients))
		}
		if err != nil {
			return err
		}
		for _, c := range clients {
			if !yield(unified.Client{Vendor: unified.Auth0, ID: deref(c.ClientId), Name: deref(c.Name)}) {
				return nil
			}
		}
		more := morePages(len(clients), walk.Items(), total)
		if err := walk.Next(ctx, strconv.Itoa(page+1), len(clients), more); err != nil || !more {
			return err
		}
	}
}

// morePages says whether a page of n clients, seen in all so far, has
// pages after it. With a total (-1: none), the total says so, except that a
// short page that is not empty is the last whatever the total; an empty
// page claiming more is for the walker to refuse. Without one, a full page
// may have more.
func morePages(n, seen, total int) bool {
	if total < 0 {
		return n >= perPage
	}
	return seen < total && (n == 0 || n >= perPage)
}

// clientIDs are the IDs of a page, by which a repeated page is known.
func clientIDs(clients []gen.ClientApplication) []string {
	ids := make([]string, len(clients))
	for i, c := range clients {
		ids[i] = deref(c.ClientId)
	}
	return ids
}

// clientPage reads one page; total is -1 when the answer has none (a
// plain array, or a negative total).
func (a *adapter) clientPage(ctx context.Context, page int) ([]gen.ClientApplication, int, error) {
	params := &gen.GetClientsParams{Fields: ptr(listFields), IncludeFields: ptr(true), IncludeTotals: ptr(true), Page: &page, PerPage: ptr(perPage)}
	resp, err := call.Do(ctx, a.vendor, "ListClients", func(ctx context.Context) (*http.Response, error) {
		return a.api.GetClients(ctx, params)
	}, gen.ParseGetClientsResponse)
	if err != nil {
		return nil, 0, err
	}
	if resp.JSON200 == nil {
		return nil, 0, call.NotJSON(unified.Auth0, "ListClients", resp.HTTPResponse)
	}
	clients, total, err := clientList(resp.JSON200, resp.Body)
	if err != nil {
		return nil, 0, &unified.Error{Code: unified.Internal, Vendor: unified.Auth0, Op: "ListClients", HTTPStatus: resp.StatusCode(),
			Message: fmt.Sprintf("the HTTP %d answer does not decode; it begins %s", resp.StatusCode(), call.Snippet(a.vendor.Secrets.Bytes(resp.Body))), Err: a.vendor.Secrets.Error(err)}
	}
	return clients, total, nil
}

// clientList reads either shape of a list answer: {start, limit, total,
// clients} or a plain array.
func clientList(list *gen.ClientList, body []byte) ([]gen.ClientApplication, int, error) {
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		arr, err := list.AsClientList0()
		return arr, -1, err
	}
	pg, err := list.AsClientPage()
	if err != nil {
		return nil, 0, err
	}
	if pg.Total == nil || *pg.Total < 0 {
		return pg.Clients, -1, nil
	}
	return pg.Clients, *pg.Total, nil
}

// secretID names the one secret of a client, which Auth0 gives no ID.
const secretID = "client_secret"

// RegenerateSecret replaces the client's secret at once
// (POST /clients/{id}/rotate-secret): the old one stops working now.
func (a *adapter) RegenerateSecret(ctx context.Context, clientID string) (unified.Credential, error) {
	resp, err := call.Do(ctx, a.vendor, "RegenerateSecret", func(ctx context.Context) (*http.Response, error) {
		return a.api.RotateClientSecret(ctx, clientID)
	}, gen.ParseRotateClientSecretResponse)
	if err != nil {
		return unified.Credential{}, err
	}
	if resp.JSON200 == nil || deref(resp.JSON200.ClientSecret) == "" {
		return unified.Credential{}, &unified.Error{Code: unified.Internal, HTTPStatus: resp.StatusCode(),
			Message: "the answer holds no secret; the client's secret may have changed: regenerate it again"}
	}
	a.vendor.Secrets.Remember(*resp.JSON200.ClientSecret) // an echo of it is redacted
	return secretCredential(clientID, *resp.JSON200), nil
}

// secretCredential is the credential of a client's secret as app shows
// it; its As value is app without the secret.
func secretCredential(clientID string, app gen.ClientApplication) unified.Credential {
	s := unified.NewSecret(deref(app.ClientSecret))
	c := unified.Credential{Vendor: unified.Auth0, ClientID: clientID, ID: secretID, Kind: unified.KindClientSecret,
		Status: unified.StatusActive, Secret: s, Hint: unified.Hint(s)}
	app.ClientSecret = nil
	return driver.WithVendorValue(c, app)
}

// clientFields are what a rotation reads of a client.
const clientFields = "client_id,name,client_authentication_methods,token_endpoint_auth_method"

// getClient reads the client's authentication settings.
func (a *adapter) getClient(ctx context.Context, op, clientID string) (*gen.ClientApplication, error) {
	params := &gen.GetClientParams{Fields: ptr(clientFields), IncludeFields: ptr(true)}
	resp, err := call.Do(ctx, a.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return a.api.GetClient(ctx, clientID, params)
	}, gen.ParseGetClientResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, call.NotJSON(unified.Auth0, op, resp.HTTPResponse)
	}
	return resp.JSON200, nil
}

// enabledIDs are the credentials a client has enabled for
// private_key_jwt; keyClient is false when the method is off.
func enabledIDs(app *gen.ClientApplication) (ids []string, keyClient bool) {
	m := app.ClientAuthenticationMethods
	if m == nil || m.PrivateKeyJwt == nil {
		return nil, false
	}
	for _, c := range deref(m.PrivateKeyJwt.Credentials) {
		ids = append(ids, c.Id)
	}
	return ids, true
}

func ptr[T any](v T) *T { return &v }
