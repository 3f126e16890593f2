package conformance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/credkit/credkit/internal/secretname"
)

// maxReceived bounds the part of a received string a problem quotes.
const maxReceived = 64

// redactedValue stands for a received value that may be a secret.
const redactedValue = "[REDACTED]"

// received renders the value a problem is about, for its message: a
// string quoted and cut to maxReceived bytes, a number, boolean or null
// as JSON, an object or an array by its size. A value whose field is
// named like a credential, or whose schema is a password or write-only,
// is [REDACTED].
func received(tokens []string, schema *openapi3.Schema, v any) string {
	if secretPlace(tokens) || schema != nil && (schema.Format == "password" || schema.WriteOnly) {
		return redacted
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(cutBytes(x, maxReceived))
	case map[string]any:
		return fmt.Sprintf("an object of %d %s", len(x), pluralWord(len(x), "property", "properties"))
	case []any:
		return fmt.Sprintf("an array of %d %s", len(x), pluralWord(len(x), "item", "items"))
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("a %T", v)
	}
	return cutBytes(string(data), maxReceived)
}

// secretPlace reports whether a value at these pointer tokens may be a
// credential: its own name says so, or an enclosing field is one of the
// credential names the recorder redacts.
func secretPlace(tokens []string) bool {
	for _, t := range tokens {
		if secretname.Is(t) {
			return true
		}
	}
	return len(tokens) > 0 && secretField(tokens[len(tokens)-1])
}

// secretField reports whether a field's name suggests a secret: beyond
// the recorder's exact names, any spelling of secret, password, token,
// assertion, private or API key, and the private members of a JSON Web
// Key.
func secretField(name string) bool {
	switch name {
	case "d", "p", "q", "dp", "dq", "qi", "k", "key":
		return true
	}
	lower := strings.ToLower(name)
	for _, word := range []string{"secret", "password", "passcode", "token", "assertion", "private", "apikey", "api_key", "api-key"} {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}

// allowedValues lists the first values of an enum, each rendered as
// received renders a value, and how many more there are.
func allowedValues(enum []any) string {
	const shown = 5
	parts := make([]string, 0, min(len(enum), shown+1))
	for i, v := range enum {
		if i == shown {
			parts = append(parts, fmt.Sprintf("… %d more", len(enum)-shown))
			break
		}
		if s, ok := v.(string); ok {
			parts = append(parts, cutBytes(s, 40))
			continue
		}
		parts = append(parts, received(nil, nil, v))
	}
	return strings.Join(parts, ", ")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// cut shortens s to at most n bytes, on a rune boundary, marking the cut
// with "…".
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
