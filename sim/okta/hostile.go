package okta

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/credkit/credkit/sim"
)

// NewHostile returns s misbehaving in one way (see sim.Hostility): echoing
// credentials in Okta's error objects or a proxy's page, breaking the
// Link paging of refresh tokens, or sending absurd rate-limit headers.
// What the hostility leaves alone, s serves.
func NewHostile(s *Server, mode sim.Hostility) *sim.Hostile {
	return sim.NewHostile(mode, sim.HostileVendor{
		Next:      s,
		Clock:     s.clock,
		ErrorJSON: hostileError,
		IsToken:   func(r *http.Request) bool { return strings.Contains(r.URL.Path, "/oauth2/") },
		Page:      hostileTokenPage,
	})
}

// hostileError is Okta's Error object carrying message.
func hostileError(status int, message string) []byte {
	code := "E0000001"
	if status == http.StatusTooManyRequests {
		code = "E0000047"
	}
	return []byte(fmt.Sprintf(`{"errorCode":%q,"errorSummary":%s,"errorLink":%q,"errorId":"oaeHostile0000000000","errorCauses":[{"errorSummary":%s}]}`,
		code, strconv.Quote(message), code, strconv.Quote(message)))
}

// hostileTokenPage answers GET /api/v1/apps/{appId}/tokens with a page
// whose Link rel="next" loops: back to the page itself, forward forever
// (after=N), or to more empty pages.
func hostileTokenPage(w http.ResponseWriter, r *http.Request, mode sim.Hostility) bool {
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/api/v1/apps/") || !strings.HasSuffix(r.URL.Path, "/tokens") {
		return false
	}
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	size := 20
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 && l <= 200 {
		size = l
	}
	next := fmt.Sprintf("http://%s%s?after=%d&limit=%d", r.Host, r.URL.Path, after+size, size)
	switch mode {
	case sim.LoopSelf:
		next = "http://" + r.Host + r.URL.RequestURI()
	case sim.LoopEmpty:
		size = 0
		next = fmt.Sprintf("http://%s%s?after=%d", r.Host, r.URL.Path, after+1)
	}
	items := make([]string, size)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"oar%017d","status":"ACTIVE","clientId":"hostile","userId":"00u1","issuer":"http://%s/oauth2/default","scopes":["offline_access"],"created":"2024-01-01T00:00:00.000Z","lastUpdated":"2024-01-01T00:00:00.000Z","expiresAt":"2025-01-01T00:00:00.000Z"}`, after+i, r.Host)
	}
	w.Header().Set("Link", "<"+next+`>; rel="next", <http://`+r.Host+r.URL.RequestURI()+`>; rel="self"`)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte("[" + strings.Join(items, ",") + "]"))
	return true
}
