package okta

import (
	"net/http"
	"net/url"
	"strconv"
)

const (
	defaultTokenLimit = 20
	maxTokenLimit     = 200
)

// listTokens answers one page of the app's live refresh tokens, oldest
// first. The Link header always has rel="self" and, while more tokens
// remain, rel="next" with an opaque after cursor (the last token's id).
func (s *Server) listTokens(c *call) (*reply, *apiError) {
	a, err := s.lookupApp(c)
	if err != nil {
		return nil, err
	}
	q := c.r.URL.Query()
	limit := pageLimit(q.Get("limit"))
	page, more := a.tokenPage(q.Get("after"), limit)
	out := make([]tokenJSON, 0, len(page))
	for _, t := range page {
		out = append(out, s.tokenJSON(c, a, t, expandsScope(c.r)))
	}
	rep := jsonReply(http.StatusOK, out)
	self := c.appURL(a) + "/tokens"
	rep.header = http.Header{"Link": {pageLink(self, q, q.Get("after"), limit, "self")}}
	if more {
		rep.header.Add("Link", pageLink(self, q, page[len(page)-1].id, limit, "next"))
	}
	return rep, nil
}

// pageLimit reads limit: 20 when absent or not a number, clamped to
// 1..200 (the operation documents no 400 for it).
func pageLimit(raw string) int {
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		return defaultTokenLimit
	case n < 1:
		return 1
	case n > maxTokenLimit:
		return maxTokenLimit
	}
	return n
}

// tokenPage returns up to limit live tokens issued after the token named by
// the cursor, and whether more remain. An unknown cursor gives an empty
// page.
func (a *app) tokenPage(after string, limit int) ([]*refreshToken, bool) {
	start := 0
	if after != "" {
		start = -1
		for i, t := range a.tokens {
			if t.id == after {
				start = i + 1
			}
		}
		if start < 0 {
			return nil, false
		}
	}
	var page []*refreshToken
	for _, t := range a.tokens[start:] {
		if t.revoked {
			continue
		}
		if len(page) == limit {
			return page, true
		}
		page = append(page, t)
	}
	return page, false
}

// pageLink is one RFC 8288 link to the token list with the request's
// expand, the cursor after (if any) and the page size.
func pageLink(base string, q url.Values, after string, limit int, rel string) string {
	v := url.Values{"limit": {strconv.Itoa(limit)}}
	if after != "" {
		v.Set("after", after)
	}
	if e := q.Get("expand"); e != "" {
		v.Set("expand", e)
	}
	return "<" + base + "?" + v.Encode() + `>; rel="` + rel + `"`
}
