package auth0

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// clientFields are the client properties fields= may name: those the
// simulator answers.
var clientFields = []string{
	"app_type", "callbacks", "client_aliases", "client_authentication_methods", "client_id", "client_metadata",
	"client_secret", "description", "grant_types", "is_first_party", "jwt_configuration", "name", "oidc_conformant",
	"organization_usage", "tenant", "token_endpoint_auth_method",
}

// projection is a parsed fields/include_fields pair.
type projection struct {
	fields  []string
	include bool
}

// parseProjection reads fields and include_fields (true by default).
func parseProjection(q url.Values) (projection, string) {
	p := projection{include: true}
	if v := q.Get("include_fields"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, "include_fields must be true or false"
		}
		p.include = b
	}
	if v := q.Get("fields"); v != "" {
		for _, f := range strings.Split(v, ",") {
			if !slices.Contains(clientFields, f) {
				return p, "fields names an unknown property: " + f
			}
			p.fields = append(p.fields, f)
		}
	}
	return p, ""
}

// apply keeps (or drops) the named members of a rendered client.
func (p projection) apply(v any) map[string]any {
	var m map[string]any
	data, _ := json.Marshal(v)
	_ = json.Unmarshal(data, &m)
	if len(p.fields) == 0 {
		return m
	}
	for k := range m {
		if slices.Contains(p.fields, k) != p.include {
			delete(m, k)
		}
	}
	return m
}

// listQuery is the parsed query of getClients.
type listQuery struct {
	projection
	page, perPage int
	totals        bool
	checkpoint    bool   // from or take given
	from          string // a client ID: the first of the page
	take          int
	firstParty    *bool
	appTypes      []string
}

// parseListQuery reads and range-checks getClients' parameters; the
// string says what is wrong.
func parseListQuery(q url.Values) (listQuery, string) {
	lq := listQuery{perPage: 50, take: 50}
	var problem string
	if lq.projection, problem = parseProjection(q); problem != "" {
		return lq, problem
	}
	ints := []struct {
		name     string
		dst      *int
		min, max int
	}{{"page", &lq.page, 0, 1 << 20}, {"per_page", &lq.perPage, 0, 100}, {"take", &lq.take, 1, 100}}
	for _, p := range ints {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min || n > p.max {
				return lq, p.name + " must be an integer from " + strconv.Itoa(p.min) + " to " + strconv.Itoa(p.max)
			}
			*p.dst = n
		}
	}
	if v := q.Get("include_totals"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return lq, "include_totals must be true or false"
		}
		lq.totals = b
	}
	if v := q.Get("is_first_party"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return lq, "is_first_party must be true or false"
		}
		lq.firstParty = &b
	}
	if v := q.Get("app_type"); v != "" {
		lq.appTypes = strings.Split(v, ",")
	}
	lq.checkpoint = q.Has("from") || q.Has("take")
	lq.from = q.Get("from")
	if lq.checkpoint && (q.Has("page") || q.Has("per_page") || q.Has("include_totals")) {
		return lq, "from and take cannot be combined with page, per_page or include_totals"
	}
	return lq, ""
}

// keep reports whether a client passes the list's filters.
func (lq listQuery) keep(c *client) bool {
	if lq.firstParty != nil && c.firstParty != *lq.firstParty {
		return false
	}
	if len(lq.appTypes) > 0 && (c.appType == nil || !slices.Contains(lq.appTypes, string(*c.appType))) {
		return false
	}
	return true
}

// pageBounds returns the slice [start, end) of n items that page number
// page of size per holds.
func pageBounds(n, page, per int) (int, int) {
	start := min(page*per, n)
	return start, min(start+per, n)
}
