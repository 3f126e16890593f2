package auth0

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/paging"
)

func TestListClientsPagesThroughTheSimulator(t *testing.T) {
	h := newHarness(t, nil)
	for i := range 230 {
		h.Server.CreateClient(fmt.Sprintf("client-%03d", i))
	}
	p := h.provider(t, nil)
	var names []string
	for c, err := range p.ListClients(context.Background()) {
		require.NoError(t, err)
		require.Equal(t, unified.Auth0, c.Vendor)
		require.NotEmpty(t, c.ID)
		names = append(names, c.Name)
	}
	require.Len(t, names, 231, "230 clients and the admin client, each once")
	require.Equal(t, "client-229", names[230])
}

// pagedServer answers GET /api/v2/clients with page(n) for ?page=n, and
// counts the requests.
func pagedServer(t *testing.T, opts *Options, page func(n int) string) (*unified.Provider, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, page(n))
	}))
	t.Cleanup(srv.Close)
	if opts == nil {
		opts = &Options{}
	}
	opts.MaxRetries = -1
	a, err := newAdapter(Config{Domain: srv.URL, Token: "t"}, opts)
	require.NoError(t, err)
	return driver.NewProvider(a), &hits
}

// fullPage is a page of perPage clients whose IDs begin with prefix.
func fullPage(prefix string, total string) string {
	s := `{"start":0,"limit":100,` + total + `"clients":[`
	for i := range perPage {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(`{"client_id":"%s%03d","name":"n"}`, prefix, i)
	}
	return s + "]}"
}

func TestListClientsPaging(t *testing.T) {
	endless := func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), "") }
	for _, tc := range []struct {
		name     string
		opts     *Options
		page     func(n int) string
		want     int
		requests int32
		err      string
	}{
		{"plain array, one short page", nil, func(int) string { return `[{"client_id":"a","name":"A"},{"client_id":"b"}]` }, 2, 1, ""},
		{"totals, short last page", nil, func(n int) string {
			if n == 0 {
				return fullPage("p0-", `"total":150,`)
			}
			return `{"start":100,"limit":100,"total":150,"clients":[{"client_id":"z"}]}`
		}, 101, 2, ""},
		{"total reached on a full page", nil, func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), `"total":200,`) }, 200, 2, ""},
		{"a short page ends whatever the total", nil, func(int) string {
			return `{"start":0,"limit":100,"total":9223372036854775807,"clients":[{"client_id":"a"}]}`
		}, 1, 1, ""},
		{"a negative total is no total", nil, func(int) string {
			return `{"start":0,"limit":100,"total":-5,"clients":[{"client_id":"a"}]}`
		}, 1, 1, ""},
		{"full plain arrays until an empty one", nil, func(n int) string {
			if n == 2 {
				return `[]`
			}
			return strings.TrimSuffix(strings.SplitN(fullPage(fmt.Sprintf("p%d-", n), ""), `"clients":`, 2)[1], "}")
		}, 200, 3, ""},
		{"empty", nil, func(int) string { return `{"start":0,"limit":100,"total":0,"clients":[]}` }, 0, 1, ""},
		{"an empty page claiming more", nil, func(int) string { return `{"start":0,"limit":100,"total":500,"clients":[]}` }, 0, 1,
			"paging stopped: page 1 is empty but the vendor says there is more"},
		{"an empty page claiming more after a full one", nil, func(n int) string {
			if n == 0 {
				return fullPage("p0-", `"total":500,`)
			}
			return `{"start":100,"limit":100,"total":500,"clients":[]}`
		}, 100, 2, "page 2 is empty"},
		{"a page that repeats", nil, func(int) string { return fullPage("same-", "") }, 100, 2, "page 2 repeats a page already fetched"},
		{"an older page again", nil, func(n int) string { return fullPage(fmt.Sprintf("p%d-", n%2), `"total":100000,`) }, 200, 3, "page 3 repeats"},
		{"pages without end", nil, endless, paging.DefaultMaxPages * perPage, paging.DefaultMaxPages, "more than 1000 pages, the page cap (Options.MaxPages)"},
		{"Options.MaxPages", &Options{MaxPages: 3}, endless, 3 * perPage, 3, "more than 3 pages"},
		{"Options.MaxItems", &Options{MaxItems: 250}, endless, 200, 3, "more than 250 items, the item cap (Options.MaxItems)"},
		{"not a list", nil, func(int) string { return `{"clients":"nope"}` }, 0, 1, `the HTTP 200 answer does not decode; it begins "{\"clients\":\"nope\"}"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, hits := pagedServer(t, tc.opts, tc.page)
			n, gotErr := 0, error(nil)
			for _, err := range p.ListClients(context.Background()) {
				if err != nil {
					gotErr = err
					break
				}
				n++
			}
			require.Equal(t, tc.want, n)
			require.Equal(t, tc.requests, hits.Load())
			if tc.err == "" {
				require.NoError(t, gotErr)
				return
			}
			require.ErrorContains(t, gotErr, tc.err)
			require.ErrorIs(t, gotErr, unified.ErrInternal)
			var e *unified.Error
			require.ErrorAs(t, gotErr, &e)
			require.Equal(t, unified.Auth0, e.Vendor)
			require.Equal(t, "ListClients", e.Op)
		})
	}
}

func TestNegativePagingCapsAreRefused(t *testing.T) {
	for _, opts := range []*Options{{MaxPages: -1}, {MaxItems: -1}} {
		_, err := New(Config{Domain: "acme.eu.auth0.com", Token: "t"}, opts)
		require.ErrorIs(t, err, unified.ErrInvalidArgument)
		require.ErrorContains(t, err, "Options.MaxPages and Options.MaxItems")
	}
}

// TestAnEchoedSecretIsRedacted: a list answer that does not decode and
// quotes the provider's token is quoted without it.
func TestAnEchoedSecretIsRedacted(t *testing.T) {
	const token = "echoed-token-4f2a9b7c1d"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"clients":"%s"}`, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	p, err := New(Config{Domain: srv.URL, Token: token}, &Options{MaxRetries: -1})
	require.NoError(t, err)
	for _, err := range p.ListClients(context.Background()) {
		require.ErrorContains(t, err, "does not decode")
		require.NotContains(t, err.Error(), token)
		require.NotContains(t, fmt.Sprintf("%+v", err), token)
	}
}

func TestListClientsHonoursTheContext(t *testing.T) {
	p, hits := pagedServer(t, nil, func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), "") })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n := 0
	for _, err := range p.ListClients(ctx) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 150 {
			cancel()
		}
	}
	require.ErrorIs(t, last, unified.ErrUnavailable)
	require.Equal(t, int32(2), hits.Load(), "no page is asked for after the context ends")
}

func TestRegenerateSecret(t *testing.T) {
	h := newHarness(t, nil)
	id, old := h.Server.CreateClient("legacy")
	p := h.provider(t, nil)
	c, err := p.RegenerateSecret(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, unified.KindClientSecret, c.Kind)
	require.Equal(t, secretID, c.ID)
	require.True(t, h.SecretWorks(id, c.Secret.Reveal()))
	require.False(t, h.SecretWorks(id, old), "no overlap")
	var app gen.ClientApplication
	require.True(t, c.As(&app))
	require.Equal(t, id, *app.ClientId)
	require.Nil(t, app.ClientSecret, "the vendor value holds no secret")

	keyClient, _ := h.NewClient(t)
	_, err = p.RegenerateSecret(context.Background(), keyClient)
	require.ErrorIs(t, err, unified.ErrFailedPrecondition, "a private_key_jwt client has no secret to replace")
	var e *unified.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "operation_not_supported", e.VendorCode)
}
