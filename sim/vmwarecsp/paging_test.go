package vmwarecsp

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParsePageQuery(t *testing.T) {
	tests := []struct {
		query string
		max   int
		want  pageQuery
		bad   bool
	}{
		{"", 100, pageQuery{start: 0, limit: 20}, false},
		{"", 10, pageQuery{start: 0, limit: 10}, false},
		{"pageStart=5&pageLimit=7&searchTerm=Pay", 100, pageQuery{start: 5, limit: 7, term: "Pay"}, false},
		{"pageLimit=&pageStart=", 100, pageQuery{start: 0, limit: 20}, false}, // as arabassa/VMC-Go-Client sends
		{"pageLimit=500", 100, pageQuery{start: 0, limit: 100}, false},
		{"pageStart=-1", 100, pageQuery{}, true},
		{"pageLimit=0", 100, pageQuery{}, true},
		{"pageStart=one", 100, pageQuery{}, true},
		{"pageLimit=3000000000", 100, pageQuery{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			got, cerr := parsePageQuery(q, tt.max)
			if tt.bad {
				require.NotNil(t, cerr)
				require.Equal(t, 400, cerr.status)
				return
			}
			require.Nil(t, cerr)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestPaginate(t *testing.T) {
	const path = "/p"
	link := func(s string) *string { return &s }
	tests := []struct {
		name  string
		total int
		q     pageQuery
		want  page
	}{
		{"empty", 0, pageQuery{limit: 20}, page{}},
		{"one page", 5, pageQuery{limit: 20}, page{to: 5}},
		{"first of three", 45, pageQuery{limit: 20}, page{to: 20, next: link("/p?pageStart=20&pageLimit=20")}},
		{"middle", 45, pageQuery{start: 20, limit: 20}, page{from: 20, to: 40, next: link("/p?pageStart=40&pageLimit=20"), prev: link("/p?pageStart=0&pageLimit=20")}},
		{"last", 45, pageQuery{start: 40, limit: 20}, page{from: 40, to: 45, prev: link("/p?pageStart=20&pageLimit=20")}},
		{"odd offset", 45, pageQuery{start: 5, limit: 20}, page{from: 5, to: 25, next: link("/p?pageStart=25&pageLimit=20"), prev: link("/p?pageStart=0&pageLimit=20")}},
		{"beyond the end", 3, pageQuery{start: 10, limit: 2}, page{from: 3, to: 3, prev: link("/p?pageStart=8&pageLimit=2")}},
		{"search term kept", 3, pageQuery{limit: 1, term: "a b&c"}, page{to: 1, next: link("/p?pageStart=1&pageLimit=1&searchTerm=a+b%26c")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, paginate(tt.total, tt.q, path))
		})
	}
}
