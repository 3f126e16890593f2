package sailpoint

import (
	"context"
	"net/http"
	"time"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
)

// ListClients yields every OAuth client of the tenant, in one request:
// SailPoint does not page this list. Created is also when the client's
// secret was made, since a secret cannot change; LastUsed is updated by
// SailPoint at most once a day.
func (p *adapter) ListClients(ctx context.Context, yield func(unified.Client) bool) error {
	resp, err := call.Do(ctx, p.vendor, "ListClients", func(ctx context.Context) (*http.Response, error) {
		return p.api.ListOauthClients(ctx, nil)
	}, call.Decode[[]gen.GetOAuthClientResponse](http.StatusOK))
	if err != nil {
		return err
	}
	walk := paging.New(unified.SailPoint, "ListClients", p.paging, "")
	if err := walk.Page(ctx, len(resp)); err != nil {
		return err
	}
	for _, c := range resp {
		if !yield(unified.Client{Vendor: unified.SailPoint, ID: c.Id, Name: c.Name, Created: utc(c.Created), LastUsed: utc(c.LastUsed)}) {
			return nil
		}
	}
	return nil
}

// DeleteClient deletes a client and its secret, for good: whoever uses it
// can no longer get a token. A client already gone is not an error.
func (p *adapter) DeleteClient(ctx context.Context, clientID string) error {
	return p.deleteClient(ctx, "DeleteClient", clientID)
}

// deleteClient deletes a client; one already gone is not an error.
func (p *adapter) deleteClient(ctx context.Context, op, id string) error {
	_, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.DeleteOauthClient(ctx, id)
	}, gen.ParseDeleteOauthClientResponse)
	if unified.CodeOf(err) == unified.NotFound {
		return nil
	}
	return err
}

// getClient reads one client.
func (p *adapter) getClient(ctx context.Context, op, id string) (gen.GetOAuthClientResponse, error) {
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.GetOauthClient(ctx, id)
	}, call.Decode[gen.GetOAuthClientResponse](http.StatusOK))
	if err != nil {
		return gen.GetOAuthClientResponse{}, err
	}
	return resp, nil
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Unsupported says why SailPoint lacks the secret operations.
func (p *adapter) Unsupported(op string) string {
	switch op {
	case "ListSecrets", "GetSecret", "CreateSecret", "RevokeSecret":
		return "SailPoint shows a client's secret only when the client is created; rotate to get a new one"
	}
	return ""
}
