package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompilePattern(t *testing.T) {
	tests := []struct {
		name, pattern    string
		matches, refuses []string
		problem          bool
	}{
		{"RE2", `^[a-z]+$`, []string{"abc"}, []string{"ab1"}, false},
		{"a \\u escape", `^\u0041+$`, []string{"AA"}, []string{"aa"}, false},
		{"a lookahead", `^(?!00)[0-9]{2}$`, []string{"01", "99"}, []string{"00", "1"}, false},
		{"a lookbehind", `^.*(?<!-)$`, []string{"a"}, []string{"a-"}, false},
		{"a repeat count above RE2's 1000", `^.{1,1024}$`, []string{"x"}, []string{""}, false},
		{"a backreference", `^(a)\1$`, []string{"aa"}, []string{"ab"}, false},
		{"no engine compiles it", `(unclosed`, []string{"anything", ""}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := compilePattern(tt.pattern)
			require.NoError(t, err, "the compiler never fails: a pattern it cannot compile is skipped")
			for _, s := range tt.matches {
				require.True(t, m.MatchString(s), s)
			}
			for _, s := range tt.refuses {
				require.False(t, m.MatchString(s), s)
			}
			require.Equal(t, tt.problem, patternProblem(tt.pattern) != "")
		})
	}
}

func TestCheckingUsesTheECMAScriptEngine(t *testing.T) {
	s, err := LoadSpec("flawed", []byte(flawedSpec))
	require.NoError(t, err)
	c := NewChecker([]*Spec{s}, nil)
	for body, wantPass := range map[string]bool{`{"code":"12"}`: true, `{"code":"00"}`: false, `{"broken":"x"}`: true} {
		res := c.CheckExchange("t", 0, Exchange{Method: "GET", URL: "https://h/a/1", Status: 200,
			ResponseHeader: map[string][]string{"Content-Type": {"application/json"}}, ResponseBody: body})
		require.Equal(t, wantPass, res.Outcome == Pass, "%s: %v", body, res.Problems)
	}
}
