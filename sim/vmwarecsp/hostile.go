package vmwarecsp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/credkit/credkit/sim"
)

// NewHostile returns s misbehaving in one way (see sim.Hostility): echoing
// credentials (the API token, the Basic header of a client-credentials
// grant, the access token) in CSP's error answers, a proxy's page or the
// token endpoint's OAuth error; breaking the nextLink paging of OAuth
// apps; or sending absurd rate-limit headers, token lifetimes and
// createdAt times. What the hostility leaves alone, s serves.
func NewHostile(s *Server, mode sim.Hostility) *sim.Hostile {
	return sim.NewHostile(mode, sim.HostileVendor{
		Next:      s,
		Clock:     s.clock,
		ErrorJSON: hostileError,
		IsToken:   func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, apiBase+"/auth/") },
		Page:      hostileAppsPage,
		Absurd:    absurdNumbers,
	})
}

// hostileError is CSP's error answer carrying message.
func hostileError(status int, message string) []byte {
	body, _ := json.Marshal(map[string]any{"statusCode": status, "errorCode": "invalid_request", "message": message, "requestId": "hostile", "moduleCode": 0, "cspErrorCode": ""})
	return body
}

// hostileAppsPage answers GET …/orgs/{orgId}/oauth-apps with a page whose
// nextLink loops: back to its own pageStart, forward forever, or to more
// empty pages.
func hostileAppsPage(w http.ResponseWriter, r *http.Request, mode sim.Hostility) bool {
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/oauth-apps") {
		return false
	}
	start, _ := strconv.Atoi(r.URL.Query().Get("pageStart"))
	limit := 100
	if l, err := strconv.Atoi(r.URL.Query().Get("pageLimit")); err == nil && l > 0 && l <= 100 {
		limit = l
	}
	next := start + limit
	switch mode {
	case sim.LoopSelf:
		next = start
	case sim.LoopEmpty:
		limit, next = 0, start+1
	}
	results := make([]map[string]any, limit)
	for i := range results {
		results[i] = map[string]any{"id": fmt.Sprintf("hostile-app-%09d", start+i), "displayName": "hostile", "createdAt": 1700000000000}
	}
	body, _ := json.Marshal(map[string]any{
		"results": results, "totalResults": 9223372036854775807,
		"nextLink": fmt.Sprintf("%s?pageStart=%d&pageLimit=%d", r.URL.Path, next, limit),
	})
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
	return true
}

// absurdNumbers gives token answers an expires_in of 2^63−1 seconds and
// apps a createdAt of 2^63−1 milliseconds.
func absurdNumbers(r *http.Request, body []byte) []byte {
	var v map[string]any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	huge := json.Number("9223372036854775807")
	if _, ok := v["access_token"]; ok {
		v["expires_in"] = huge
	}
	if results, ok := v["results"].([]any); ok {
		for _, app := range results {
			if m, ok := app.(map[string]any); ok {
				m["createdAt"] = huge
			}
		}
		v["totalResults"] = huge
	}
	if _, ok := v["createdAt"]; ok {
		v["createdAt"] = huge
	}
	out, _ := json.Marshal(v)
	return out
}
