package orytest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// A real server's IDs, secrets, times and tokens differ on every run, so
// two recordings of one scenario are compared by what must not change:
// each interaction's method, path (IDs as {id}), query names, status, and
// the shape of its request and response bodies (JSON members and their
// types, not their values).

// uuid matches Hydra's client IDs.
var uuid = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// Shape is the shape of every interaction of a cassette, one line each.
func Shape(c *cassette.Cassette) []string {
	out := make([]string, 0, len(c.Interactions))
	for _, i := range c.Interactions {
		out = append(out, interactionShape(i))
	}
	return out
}

// ShapeOf loads the cassette at path (without ".yaml") and returns its
// shape.
func ShapeOf(path string) ([]string, error) {
	c, err := cassette.Load(path)
	if err != nil {
		return nil, err
	}
	return Shape(c), nil
}

func interactionShape(i *cassette.Interaction) string {
	path, query := i.Request.URL, ""
	if u, err := url.Parse(i.Request.URL); err == nil {
		path = u.Path
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range u.Query() {
				if !yield(k) {
					return
				}
			}
		})
		query = strings.Join(names, "&")
	}
	return fmt.Sprintf("%s %s ?%s -> %d | request %s | response %s", i.Request.Method, uuid.ReplaceAllString(path, "{id}"), query,
		i.Response.Code, bodyShape(i.Request.Body), bodyShape(i.Response.Body))
}

// bodyShape is the shape of a JSON body, "form" for a form, "-" for none.
func bodyShape(body string) string {
	if strings.TrimSpace(body) == "" {
		return "-"
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		if _, err := url.ParseQuery(body); err == nil {
			return "form"
		}
		return "text"
	}
	return valueShape(v)
}

// valueShape is a JSON value's shape: an object's members sorted, an
// array's distinct element shapes sorted, a scalar's type.
func valueShape(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for n, k := range keys {
			parts[n] = k + ":" + valueShape(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		seen := map[string]bool{}
		for _, e := range v {
			seen[valueShape(e)] = true
		}
		return "[" + strings.Join(slices.Sorted(func(yield func(string) bool) {
			for s := range seen {
				if !yield(s) {
					return
				}
			}
		}), "|") + "]"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
