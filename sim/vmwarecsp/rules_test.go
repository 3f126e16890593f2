package vmwarecsp

import (
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

func TestCheckSecret(t *testing.T) {
	tests := []struct {
		secret string
		ok     bool
	}{
		{"N3w-Secret!", true},
		{"Aa1!Aa1!", true},
		{"Aa1~bbbb", true},
		{"Aa1`bbbb", true},
		{"Aa1'bbbb", true},
		{"Aa1 bbbb", false}, // a space is not a special character
		{"Aa1!bbb", false},  // 7 characters
		{"aa1!bbbb", false},
		{"AA1!BBBB", false},
		{"Aab!bbbb", false},
		{"Aa1bbbbb", false},
		{"Ää1!bbbb", false}, // non-ASCII letters are not letters of the rule
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.secret, func(t *testing.T) {
			err := checkSecret("newClientSecret", tt.secret)
			require.Equal(t, tt.ok, err == nil, err)
		})
	}
}

func TestEverySpecialCharacterCounts(t *testing.T) {
	for _, c := range secretSpecials {
		require.Nil(t, checkSecret("s", "Abcdef1"+string(c)), string(c))
	}
}

func TestGeneratedSecretsPassTheRule(t *testing.T) {
	s := New(&Options{Seed: 42})
	for range 2000 {
		v := s.newSecret()
		require.Nil(t, checkSecret("secret", v), v)
	}
}

func TestClientIDPattern(t *testing.T) {
	for id, ok := range map[string]bool{"abc": true, "A_b-9": true, "": false, "a b": false, "a.b": false, "a/b": false, "é": false} {
		require.Equal(t, ok, clientIDPattern.MatchString(id), id)
	}
	s := New(nil)
	for range 100 {
		require.Regexp(t, clientIDPattern, s.ids.Next("", 24))
	}
}

func TestCheckGrantTypes(t *testing.T) {
	tests := []struct {
		name string
		gts  []api.GrantType
		ok   bool
	}{
		{"customer grants", []api.GrantType{api.GrantTypeAuthorizationCode, api.GrantTypeRefreshToken, api.GrantTypeClientCredentials}, true},
		{"none", nil, false},
		{"unknown", []api.GrantType{"implicit"}, false},
		{"audience_exchange", []api.GrantType{api.GrantTypeAudienceExchange}, false},
		{"client_delegate", []api.GrantType{api.GrantTypeClientDelegate}, false},
		{"context_switch", []api.GrantType{api.GrantTypeContextSwitch}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.ok, checkGrantTypes(tt.gts) == nil)
		})
	}
}

func TestCheckApp(t *testing.T) {
	valid := func() api.OrgOAuthAppResponse {
		s := New(nil)
		req := api.OrgOAuthAppRequest{DisplayName: "n", GrantTypes: []api.GrantType{api.GrantTypeClientCredentials}}
		return s.newApp("id", "", "me", sim.Epoch, &req).info
	}
	tests := []struct {
		name   string
		change func(*api.OrgOAuthAppResponse)
		ok     bool
	}{
		{"defaults", func(*api.OrgOAuthAppResponse) {}, true},
		{"blank name", func(i *api.OrgOAuthAppResponse) { i.DisplayName = ptr("\t") }, false},
		{"negative access TTL", func(i *api.OrgOAuthAppResponse) { i.AccessTokenTTL = ptr(int32(-1)) }, false},
		{"refresh TTL below access TTL", func(i *api.OrgOAuthAppResponse) { i.RefreshTokenTTL = ptr(int32(60)) }, false},
		{"open redirects alone", func(i *api.OrgOAuthAppResponse) { i.AllowOpenRedirectUris = ptr(true) }, true},
		{"open redirects with URIs", func(i *api.OrgOAuthAppResponse) {
			i.AllowOpenRedirectUris, i.RedirectUris = ptr(true), &[]string{"https://x.example.test"}
		}, false},
		{"negative window", func(i *api.OrgOAuthAppResponse) { i.SecretRotationExpirationInSeconds = ptr(int32(-5)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := valid()
			tt.change(&info)
			require.Equal(t, tt.ok, checkApp(&info) == nil)
		})
	}
}
