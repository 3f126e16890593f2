package okta_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

// drive runs a fixed conversation against a new simulator seeded with seed
// and returns every answer, headers included, as text.
func drive(t *testing.T, seed uint64) string {
	t.Helper()
	clock := sim.NewManualClock(sim.Epoch)
	s := oktasim.New(&oktasim.Options{
		Seed: seed, Clock: clock,
		RateLimit: sim.RateLimit{Limit: 100, Window: time.Minute},
	})
	app := s.CreateApp("determinism", "")
	other := s.CreateApp("other", oktasim.AuthPrivateKeyJWT)
	s.IssueRefreshToken(app, "00uuser", []string{"offline_access"})
	s.IssueRefreshToken(app, "00uuser", []string{"openid"})
	var out strings.Builder
	var last, kid string // the last id and kid answered
	send := func(method, path, contentType, accept, body string) {
		path = strings.NewReplacer("{last}", last, "{kid}", kid).Replace(path)
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "SSWS "+oktasim.DefaultAPIToken)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		fmt.Fprintf(&out, "%s %s -> %d\n%s\n%s\n\n", method, path, rec.Code, dumpHeader(rec.Header()), rec.Body.String())
		last, kid = field(rec.Body.String(), "id", last), field(rec.Body.String(), "kid", kid)
		clock.Advance(time.Second)
	}
	base := "/api/v1/apps/" + app
	send("POST", base+"/credentials/secrets", "application/json", "", "{}")
	send("POST", base+"/credentials/secrets/{last}/lifecycle/deactivate", "", "", "")
	send("GET", base+"/credentials/secrets", "", "", "")
	send("POST", base+"/credentials/jwks", "application/json", "", rsaJWK("k1", "sig", "ACTIVE", 2048))
	send("POST", base+"/credentials/jwks", "application/json", "", ecJWK("k2"))
	send("GET", base+"/credentials/jwks", "", "", "")
	send("POST", base+"/credentials/keys/generate?validityYears=3", "", "", "")
	send("POST", base+"/credentials/keys/{kid}/clone?targetAid="+other, "", "", "")
	send("POST", base+"/credentials/csrs", "application/json", "application/pkcs10", `{"subject":{"commonName":"x"}}`)
	send("POST", base+"/credentials/csrs", "application/json", "", `{"subject":{"commonName":"y"}}`)
	send("GET", base+"/credentials/csrs", "", "", "")
	send("GET", base+"/tokens?limit=1&expand=scope", "", "", "")
	send("DELETE", base+"/tokens", "", "", "")
	send("GET", base+"/credentials/secrets/ocsNope", "", "", "")
	return out.String()
}

// field is the first string value of name in a JSON text, or old.
func field(body, name, old string) string {
	_, rest, ok := strings.Cut(body, `"`+name+`":"`)
	if !ok {
		return old
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

func dumpHeader(h http.Header) string {
	var lines []string
	for name, values := range h {
		lines = append(lines, name+": "+strings.Join(values, ", "))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func TestSameSeedSameBytes(t *testing.T) {
	first := drive(t, 42)
	require.Equal(t, first, drive(t, 42))
	require.NotEqual(t, first, drive(t, 43))
	require.Contains(t, first, "Date: Tue, 06 Jan 2026 19:50:58 GMT")
	require.NotContains(t, first, time.Now().UTC().Format("2006-01-02"), "no wall-clock time anywhere")
}
