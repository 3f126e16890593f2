package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRedactURL(t *testing.T) {
	const tok = "tok-7f3a9c"
	tests := []struct{ name, in, want string }{
		{"no query", "https://h/v1/things", "https://h/v1/things"},
		{"CSP's refresh_token", "https://h/am/api/auth/api-tokens/authorize?refresh_token=" + tok, "https://h/am/api/auth/api-tokens/authorize?refresh_token=REDACTED"},
		{"others kept as recorded", "https://h/v1/things?limit=2&client_secret=" + tok + "&after=a%20b", "https://h/v1/things?limit=2&client_secret=REDACTED&after=a%20b"},
		{"every secret name, repeated", "https://h/x?api_token=" + tok + "&access_token=" + tok + "&api_token=" + tok, "https://h/x?api_token=REDACTED&access_token=REDACTED&api_token=REDACTED"},
		{"escaped name", "https://h/x?refresh%5Ftoken=" + tok, "https://h/x?refresh%5Ftoken=REDACTED"},
		{"upper case name", "https://h/x?Client_Secret=" + tok, "https://h/x?Client_Secret=REDACTED"},
		{"semicolon separator", "https://h/x?a=1;password=" + tok, "https://h/x?a=1;password=REDACTED"},
		{"a parameter inside a value", "https://h/x?next=/y?api_token=" + tok, "https://h/x?next=/y?api_token=REDACTED"},
		{"empty value", "https://h/x?secret=", "https://h/x?secret=REDACTED"},
		{"a name alone", "https://h/x?secret&limit=1", "https://h/x?secret&limit=1"},
		{"fragment", "https://h/cb#access_token=" + tok + "&state=s", "https://h/cb#access_token=REDACTED&state=s"},
		{"query and fragment", "https://h/cb?id_token=" + tok + "#x?passcode=" + tok, "https://h/cb?id_token=REDACTED#x?passcode=REDACTED"},
		{"unparsable URL", "%zz?client_secret=" + tok, "%zz?client_secret=REDACTED"},
		{"not a secret name", "https://h/x?client_id=c&grant_type=g&token_type=bearer&keyId=k&limit=5&after=x&errorCode=E1",
			"https://h/x?client_id=c&grant_type=g&token_type=bearer&keyId=k&limit=5&after=x&errorCode=E1"},
		{"userinfo with password", "https://alice:" + tok + "@h/x", "https://REDACTED@h/x"},
		{"userinfo, user only", "https://" + tok + "@h/x?limit=1", "https://REDACTED@h/x?limit=1"},
		{"userinfo holding @", "https://a@b:" + tok + "@h/x", "https://REDACTED@h/x"},
		{"userinfo without a path", "https://u:" + tok + "@h", "https://REDACTED@h"},
		{"@ in the path is no userinfo", "https://h/users/a@b.c", "https://h/users/a@b.c"},
		{"@ in the query is no userinfo", "https://h/x?email=a@b.c", "https://h/x?email=a@b.c"},
		{"scheme-relative userinfo", "//u:" + tok + "@h/x", "//REDACTED@h/x"},
		{"jsessionid matrix parameter", "https://h/app;jsessionid=" + tok + "/x", "https://h/app;jsessionid=REDACTED/x"},
		{"matrix parameters of several segments", "https://h/a;v=1;token=" + tok + "/b;sid=" + tok, "https://h/a;v=1;token=REDACTED/b;sid=REDACTED"},
		{"a matrix parameter that is no secret", "https://h/a;v=1/b", "https://h/a;v=1/b"},
		{"everything at once", "https://u:p@h/a;jsessionid=" + tok + "?code=" + tok + "#id_token=" + tok,
			"https://REDACTED@h/a;jsessionid=REDACTED?code=REDACTED#id_token=REDACTED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, redactURL(tt.in))
			require.Equal(t, tt.want, redactURL(tt.want), "redacting twice changes nothing")
		})
	}
}

// TestSecretParam: the names of the issue and of common APIs (OAuth, AWS,
// Google, Azure, Okta, Java servlets) are redacted, the secretless ones
// are not.
func TestSecretParam(t *testing.T) {
	secret := []string{
		"token", "api_key", "apiKey", "accessToken", "apiToken", "sessionToken", "code", "ClientSecret",
		"assertion", "private_key", "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Credential", "jwt", "pwd", "otp",
		"jsessionid", "PHPSESSID", "password", "passwd", "passphrase", "client_secret", "client_assertion", "refresh_token",
		"id_token", "access_token", "SAMLResponse", "sig", "X-Goog-Signature", "key", "x-api-key", "subscription-key",
		"auth", "Authorization", "totp", "pin", "device_code", "user_code", "oauth_verifier", "sid", "ticket",
		"session", "session_id", "apikey", "secretHash", "hmac", "credentials", "refresh%5Ftoken", "CLIENT_SECRET",
	}
	for _, name := range secret {
		require.True(t, secretParam(name), name)
	}
	plain := []string{
		"client_id", "grant_type", "token_type", "token_type_hint", "scope", "state", "redirect_uri", "response_type",
		"limit", "after", "q", "filter", "keyId", "kid", "expires_in", "errorCode", "status", "id", "name", "count", "",
		"sortBy", "offset", "search", "type", "orgId",
	}
	for _, name := range plain {
		require.False(t, secretParam(name), name)
	}
}

// FuzzRedactURL: redaction never lets a secret value of a secret name
// through, never panics and is idempotent.
func FuzzRedactURL(f *testing.F) {
	for _, seed := range []string{"https://u:p@h/a;jsessionid=s?code=c#token=t", "%zz?x=1&secret=2", "//@/;;??##=="} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		once := redactURL(raw)
		require.Equal(t, once, redactURL(once))
		if !strings.ContainsAny(raw, "@;?#&/") {
			require.Equal(t, raw, once)
		}
	})
}
