package conformance

import (
	"regexp"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
)

// regexMatchTimeout bounds one match of a pattern that only the
// backtracking engine compiles: a value a server controls must not make a
// check run for ever. A match that times out counts as a match: the
// pattern is not checked on that value, rather than failed.
const regexMatchTimeout = 250 * time.Millisecond

// compilePattern is the regex compiler given to kin-openapi, for the
// "pattern" of every schema. JSON Schema patterns are ECMA-262 regular
// expressions; Go's RE2 compiles most of them and matches in linear time,
// so it is tried first. What RE2 refuses (lookahead, lookbehind,
// backreferences, repeat counts above 1000) goes to regexp2, a
// backtracking engine with ECMAScript semantics. A pattern neither
// compiles is skipped: it matches every value, and LoadSpec warns about
// it once.
func compilePattern(expr string) (openapi3.RegexMatcher, error) {
	m, _ := compileAny(expr)
	return m, nil
}

// compileAny compiles expr with the first engine that takes it; err is
// the last engine's refusal when none does, and the matcher then matches
// everything.
func compileAny(expr string) (openapi3.RegexMatcher, error) {
	if re, err := regexp.Compile(goPattern(expr)); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(expr, regexp2.ECMAScript)
	if err != nil {
		re, err = regexp2.Compile(expr, regexp2.None)
	}
	if err != nil {
		return matchAll{}, err
	}
	re.MatchTimeout = regexMatchTimeout
	return backtracking{re}, nil
}

// goPattern rewrites the \uXXXX escapes of ECMA-262 into RE2's \x{XXXX},
// as kin-openapi does for its own compiler.
func goPattern(expr string) string {
	return unicodeEscape.ReplaceAllString(expr, `\x{$1}`)
}

var unicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// backtracking adapts a regexp2 pattern to kin-openapi's matcher.
type backtracking struct{ re *regexp2.Regexp }

func (b backtracking) MatchString(s string) bool {
	ok, err := b.re.MatchString(s)
	return ok || err != nil // a timeout is "not checked", never a failure
}

// matchAll is the matcher of a pattern no engine compiles.
type matchAll struct{}

func (matchAll) MatchString(string) bool { return true }

// patternProblem says why no engine compiles expr, or "" when one does.
func patternProblem(expr string) string {
	if _, err := compileAny(expr); err != nil {
		return "no engine compiles this pattern (" + cutBytes(err.Error(), 120) + "): values are not checked against it"
	}
	return ""
}
