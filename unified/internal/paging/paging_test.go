package paging

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// page is one answer of a scripted server: n items and a cursor to the
// next page ("" on the last).
type page struct {
	n    int
	next string
}

// walk follows pages (the last one repeated forever) as an adapter does,
// and returns the pages fetched, the items yielded and the error.
func walk(ctx context.Context, limits Limits, pages func(i int) page) (fetched, items int, err error) {
	w := New(unified.Vendor("okta"), "ListRefreshTokens", limits, "first")
	for i := 0; ; i++ {
		p := pages(i)
		fetched++
		if err := w.Page(ctx, p.n); err != nil {
			return fetched, items, err
		}
		items += p.n
		if err := w.Next(ctx, p.next, p.n, p.next != ""); err != nil || p.next == "" {
			return fetched, items, err
		}
	}
}

func TestWalkerStopsEveryEndlessListing(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name      string
		ctx       context.Context
		limits    Limits
		pages     func(i int) page
		code      unified.Code
		fetched   int
		message   string
		wantItems int
	}{
		{"finite", context.Background(), Limits{}, func(i int) page {
			if i == 2 {
				return page{n: 3}
			}
			return page{n: 3, next: fmt.Sprint("c", i)}
		}, 0, 3, "", 9},
		{"self link", context.Background(), Limits{}, func(int) page { return page{n: 2, next: "first"} }, unified.Internal, 1, "already fetched", 2},
		{"loop back past the inline cursors", context.Background(), Limits{}, func(i int) page {
			if i == 9 {
				return page{n: 1, next: "c2"}
			}
			return page{n: 1, next: fmt.Sprint("c", i)}
		}, unified.Internal, 10, "already fetched", 10},
		{"two-page loop", context.Background(), Limits{}, func(i int) page { return page{n: 2, next: fmt.Sprint("c", i%2)} }, unified.Internal, 3, "already fetched", 6},
		{"empty page claiming more", context.Background(), Limits{}, func(i int) page { return page{n: 0, next: fmt.Sprint("c", i)} }, unified.Internal, 1, "empty", 0},
		{"advancing forever: page cap", context.Background(), Limits{MaxPages: 50}, func(i int) page { return page{n: 1, next: fmt.Sprint("c", i)} }, unified.Internal, 50, "more than 50 pages", 50},
		{"advancing forever: default page cap", context.Background(), Limits{}, func(i int) page { return page{n: 1, next: fmt.Sprint("c", i)} }, unified.Internal, DefaultMaxPages, "Options.MaxPages", DefaultMaxPages},
		{"advancing forever: item cap", context.Background(), Limits{MaxItems: 250}, func(i int) page { return page{n: 100, next: fmt.Sprint("c", i)} }, unified.Internal, 3, "more than 250 items", 200},
		{"one huge page", context.Background(), Limits{MaxItems: 10}, func(int) page { return page{n: 11} }, unified.Internal, 1, "Options.MaxItems", 0},
		{"negative count", context.Background(), Limits{}, func(int) page { return page{n: -1} }, unified.Internal, 1, "item cap", 0},
		{"context ended", canceled, Limits{}, func(i int) page { return page{n: 1, next: fmt.Sprint("c", i)} }, unified.Unavailable, 1, "context canceled", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fetched, items, err := walk(c.ctx, c.limits, c.pages)
			require.Equal(t, c.fetched, fetched, "pages fetched")
			require.Equal(t, c.wantItems, items, "items yielded")
			if c.code == 0 {
				require.NoError(t, err)
				return
			}
			var e *unified.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, c.code, e.Code)
			require.Equal(t, "ListRefreshTokens", e.Op)
			require.Equal(t, unified.Vendor("okta"), e.Vendor)
			require.Contains(t, e.Error(), c.message)
		})
	}
}

func TestSawMarksTheFetchedAddress(t *testing.T) {
	w := New(unified.Vendor("vmwarecsp"), "ListClients", Limits{}, "")
	w.Saw("/page?start=0")
	require.NoError(t, w.Page(context.Background(), 1))
	err := w.Next(context.Background(), "/page?start=0", 1, true)
	require.ErrorContains(t, err, "already fetched")
}

func TestSawURLIsSawOfTheRequestURI(t *testing.T) {
	for _, raw := range []string{
		"https://o.example/api/v1/apps/0oa1/tokens",
		"https://o.example/api/v1/apps/0oa1/tokens?expand=scope&limit=20",
		"https://o.example/api/v1/apps/0oa1/tokens?",
		"https://o.example",
		"https://o.example/",
		"https://o.example/a%2Fb/c?after=x%20y",
		"https://o.example/caf%C3%A9?q=1",
		"https://o.example/a b?q",
		"mailto:ops@example.com",
		"https:opaque/path?x=1",
		"/relative/only?after=oar2",
	} {
		t.Run(raw, func(t *testing.T) {
			u, err := url.Parse(raw)
			require.NoError(t, err)
			w := New(unified.Vendor("okta"), "ListRefreshTokens", Limits{}, "")
			w.SawURL(u)
			require.NoError(t, w.Page(context.Background(), 1))
			err = w.Next(context.Background(), u.RequestURI(), 1, true)
			require.ErrorContains(t, err, "already fetched", "SawURL marks what RequestURI reads")
			w = New(unified.Vendor("okta"), "ListRefreshTokens", Limits{}, "")
			w.SawURL(u)
			require.NoError(t, w.Page(context.Background(), 1))
			require.NoError(t, w.Next(context.Background(), u.RequestURI()+"&other", 1, true), "and nothing else")
		})
	}
}

func TestAOnePageWalkAllocatesNothing(t *testing.T) {
	ctx := context.Background()
	u, err := url.Parse("https://o.example/api/v1/apps/0oa1abcdefghijklmnop/tokens?expand=scope&limit=200")
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		w := New(unified.Vendor("okta"), "ListRefreshTokens", Limits{}, "")
		w.Saw("/api/v1/apps/0oa1abcdefghijklmnop/tokens?expand=scope&limit=200")
		w.SawURL(u)
		if w.Page(ctx, 3) != nil || w.Next(ctx, "", 3, false) != nil {
			t.Fail()
		}
	})
	require.Zero(t, allocs)
}

func TestCheckRefusesNegativeLimits(t *testing.T) {
	require.NoError(t, Limits{}.Check(unified.Vendor("okta"), "New"))
	for _, l := range []Limits{{MaxPages: -1}, {MaxItems: -1}} {
		err := l.Check(unified.Vendor("okta"), "New")
		require.Equal(t, unified.InvalidArgument, unified.CodeOf(err))
		require.ErrorContains(t, err, "Options.MaxPages")
	}
}

func TestRepeatsRefusesAPageSentAgain(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name    string
		ctx     context.Context
		pages   [][]string
		refused int // index of the page refused; -1: none
		code    unified.Code
		message string
	}{
		{"distinct pages", context.Background(), [][]string{{"a", "b"}, {"c", "d"}, {"e"}}, -1, 0, ""},
		{"the same page again", context.Background(), [][]string{{"a", "b"}, {"a", "b"}}, 1, unified.Internal, "page 2 repeats a page already fetched"},
		{"an older page again", context.Background(), [][]string{{"a", "b"}, {"c", "d"}, {"a", "b"}}, 2, unified.Internal, "page 3 repeats"},
		{"shifted by one is no repeat", context.Background(), [][]string{{"a", "b"}, {"b", "c"}}, -1, 0, ""},
		{"IDs do not run together", context.Background(), [][]string{{"ab", "c"}, {"a", "bc"}}, -1, 0, ""},
		{"empty pages are left to Next", context.Background(), [][]string{{}, {}}, -1, 0, ""},
		{"context ended", canceled, [][]string{{"a"}}, 0, unified.Unavailable, "context canceled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := New(unified.Vendor("auth0"), "ListClients", Limits{}, "0")
			refused := -1
			var err error
			for i, ids := range c.pages {
				require.NoError(t, w.Page(context.Background(), len(ids)))
				if err = w.Repeats(c.ctx, ids); err != nil {
					refused = i
					break
				}
			}
			require.Equal(t, c.refused, refused)
			if c.code == 0 {
				require.NoError(t, err)
				return
			}
			var e *unified.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, c.code, e.Code)
			require.Equal(t, unified.Vendor("auth0"), e.Vendor)
			require.Equal(t, "ListClients", e.Op)
			require.ErrorContains(t, err, c.message)
		})
	}
}
