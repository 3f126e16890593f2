package sailpoint

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSetField(t *testing.T) {
	tests := []struct {
		field, value string
		wantErr      string
		check        func(t *testing.T, c ClientState)
	}{
		{"description", `null`, "", func(t *testing.T, c ClientState) { require.Nil(t, c.Description) }},
		{"description", `"d"`, "", func(t *testing.T, c ClientState) { require.Equal(t, "d", *c.Description) }},
		{"name", `null`, `Field "name" must not be null.`, nil},
		{"name", `""`, `Field "name" must not be empty.`, nil},
		{"accessTokenValiditySeconds", `2147483647`, "", func(t *testing.T, c ClientState) { require.Equal(t, int32(2147483647), c.AccessTokenValiditySeconds) }},
		{"accessTokenValiditySeconds", `-1`, `Field "accessTokenValiditySeconds" must be a positive integer (int32).`, nil},
		{"refreshTokenValiditySeconds", `true`, `Field "refreshTokenValiditySeconds" must be a positive integer (int32).`, nil},
		{"redirectUris", `null`, "", func(t *testing.T, c ClientState) { require.Nil(t, c.RedirectURIs) }},
		{"redirectUris", `"http://x"`, `Field "redirectUris" must be an array of strings.`, nil},
		{"grantTypes", `["REFRESH_TOKEN"]`, "", func(t *testing.T, c ClientState) { require.Equal(t, []string{"REFRESH_TOKEN"}, c.GrantTypes) }},
		{"grantTypes", `null`, `Field "grantTypes" must not be null.`, nil},
		{"accessType", `"ONLINE"`, "", func(t *testing.T, c ClientState) { require.Equal(t, "ONLINE", c.AccessType) }},
		{"accessType", `"online"`, `Field "accessType" must be one of ONLINE, OFFLINE.`, nil},
		{"type", `"PUBLIC"`, "", func(t *testing.T, c ClientState) { require.Equal(t, "PUBLIC", c.Type) }},
		{"internal", `1`, `Field "internal" must be a boolean.`, nil},
		{"claimsSupported", `true`, "", func(t *testing.T, c ClientState) { require.True(t, c.ClaimsSupported) }},
		{"tenant", `"t"`, "", func(t *testing.T, c ClientState) { require.Equal(t, "t", *c.Tenant) }},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.value, func(t *testing.T) {
			f, ok := fieldNamed(tt.field)
			require.True(t, ok)
			var c ClientState
			err := setField(&c, f, decode(t, tt.value))
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			tt.check(t, c)
		})
	}
	_, ok := fieldNamed("secret")
	require.False(t, ok)
}

func TestPatchableFields(t *testing.T) {
	var patchable []string
	for _, f := range fields {
		if f.patchable {
			patchable = append(patchable, f.name)
		}
	}
	require.ElementsMatch(t, []string{"tenant", "businessName", "homepageUrl", "name", "description",
		"accessTokenValiditySeconds", "refreshTokenValiditySeconds", "redirectUris", "grantTypes",
		"accessType", "enabled", "strongAuthSupported", "claimsSupported"}, patchable, "the documented patchable fields")
}

func TestCheckClient(t *testing.T) {
	tests := []struct {
		name    string
		c       ClientState
		wantErr bool
	}{
		{"client credentials", ClientState{GrantTypes: []string{grantClientCredentials}}, false},
		{"no grant", ClientState{}, true},
		{"code without redirect", ClientState{GrantTypes: []string{"AUTHORIZATION_CODE"}}, true},
		{"code with redirect", ClientState{GrantTypes: []string{"AUTHORIZATION_CODE"}, RedirectURIs: []string{"http://x"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.wantErr, checkClient(&tt.c) != nil)
		})
	}
}
