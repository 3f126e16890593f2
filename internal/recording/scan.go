package recording

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// livePatterns are shapes that betray a credential or a live host that
// redaction should have removed.
var livePatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"SSWS token", regexp.MustCompile(`SSWS ([A-Za-z0-9_-]{20,})`)},
	{"bearer token", regexp.MustCompile(`Bearer ([A-Za-z0-9._~+/-]{20,})`)},
	{"basic credentials", regexp.MustCompile(`Basic ([A-Za-z0-9+/=]{8,})`)},
	{"JSON secret field", regexp.MustCompile(`"(?:client_secret|clientSecret|secret|newClientSecret|access_token|refresh_token|id_token|api_token)"\s*:\s*"([^"]{8,})"`)},
	{"form secret field", regexp.MustCompile(`(?:client_secret|api_token|refresh_token|client_assertion)=([^&\s']{8,})`)},
	{"private key", regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)},
	{"private JSON Web Key member", regexp.MustCompile(`"(?:d|p|q|dp|dq|qi)"\s*:\s*"([A-Za-z0-9_-]{40,})"`)},
	{"loopback host", regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):[0-9]+`)},
}

// secretHeader is the YAML key of a recorded header whose whole value is a
// credential; the value follows on the next line as a list item.
var secretHeader = regexp.MustCompile(`^\s*(?i:csp-auth-token|x-api-key|cookie|set-cookie):\s*$`)

// headerValue is a YAML list item holding one header value.
var headerValue = regexp.MustCompile(`^\s*- (.*)$`)

// Finding is one suspicious match in a cassette.
type Finding struct {
	File, Pattern string
	Line          int
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: looks like a live %s", f.File, f.Line, f.Pattern)
}

// Scan walks dir for cassettes and reports every line that still looks
// live. It never returns the matched text itself.
func Scan(dir string) ([]Finding, error) {
	var out []Finding
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		inSecretHeader := false
		for n, line := range strings.Split(string(data), "\n") {
			for _, p := range livePatterns {
				if looksLive(p.re, line) {
					out = append(out, Finding{File: path, Pattern: p.name, Line: n + 1})
				}
			}
			if inSecretHeader {
				if looksLive(headerValue, line) {
					out = append(out, Finding{File: path, Pattern: "credential header", Line: n + 1})
				}
				inSecretHeader = headerValue.MatchString(line)
			}
			inSecretHeader = inSecretHeader || secretHeader.MatchString(line)
		}
		return nil
	})
	return out, err
}

// looksLive reports a match of re in line whose captured value, if the
// pattern captures one, is not a redaction placeholder.
func looksLive(re *regexp.Regexp, line string) bool {
	for _, m := range re.FindAllStringSubmatch(line, -1) {
		if len(m) < 2 || !placeholder(m[1]) {
			return true
		}
	}
	return false
}

// placeholder reports whether v is a redaction placeholder: credkit's
// (REDACTED...), or the two that go-auth0's recorder writes into the real
// Auth0 recordings of cassettes/auth0/realworld.
func placeholder(v string) bool {
	return strings.HasPrefix(v, "REDACTED") || v == "[REDACTED]" || v == "[ROTATED-REDACTED]"
}
