package recording

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCassettesHoldNothingLive scans every committed cassette.
func TestCassettesHoldNothingLive(t *testing.T) {
	findings, err := Scan(filepath.Join("..", "..", "cassettes"))
	require.NoError(t, err)
	require.Empty(t, findings, "redaction missed something; re-record with make cassettes")
}

func TestScanFindsLiveLooking(t *testing.T) {
	cases := map[string]struct {
		line  string
		found bool
	}{
		"okta api token":     {`      - SSWS 00aBcDeFgHiJkLmNoPqRsTuVwXyZ012345`, true},
		"redacted token":     {`      - SSWS REDACTED`, false},
		"bearer jwt":         {`      - Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`, true},
		"basic":              {`      - Basic Y2xpZW50OnNlY3JldA==`, true},
		"redacted basic":     {`      - Basic REDACTED`, false},
		"json secret":        {`body: '{"client_secret":"aS3cr3tValueThatIsLong"}'`, true},
		"json placeholder":   {`body: '{"client_secret":"REDACTED-0001-credkit-Placeholder"}'`, false},
		"go-auth0 redacted":  {`body: '{"client_secret":"[REDACTED]"}'`, false},
		"go-auth0 rotated":   {`body: '{"client_secret":"[ROTATED-REDACTED]"}'`, false},
		"bracketed secret":   {`body: '{"client_secret":"[aS3cr3tValueThatIsLong]"}'`, true},
		"form secret":        {`body: grant_type=client_credentials&client_secret=hunter2hunter2`, true},
		"private key":        {`-----BEGIN RSA PRIVATE KEY-----`, true},
		"loopback":           {`url: http://127.0.0.1:41234/api/v1/apps`, true},
		"placeholder host":   {`url: https://okta.example.test/api/v1/apps`, false},
		"short non-secret":   {`"secret":null`, false},
		"secret starting R":  {`"clientSecret":"Rk9vYmFyQmF6UXV4"`, true},
		"secret hash is not": {`"secret_hash":"yk4SVx4sUWVJVbHt6M-UPA"`, false},
		"private jwk member": {`body: '{"keys":[{"d":"` + strings.Repeat("Xk3_", 16) + `","kty":"RSA"}]}'`, true},
		"public jwk members": {`body: '{"keys":[{"e":"AQAB","kty":"RSA","n":"` + strings.Repeat("Xk3_", 16) + `"}]}'`, false},
		"redacted jwk":       {`body: '{"keys":[{"d":"REDACTED-0001-credkit-Placeholder","kty":"RSA"}]}'`, false},
		"csp auth token":     {"    Csp-Auth-Token:\n        - eyJhbGciOiJSUzI1NiJ9.e30.c2ln", true},
		"redacted csp token": {"    Csp-Auth-Token:\n        - REDACTED", false},
		"cookie":             {"    Set-Cookie:\n        - sid=102ab3; Path=/", true},
		"other header":       {"    Content-Type:\n        - application/json", false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte("x\n"+c.line+"\n"), 0o600))
			findings, err := Scan(dir)
			require.NoError(t, err)
			if c.found {
				require.Len(t, findings, 1)
				require.Equal(t, 2+strings.Count(c.line, "\n"), findings[0].Line)
				require.NotContains(t, findings[0].String(), c.line, "a finding never repeats the secret")
			} else {
				require.Empty(t, findings)
			}
		})
	}
}
