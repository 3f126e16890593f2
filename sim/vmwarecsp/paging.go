package vmwarecsp

import (
	"fmt"
	"net/url"
	"strconv"
)

// pageQuery is the paging and search part of a list request.
type pageQuery struct {
	start, limit int
	term         string
}

// parsePageQuery reads pageStart (an offset, default 0), pageLimit (default
// 20, capped at max) and searchTerm. A value that is not an integer, a
// negative pageStart and a pageLimit below 1 are 400s.
func parsePageQuery(q url.Values, max int) (pageQuery, *cspError) {
	p := pageQuery{start: 0, limit: min(defaultPageLimit, max), term: q.Get("searchTerm")}
	if v := q.Get("pageStart"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return p, invalid("pageStart must be an integer of at least 0")
		}
		p.start = int(n)
	}
	if v := q.Get("pageLimit"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 1 {
			return p, invalid("pageLimit must be an integer of at least 1")
		}
		p.limit = min(int(n), max)
	}
	return p, nil
}

// page is one page of a list: the slice [from, to) of the results and the
// links to its neighbours (nil when there is none).
type page struct {
	from, to   int
	next, prev *string
}

// paginate cuts total results into the page q asks for; links are path and
// query relative to the host, keeping the search term.
func paginate(total int, q pageQuery, path string) page {
	from := min(q.start, total)
	pg := page{from: from, to: min(from+q.limit, total)}
	link := func(start int) *string {
		s := fmt.Sprintf("%s?pageStart=%d&pageLimit=%d", path, start, q.limit)
		if q.term != "" {
			s += "&searchTerm=" + url.QueryEscape(q.term)
		}
		return &s
	}
	if pg.to < total {
		pg.next = link(pg.to)
	}
	if q.start > 0 {
		pg.prev = link(max(q.start-q.limit, 0))
	}
	return pg
}
