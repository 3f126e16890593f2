package specdrift

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseKeysAndExplain(t *testing.T) {
	errata := "# Errata\n\n| `okta * not a drift key` | other tables do not count |\n\n" + DriftHeading + "\n\n| key | why |\n|---|---|\n" +
		"| `okta * 500 # only credkit documents this status` | O7 |\n" +
		"| `auth0 GET /clients/{} 200 #/app_type enum value *: only credkit has it` | A13 |\n" +
		"| `auth0 nothing matches this` | stale |\n\n## Next\n\n| `okta *` | after the section |\n"
	keys, err := ParseKeys(strings.NewReader(errata))
	require.NoError(t, err)
	require.Len(t, keys, 3)
	require.Equal(t, 9, keys[0].Line)
	diffs := []Difference{
		{Key: "okta GET /api/v1/apps/{}/tokens 500 # only credkit documents this status"},
		{Key: "auth0 GET /clients/{} 200 #/app_type enum value express_configuration: only credkit has it"},
		{Key: "auth0 GET /clients/{} 200 #/app_type enum value rms: only upstream has it"},
	}
	explained, unused := Explain(diffs, keys)
	require.Equal(t, &keys[0], explained[0].By)
	require.Equal(t, &keys[1], explained[1].By)
	require.Nil(t, explained[2].By, "a key explains only what it names")
	require.Equal(t, []Key{keys[2]}, unused)
}

func TestParseKeysRefuses(t *testing.T) {
	tests := []struct{ name, errata, err string }{
		{"no section", "# Errata\n| `okta *` | x |\n", "no \"## Drift"},
		{"an open backquote", DriftHeading + "\n| `okta * | x |\n", "does not close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseKeys(strings.NewReader(tt.errata))
			require.ErrorContains(t, err, tt.err)
		})
	}
}
