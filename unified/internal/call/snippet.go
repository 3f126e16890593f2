package call

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/credkit/credkit/internal/secretname"
)

// snippetLen is how much of an undecodable body an error quotes.
const snippetLen = 120

// jsonSecret and formSecret find the values of credential fields
// (internal/secretname, the recorder's list) in a body that may not parse.
var (
	jsonSecret = regexp.MustCompile(`("(?:` + secretNames + `)"\s*:\s*)"(?:[^"\\]|\\.)*("?)`)
	formSecret = regexp.MustCompile(`(\b(?:` + secretNames + `)=)[^&\s]*`)
)

var secretNames = func() string {
	quoted := secretname.Names()
	for i, n := range quoted {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(quoted, "|")
}()

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
