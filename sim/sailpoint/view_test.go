package sailpoint

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestMillis(t *testing.T) {
	at := time.Date(2026, 1, 6, 19, 50, 58, 123456789, time.FixedZone("X", 3600))
	require.Equal(t, `"2026-01-06T18:50:58.123Z"`, encode(t, millis(at)))
	require.Equal(t, `"2026-01-06T18:50:58.000Z"`, encode(t, millis(at.Truncate(time.Second))))
}

func TestViews(t *testing.T) {
	used := time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC)
	c := ClientState{ID: "i", Name: "n", AccessTokenValiditySeconds: 1, RefreshTokenValiditySeconds: 2,
		GrantTypes: []string{grantClientCredentials}, AccessType: "ONLINE", Type: "PUBLIC",
		Scope: []string{scopeAll}, Created: used, Modified: used}
	require.JSONEq(t, `{"id":"i","businessName":null,"homepageUrl":null,"name":"n","description":null,
		"accessTokenValiditySeconds":1,"refreshTokenValiditySeconds":2,"redirectUris":null,
		"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"ONLINE","type":"PUBLIC","internal":false,
		"enabled":false,"strongAuthSupported":false,"claimsSupported":false,
		"created":"2026-01-07T00:00:00.000Z","modified":"2026-01-07T00:00:00.000Z",
		"secret":null,"metadata":null,"lastUsed":null,"scope":["sp:scopes:all"]}`, encode(t, newGetView(c)))

	c.LastUsed = &used
	require.Contains(t, encode(t, newGetView(c)), `"lastUsed":"2026-01-07T00:00:00.000Z"`)

	require.JSONEq(t, `{"id":"i","secret":"s","name":"n",
		"accessTokenValiditySeconds":1,"refreshTokenValiditySeconds":2,
		"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"ONLINE","type":"PUBLIC","internal":false,
		"enabled":false,"strongAuthSupported":false,"claimsSupported":false,
		"created":"2026-01-07T00:00:00.000Z","modified":"2026-01-07T00:00:00.000Z",
		"scope":["sp:scopes:all"]}`, encode(t, newCreateView(c, "s")), "the create answer leaves nulls out")
}
