package sailpoint

import (
	"encoding/json"
	"net/http"

	"github.com/credkit/credkit/sim"
)

// NewHostile returns s misbehaving in one way (see sim.Hostility): echoing
// credentials in SailPoint's error answers, a proxy's page or the token
// endpoint's OAuth error, or sending absurd rate-limit headers and token
// lifetimes. SailPoint does not page its OAuth clients, so the loop
// hostilities change nothing. What the hostility leaves alone, s serves.
func NewHostile(s *Server, mode sim.Hostility) *sim.Hostile {
	return sim.NewHostile(mode, sim.HostileVendor{
		Next:      s,
		Clock:     s.clock,
		ErrorJSON: hostileError,
		IsToken:   func(r *http.Request) bool { return r.URL.Path == tokenPath },
		Page:      func(http.ResponseWriter, *http.Request, sim.Hostility) bool { return false },
		Absurd:    absurdToken,
	})
}

// hostileError is SailPoint's ErrorResponseDto carrying message.
func hostileError(status int, message string) []byte {
	body, _ := json.Marshal(errorResponse{DetailCode: http.StatusText(status), TrackingID: "hostile", Messages: []errorMessage{{Locale: "en-US", LocaleOrigin: "DEFAULT", Text: message}}})
	return body
}

// absurdToken gives a token answer an expires_in of 2^63−1 seconds.
func absurdToken(r *http.Request, body []byte) []byte {
	if r.URL.Path != tokenPath {
		return body
	}
	var tok map[string]any
	if json.Unmarshal(body, &tok) != nil {
		return body
	}
	tok["expires_in"] = json.Number("9223372036854775807")
	out, _ := json.Marshal(tok)
	return out
}
