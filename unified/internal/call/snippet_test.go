package call

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSnippet(t *testing.T) {
	cases := map[string]string{
		`{"client_secret":"abc","id":"1"}`:       `"{\"client_secret\":\"[REDACTED]\",\"id\":\"1\"}"`,
		`{"access_token": "eyJ\"x", "n": 1}`:     `"{\"access_token\": \"[REDACTED]\", \"n\": 1}"`,
		`{"secret":"unterminated`:                `"{\"secret\":\"[REDACTED]\""`,
		`grant_type=x&client_secret=hunter2&a=b`: `"grant_type=x&client_secret=[REDACTED]&a=b"`,
		strings.Repeat("é", 100):                 `"` + strings.Repeat("é", 60) + `"…`,
		"<html>Bad Gateway</html>":               `"<html>Bad Gateway</html>"`,
		// Every name of internal/secretname, in JSON and in forms.
		`{"passcode":"123456","clientSecret":"x"}`: `"{\"passcode\":\"[REDACTED]\",\"clientSecret\":\"[REDACTED]\"}"`,
		`<form>client_secret=s3cr3t</form>`:        `"<form>client_secret=[REDACTED]"`,
		`a=1&secret=s3cr3t&not_a_secret=visible`:   `"a=1&secret=[REDACTED]&not_a_secret=visible"`,
	}
	for in, want := range cases {
		require.Equal(t, want, Snippet([]byte(in)), in)
	}
}
