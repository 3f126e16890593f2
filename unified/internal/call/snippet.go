package call

import (
	"regexp"
	"strconv"
	"unicode/utf8"
)

// snippetLen is how much of an undecodable body an error quotes.
const snippetLen = 120

var (
	jsonSecret = regexp.MustCompile(`("(?:client_secret|clientSecret|secret|newClientSecret|access_token|refresh_token|id_token|api_token|password)"\s*:\s*)"(?:[^"\\]|\\.)*("?)`)
	formSecret = regexp.MustCompile(`((?:client_secret|api_token|refresh_token|access_token|client_assertion|password)=)[^&\s]*`)
)

// Snippet quotes the start of a body for an error message, with any secret
// value it holds replaced, so that a vendor's broken answer can be
// diagnosed without leaking what it carried.
func Snippet(body []byte) string {
	s := string(body)
	s = jsonSecret.ReplaceAllString(s, `$1"[REDACTED]"`)
	s = formSecret.ReplaceAllString(s, `$1[REDACTED]`)
	cut := false
	if len(s) > snippetLen {
		s, cut = s[:snippetLen], true
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	q := strconv.Quote(s)
	if cut {
		q += "…"
	}
	return q
}
