package auth0

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/credkit/credkit/sim"
)

// hugeNumber is 2^63−1, the largest number a hostile answer sends.
const hugeNumber = json.Number("9223372036854775807")

// NewHostile returns s misbehaving in one way (see sim.Hostility): echoing
// credentials (the client secret in the token request's form, the access
// token of the Authorization header) in Auth0's error body, a proxy's
// page or the token endpoint's OAuth error; breaking the page/per_page
// paging of GET /api/v2/clients; or sending absurd X-RateLimit-* headers,
// token lifetimes and totals. What the hostility leaves alone, s serves.
func NewHostile(s *Server, mode sim.Hostility) *sim.Hostile {
	return sim.NewHostile(mode, sim.HostileVendor{
		Next:            s,
		Clock:           s.clock,
		ErrorJSON:       hostileError,
		IsToken:         func(r *http.Request) bool { return r.URL.Path == tokenPath },
		Page:            hostileClientsPage,
		Absurd:          absurdNumbers,
		RateLimitPrefix: "X-RateLimit-",
	})
}

// hostileError is Auth0's Management API error body carrying message.
func hostileError(status int, message string) []byte {
	code := "invalid_body"
	if status == http.StatusTooManyRequests {
		code = "too_many_requests"
	}
	body, _ := json.Marshal(apiError{StatusCode: status, Error: http.StatusText(status), Message: message, ErrorCode: code})
	return body
}

// hostileClientsPage answers GET /api/v2/clients with a page of the
// include_totals shape ({start, limit, total, clients}) that never ends:
// the first page again whatever page is asked (LoopSelf), full pages of
// new clients forever (LoopAdvance), or empty pages (LoopEmpty); each
// claims a total of 2^63−1.
func hostileClientsPage(w http.ResponseWriter, r *http.Request, mode sim.Hostility) bool {
	if r.Method != http.MethodGet || r.URL.Path != clientsPath {
		return false
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	perPage := 50
	if n, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && n > 0 && n <= 100 {
		perPage = n
	}
	page = max(page, 0)
	start, size := page*perPage, perPage
	switch mode {
	case sim.LoopSelf:
		start = 0
	case sim.LoopEmpty:
		size = 0
	}
	clients := make([]map[string]any, size)
	for i := range clients {
		clients[i] = map[string]any{"client_id": fmt.Sprintf("hostile%025d", start+i), "name": "hostile"}
	}
	body, _ := json.Marshal(map[string]any{"start": start, "limit": perPage, "total": hugeNumber, "clients": clients})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(body)
	return true
}

// absurdNumbers gives a token answer an expires_in of 2^63−1 seconds and
// a page of clients a start, limit and total of 2^63−1.
func absurdNumbers(r *http.Request, body []byte) []byte {
	var v map[string]any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	switch {
	case r.URL.Path == tokenPath:
		if _, ok := v["access_token"]; !ok {
			return body
		}
		v["expires_in"] = hugeNumber
	case r.URL.Path == clientsPath && v["clients"] != nil:
		v["start"], v["limit"], v["total"] = hugeNumber, hugeNumber, hugeNumber
	default:
		return body
	}
	out, _ := json.Marshal(v)
	return out
}
