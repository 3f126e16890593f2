package vmwarecsp

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

// listRequests returns the list requests sent so far.
func (h *harness) listRequests() []string {
	var out []string
	for _, r := range h.wire.seen() {
		if r[:len("GET ")] == "GET " {
			out = append(out, r[len("GET "+appsPath+h.Server.OrgID()+"/oauth-apps"):])
		}
	}
	return out
}

func TestListClients(t *testing.T) {
	cases := []struct {
		name  string
		apps  int
		pages []string
	}{
		{"no apps", 0, []string{"?pageStart=0&pageLimit=100"}},
		{"one page", 3, []string{"?pageStart=0&pageLimit=100"}},
		{"several pages, the simulator capping pageLimit at 3", 10, []string{
			"?pageStart=0&pageLimit=100", "?pageStart=3&pageLimit=100", "?pageStart=6&pageLimit=100", "?pageStart=9&pageLimit=100"}},
		{"a last page that is full", 9, []string{"?pageStart=0&pageLimit=100", "?pageStart=3&pageLimit=100", "?pageStart=6&pageLimit=100"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, &cspsim.Options{PageLimitMax: 3})
			var want []unified.Client
			for i := range c.apps {
				id, _ := h.Server.CreateApp(fmt.Sprintf("app %d", i))
				want = append(want, unified.Client{Vendor: unified.VMwareCSP, ID: id, Name: fmt.Sprintf("app %d", i), Created: sim.Epoch})
			}
			var got []unified.Client
			for client, err := range h.p.ListClients(h.ctx) {
				require.NoError(t, err)
				got = append(got, client)
			}
			require.Equal(t, want, got)
			require.Equal(t, c.pages, h.listRequests(), "pageStart comes from each nextLink")
		})
	}
}

func TestListClientsStopsAtTheFirstError(t *testing.T) {
	h := newHarness(t, &cspsim.Options{PageLimitMax: 3})
	for i := range 7 {
		h.Server.CreateApp(fmt.Sprintf("app %d", i))
	}
	p := h.provider(h.config(), &Options{MaxRetries: 1})
	var got []unified.Client
	var errs []error
	for client, err := range p.ListClients(h.ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, client)
		if len(got) == 1 {
			// The first page is in; the second fails past the retry.
			h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet}, sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet})
		}
	}
	require.Len(t, got, 3)
	require.Len(t, errs, 1)
	e := requireCode(t, errs[0], unified.Internal, "ListClients")
	require.Equal(t, "internal_error", e.VendorCode)
	require.Equal(t, []string{"?pageStart=0&pageLimit=100", "?pageStart=3&pageLimit=100", "?pageStart=3&pageLimit=100"}, h.listRequests())
}

func TestListClientsStopsWhenTheCallerDoes(t *testing.T) {
	h := newHarness(t, &cspsim.Options{PageLimitMax: 3})
	for i := range 7 {
		h.Server.CreateApp(fmt.Sprintf("app %d", i))
	}
	for _, err := range h.p.ListClients(h.ctx) {
		require.NoError(t, err)
		break
	}
	require.Len(t, h.listRequests(), 1, "no page is read that the caller does not want")
}

func TestNextPageStart(t *testing.T) {
	link := func(s string) *string { return &s }
	cases := []struct {
		name    string
		link    *string
		start   int32
		got     int
		next    int32
		more    bool
		problem string
	}{
		{"no link: the last page", nil, 0, 20, 0, false, ""},
		{"an empty link: the last page", link(""), 0, 20, 0, false, ""},
		{"CSP's example", link("/csp/serviceName/ResourceName?pageStart=60&pageLimit=15"), 45, 15, 60, true, ""},
		{"an absolute link: only pageStart is used", link("https://elsewhere.example/x?pageStart=20"), 0, 20, 20, true, ""},
		{"no pageStart: advance by the page", link("/csp/gateway/am/api/orgs/o/oauth-apps?cursor=abc"), 40, 20, 60, true, ""},
		{"pageStart not a number", link("/x?pageStart=ten"), 0, 20, 0, false, "not a number"},
		{"a link back to the same page", link("/x?pageStart=40"), 40, 20, 0, false, "does not move past"},
		{"a link backwards", link("/x?pageStart=0"), 40, 20, 0, false, "does not move past"},
		{"an empty page without pageStart", link("/x"), 40, 0, 0, false, "does not move past"},
		{"beyond int32", link("/x?pageStart=2147483648"), 0, 20, 0, false, "not a number"},
		{"not a URL", link("%zz"), 0, 20, 0, false, "not a URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			next, more, err := nextPageStart(c.link, c.start, c.got)
			if c.problem != "" {
				e := requireDriverCode(t, err, unified.Internal)
				require.Contains(t, e.Message, c.problem)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.more, more)
			require.Equal(t, c.next, next)
		})
	}
}

func FuzzNextPageStart(f *testing.F) {
	f.Add("/csp/gateway/am/api/orgs/o/oauth-apps?pageStart=60&pageLimit=15", int32(45), 15)
	f.Add("?pageStart=-1", int32(0), 0)
	f.Fuzz(func(t *testing.T, link string, start int32, got int) {
		if start < 0 || got < 0 {
			return
		}
		next, more, err := nextPageStart(&link, start, got)
		if err == nil && more {
			require.Greater(t, next, start, "paging always moves forward")
		}
	})
}
