package secretname

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNames(t *testing.T) {
	names := Names()
	require.IsIncreasing(t, names)
	for _, n := range names {
		require.True(t, Is(n), n)
	}
	require.Contains(t, names, "client_secret")
}

func TestIs(t *testing.T) {
	cases := []struct {
		name string
		want bool
	}{
		{"client_secret", true},
		{"clientSecret", true},
		{"newClientSecret", true},
		{"secret", true},
		{"access_token", true},
		{"refresh_token", true}, // CSP's deprecated ?refresh_token=
		{"id_token", true},
		{"api_token", true},
		{"client_assertion", true},
		{"passcode", true},
		{"password", true},
		{"client_id", false},
		{"grant_type", false},
		{"token_type", false},
		{"secretHash", false},
		{"ClientSecret", false},
		{"", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, Is(c.name))
		})
	}
}
