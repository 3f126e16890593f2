package auth0

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseListQuery(t *testing.T) {
	tests := []struct {
		query, problem string
	}{
		{"", ""},
		{"page=2&per_page=100&include_totals=true", ""},
		{"take=1&from=abc", ""},
		{"fields=client_id,name&include_fields=false", ""},
		{"is_first_party=true&app_type=spa,native", ""},
		{"per_page=101", "per_page must be an integer from 0 to 100"},
		{"page=-1", "page must be an integer from 0 to 1048576"},
		{"page=x", "page must be an integer from 0 to 1048576"},
		{"take=0", "take must be an integer from 1 to 100"},
		{"include_totals=yes", "include_totals must be true or false"},
		{"include_fields=1x", "include_fields must be true or false"},
		{"is_first_party=maybe", "is_first_party must be true or false"},
		{"fields=client_id,colour", "fields names an unknown property: colour"},
		{"take=5&page=1", "from and take cannot be combined with page, per_page or include_totals"},
	}
	for _, tt := range tests {
		q, err := url.ParseQuery(tt.query)
		require.NoError(t, err)
		_, problem := parseListQuery(q)
		require.Equal(t, tt.problem, problem, tt.query)
	}
}

func TestPageBounds(t *testing.T) {
	tests := []struct{ n, page, per, start, end int }{
		{5, 0, 2, 0, 2}, {5, 2, 2, 4, 5}, {5, 3, 2, 5, 5}, {0, 0, 50, 0, 0}, {5, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		start, end := pageBounds(tt.n, tt.page, tt.per)
		require.Equal(t, []int{tt.start, tt.end}, []int{start, end}, "%+v", tt)
	}
}

// TestListClientsPaging walks the list every way it pages and requires
// every client exactly once.
func TestListClientsPaging(t *testing.T) {
	h := newHarness(t, nil)
	for i := range 4 {
		h.createClient(createBody(fmt.Sprint(i)))
	}
	adminID, _ := h.sim.AdminCredentials()
	type page struct {
		Total   *int             `json:"total"`
		Next    *string          `json:"next"`
		Clients []map[string]any `json:"clients"`
	}
	var offset []string
	for p := 0; ; p++ {
		_, body := h.do(http.MethodGet, fmt.Sprintf("%s?include_totals=true&per_page=2&page=%d&fields=client_id", clientsPath, p), "")
		var pg page
		require.NoError(t, json.Unmarshal([]byte(body), &pg))
		require.Equal(t, 5, *pg.Total)
		if len(pg.Clients) == 0 {
			break
		}
		for _, c := range pg.Clients {
			require.Len(t, c, 1, "fields keeps client_id alone")
			offset = append(offset, c["client_id"].(string))
		}
	}
	var checkpoint []string
	from := ""
	for range 10 {
		_, body := h.do(http.MethodGet, clientsPath+"?take=2&from="+from, "")
		var pg page
		require.NoError(t, json.Unmarshal([]byte(body), &pg))
		for _, c := range pg.Clients {
			checkpoint = append(checkpoint, c["client_id"].(string))
		}
		if pg.Next == nil {
			break
		}
		from = *pg.Next
	}
	require.Len(t, offset, 5)
	require.Equal(t, offset, checkpoint)
	require.Equal(t, adminID, offset[0], "creation order")
	status, body := h.do(http.MethodGet, clientsPath+"?take=2&from=unknown", "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_query_string", errorCode(t, []byte(body)))
	_, body = h.do(http.MethodGet, clientsPath+"?app_type=non_interactive", "")
	var plain []map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &plain))
	require.Len(t, plain, 1, "only the admin client is non_interactive")
	_, body = h.do(http.MethodGet, clientsPath+"?is_first_party=false", "")
	require.JSONEq(t, `[]`, body)
}

func TestProjection(t *testing.T) {
	v := map[string]any{"client_id": "c", "name": "n", "client_secret": "s"}
	require.Equal(t, map[string]any{"client_id": "c", "name": "n", "client_secret": "s"}, projection{include: true}.apply(v))
	require.Equal(t, map[string]any{"name": "n"}, projection{fields: []string{"name"}, include: true}.apply(v))
	require.Equal(t, map[string]any{"client_id": "c", "name": "n"}, projection{fields: []string{"client_secret"}, include: false}.apply(v))
}
