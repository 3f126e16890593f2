package ory

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/ory/internal/hydratest"
)

// listAll lists every client, or fails with the listing's error.
func listAll(t *testing.T, p *unified.Provider) ([]unified.Client, error) {
	t.Helper()
	var out []unified.Client
	for c, err := range p.ListClients(context.Background()) {
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

func TestListClientsPagesThroughHydra(t *testing.T) {
	h := newHarness(t)
	want := map[string]bool{}
	for range 5 {
		id, _ := h.NewSecretClient(t)
		want[id] = true
	}
	before := h.Requests()
	got, err := listAll(t, h.provider(t, &Options{PageSize: 2}))
	require.NoError(t, err)
	seen := map[string]int{}
	for _, c := range got {
		seen[c.ID]++
		require.Equal(t, Vendor, c.Vendor)
	}
	for id := range want {
		require.Equal(t, 1, seen[id], "client %s listed once", id)
	}
	require.Len(t, seen, len(got), "no client twice")
	pages := h.Requests() - before
	require.Equal(t, (len(got)+1)/2, pages, "one request per page of 2, following Link rel=next to the last")
}

// TestListClientsOfAnEmptyHydraEnds: Hydra links a next page even when it
// has no client (ERRATA H3); the listing ends at the empty page.
func TestListClientsOfAnEmptyHydraEnds(t *testing.T) {
	srv := hydratest.Start(t)
	p, err := New(Config{AdminURL: srv.AdminURL}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	n := 0
	for _, err := range p.ListClients(context.Background()) {
		require.NoError(t, err)
		n++
	}
	require.Zero(t, n)
}

func TestListClientsStopsAtItsCaps(t *testing.T) {
	h := newHarness(t)
	for range 3 {
		h.NewSecretClient(t)
	}
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"items", Options{PageSize: 2, MaxItems: 2}, "Options.MaxItems"},
		{"pages", Options{PageSize: 1, MaxPages: 2}, "Options.MaxPages"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := listAll(t, h.provider(t, &tt.opts))
			require.ErrorIs(t, err, unified.ErrInternal)
			require.ErrorContains(t, err, tt.want)
			require.LessOrEqual(t, len(got), 2)
		})
	}
}

// hostileLister serves pages of one client whose Link always points to
// the same page token.
func hostileLister(t *testing.T) string {
	t.Helper()
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", `</admin/clients?page_size=500&page_token=loop>; rel="next"`)
		fmt.Fprintf(w, `[{"client_id":"c%d"}]`, n)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestListClientsRefusesALoopingServer(t *testing.T) {
	p, err := newAdapter(Config{AdminURL: hostileLister(t)}, &Options{Sleep: noSleep})
	require.NoError(t, err)
	got, err := listAll(t, driver.NewProvider(p))
	require.ErrorIs(t, err, unified.ErrInternal)
	require.ErrorContains(t, err, "already fetched")
	require.Len(t, got, 2, "the first page, and the page its link points to, once")
}

func TestListClientsHonoursTheContext(t *testing.T) {
	h := newHarness(t)
	h.NewSecretClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range h.provider(t, nil).ListClients(ctx) {
		require.ErrorIs(t, err, unified.ErrUnavailable)
		require.ErrorIs(t, err, context.Canceled)
		break
	}
}

// BenchmarkListClients lists a page of two clients, Hydra's real
// answer, its Link header read to the end.
func BenchmarkListClients(b *testing.B) {
	rt := recordedAnswer(b, "clients", 4)
	rt.header.Del("Link") // one page: the loop ends
	p := benchProvider(b, rt)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range p.ListClients(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n == 0 {
			b.Fatal("no client listed")
		}
	}
}
