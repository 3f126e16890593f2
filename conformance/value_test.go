package conformance

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func TestReceived(t *testing.T) {
	tests := []struct {
		name   string
		tokens []string
		schema *openapi3.Schema
		value  any
		want   string
	}{
		{"a string", []string{"status"}, nil, "ACTVE", `"ACTVE"`},
		{"a long string", nil, nil, strings.Repeat("é", 100), `"` + strings.Repeat("é", 32) + `…"`},
		{"a number", nil, nil, 7.5, "7.5"},
		{"null", nil, nil, nil, "null"},
		{"a boolean", nil, nil, true, "true"},
		{"an object", nil, nil, map[string]any{"a": 1}, "an object of 1 property"},
		{"an array", nil, nil, []any{1, 2}, "an array of 2 items"},
		{"a credential name", []string{"body", "client_secret"}, nil, "x", redacted},
		{"inside a credential name", []string{"body", "client_secret", "0"}, nil, "x", redacted},
		{"a token of any spelling", []string{"sessionToken"}, nil, "x", redacted},
		{"a JWK private member", []string{"keys", "0", "d"}, nil, "x", redacted},
		{"a password schema", []string{"pin"}, &openapi3.Schema{Format: "password"}, "x", redacted},
		{"a write-only schema", []string{"x"}, &openapi3.Schema{WriteOnly: true}, "x", redacted},
		{"a credentials object is not itself secret", []string{"credentials", "0", "status"}, nil, "x", `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, received(tt.tokens, tt.schema, tt.value))
		})
	}
}

func TestAllowedValues(t *testing.T) {
	require.Equal(t, "A, B", allowedValues([]any{"A", "B"}))
	require.Equal(t, "1, 2, 3, 4, 5, … 132 more", allowedValues(make137()))
	require.Equal(t, strings.Repeat("x", 40)+"…", allowedValues([]any{strings.Repeat("x", 99)}))
}

func make137() []any {
	out := make([]any, 137)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

func TestCutBytes(t *testing.T) {
	require.Equal(t, "abc", cutBytes("abc", 3))
	require.Equal(t, "ab…", cutBytes("abc", 2))
	require.Equal(t, "…", cutBytes("é", 1), "never half a rune")
}
