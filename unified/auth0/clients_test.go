package auth0

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
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
func pagedServer(t *testing.T, page func(n int) string) (*driver.Provider, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, page(n))
	}))
	t.Cleanup(srv.Close)
	a, err := newAdapter(Config{Domain: srv.URL, Token: "t"}, &Options{MaxRetries: -1})
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
	for _, tc := range []struct {
		name     string
		page     func(n int) string
		want     int
		requests int32
		err      string
	}{
		{"plain array, one short page", func(int) string { return `[{"client_id":"a","name":"A"},{"client_id":"b"}]` }, 2, 1, ""},
		{"totals, short last page", func(n int) string {
			if n == 0 {
				return fullPage("p0-", `"total":150,`)
			}
			return `{"start":100,"limit":100,"total":150,"clients":[{"client_id":"z"}]}`
		}, 101, 2, ""},
		{"total reached on a full page", func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), `"total":200,`) }, 200, 2, ""},
		{"empty", func(int) string { return `{"start":0,"limit":100,"total":0,"clients":[]}` }, 0, 1, ""},
		{"a page that repeats", func(int) string { return fullPage("same-", "") }, 100, 2, "page 1 repeats the page before it"},
		{"pages without end", func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), "") }, maxPages * perPage, maxPages, "more than 1000 pages"},
		{"not a list", func(int) string { return `{"clients":"nope"}` }, 0, 1, `the HTTP 200 answer does not decode; it begins "{\"clients\":\"nope\"}"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, hits := pagedServer(t, tc.page)
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
		})
	}
}

func TestListClientsHonoursTheContext(t *testing.T) {
	p, hits := pagedServer(t, func(n int) string { return fullPage(fmt.Sprintf("p%d-", n), "") })
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
	require.Equal(t, "operation_not_supported", err.(*unified.Error).VendorCode)
}
