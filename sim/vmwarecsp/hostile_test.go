package vmwarecsp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestHostileAppsPages(t *testing.T) {
	s := New(nil)
	path := apiBase + "/orgs/" + s.OrgID() + "/oauth-apps"
	cases := []struct {
		mode     sim.Hostility
		query    string
		results  int
		nextLink string
	}{
		{sim.LoopSelf, "?pageStart=200&pageLimit=50", 50, path + "?pageStart=200&pageLimit=50"},
		{sim.LoopAdvance, "?pageStart=200&pageLimit=50", 50, path + "?pageStart=250&pageLimit=50"},
		{sim.LoopEmpty, "?pageStart=7", 0, path + "?pageStart=8&pageLimit=0"},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			rec := httptest.NewRecorder()
			NewHostile(s, c.mode).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+c.query, nil))
			require.Equal(t, http.StatusOK, rec.Code)
			var page struct {
				Results  []map[string]any `json:"results"`
				NextLink string           `json:"nextLink"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
			require.Len(t, page.Results, c.results)
			require.Equal(t, c.nextLink, page.NextLink)
		})
	}
}

func TestHostileAbsurdNumbers(t *testing.T) {
	out := absurdNumbers(httptest.NewRequest(http.MethodGet, "/", nil), []byte(`{"access_token":"a","expires_in":1799,"results":[{"id":"x","createdAt":1}]}`))
	require.JSONEq(t, `{"access_token":"a","expires_in":9223372036854775807,"results":[{"id":"x","createdAt":9223372036854775807}],"totalResults":9223372036854775807}`, string(out))
}
